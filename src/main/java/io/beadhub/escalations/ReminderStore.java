package io.beadhub.escalations;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL for re-notifying escalations nobody has looked at: who viewed one, and the reminders due. */
final class ReminderStore {
  private ReminderStore() {
  }

  /** A pending, unviewed escalation whose next reminder is due, locked. */
  record Due(UUID id, UUID projectId, UUID workspaceId, String alias, String subject, int reminders,
             OffsetDateTime createdAt) {
  }

  private static OffsetDateTime at(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  /**
   * The delay before reminder {@code n + 1} (n = reminders sent) is {@code first * 3^n}, at most {@code max}
   * seconds, counted from the last reminder (or the creation).
   */
  private static final String DUE = """
      e.status = 'pending' AND e.viewed_at IS NULL AND e.expires_at > :now
      AND COALESCE(e.reminded_at, e.created_at)
          + make_interval(secs => LEAST(:first * power(3, LEAST(e.reminders, 30)), :max)) <= :now
      """;

  static List<UUID> dueIds(Handle h, Instant now, long first, long max, int limit) {
    return h.createQuery("SELECT e.id FROM server.escalations e WHERE " + DUE
            + " ORDER BY e.created_at, e.id LIMIT :limit")
        .bind("now", at(now)).bind("first", first).bind("max", max).bind("limit", limit)
        .mapTo(UUID.class).list();
  }

  /** The escalation when still due and its workspace live; empty when another replica holds it or it is settled. */
  static Optional<Due> lock(Handle h, UUID id, Instant now, long first, long max) {
    return h.createQuery("""
            SELECT e.id, e.project_id, e.workspace_id, e.alias, e.subject, e.reminders, e.created_at
              FROM server.escalations e
              JOIN server.workspaces w ON w.workspace_id = e.workspace_id AND w.deleted_at IS NULL
             WHERE e.id = :id AND\s""" + DUE + " FOR UPDATE OF e SKIP LOCKED")
        .bind("id", id).bind("now", at(now)).bind("first", first).bind("max", max)
        .map((rs, c) -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
            rs.getString(4), rs.getString(5), rs.getInt(6), rs.getObject(7, OffsetDateTime.class)))
        .findOne();
  }

  static void reminded(Handle h, UUID id, Instant now) {
    h.createUpdate("UPDATE server.escalations SET reminders = reminders + 1, reminded_at = :now WHERE id = :id")
        .bind("id", id).bind("now", at(now)).execute();
  }

  /**
   * The first view of a pending escalation by anyone but the agent that raised it stops its reminders; a
   * no-op (no row written) once viewed.
   */
  static void viewed(Handle h, UUID projectId, UUID id, UUID viewer, Instant now) {
    h.createUpdate("""
            UPDATE server.escalations SET viewed_at = :now
             WHERE id = :id AND project_id = :project AND status = 'pending' AND viewed_at IS NULL
               AND workspace_id IS DISTINCT FROM CAST(:viewer AS uuid)
            """)
        .bind("id", id).bind("project", projectId).bind("viewer", viewer).bind("now", at(now)).execute();
  }
}
