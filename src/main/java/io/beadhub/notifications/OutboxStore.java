package io.beadhub.notifications;

import io.beadhub.db.Batch;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL for server.notification_outbox and the subscriptions it reads (spec 40 §6.4, §7). */
final class OutboxStore {
  /** One intent to write: a pending row for a recipient workspace. */
  record Intent(UUID workspace, String alias, String eventType, String payload) {
  }

  /** A due entry, locked for processing. */
  record Entry(UUID id, UUID projectId, String eventType, String payload, UUID recipientWorkspaceId, int attempts) {
  }

  /** A live recipient workspace whose agent is live: its alias and its project's slug. */
  record Recipient(String alias, String projectSlug) {
  }

  /** What a processing attempt sets; {@code nextAttemptAt} null keeps the current one. */
  record Outcome(String status, int attempts, String lastError, UUID messageId, Instant nextAttemptAt) {
  }

  private OutboxStore() {
  }

  private static OffsetDateTime at(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  /** Adds to {@code b} the read of the live subscribers to these beads of the repo (oldest subscription first). */
  static Batch.Result<Outbox.Subscriber> subscribers(Batch b, UUID project, String repo, String[] beadIds) {
    return b.query("""
        SELECT s.workspace_id, w.alias, s.bead_id, s.event_types
          FROM server.subscriptions s
          JOIN server.workspaces w ON w.workspace_id = s.workspace_id AND w.deleted_at IS NULL
         WHERE s.project_id = :p AND s.bead_id = ANY(:ids) AND (s.repo IS NULL OR s.repo = :r)
         ORDER BY s.created_at
        """, q -> q.bind("p", project).bind("r", repo).bind("ids", beadIds),
        (rs, c) -> new Outbox.Subscriber(rs.getObject("workspace_id", UUID.class), rs.getString("alias"),
            rs.getString("bead_id"), Set.of((String[]) rs.getArray("event_types").getArray())));
  }

  /** Pending rows for the intents, due at once, in one statement. */
  static void insertPending(Handle h, UUID project, List<Intent> intents, Instant now) {
    h.createUpdate("""
        INSERT INTO server.notification_outbox (project_id, event_type, payload, recipient_workspace_id,
                                                recipient_alias, status, attempts, next_attempt_at, created_at)
        SELECT :p, t.type, CAST(t.payload AS jsonb), t.ws, t.alias, 'pending', 0, :now, :now
          FROM unnest(CAST(:ws AS uuid[]), CAST(:aliases AS text[]), CAST(:types AS text[]),
                      CAST(:payloads AS text[])) AS t(ws, alias, type, payload)
        """).bind("p", project).bind("now", at(now))
        .bind("ws", intents.stream().map(Intent::workspace).toArray(UUID[]::new))
        .bind("aliases", intents.stream().map(Intent::alias).toArray(String[]::new))
        .bind("types", intents.stream().map(Intent::eventType).toArray(String[]::new))
        .bind("payloads", intents.stream().map(Intent::payload).toArray(String[]::new))
        .execute();
  }

  /** Ids of entries due at {@code now} (of one project, or of all when null), oldest first (idx_outbox_due). */
  static List<UUID> due(Handle h, UUID project, Instant now, int max) {
    return h.createQuery("""
        SELECT id FROM server.notification_outbox
         WHERE status IN ('pending', 'failed') AND next_attempt_at <= :now
           AND (CAST(:p AS uuid) IS NULL OR project_id = :p)
         ORDER BY created_at, id LIMIT :max
        """).bind("now", at(now)).bind("p", project).bind("max", max).mapTo(UUID.class).list();
  }

  /** The entry, locked, unless another processor holds it or it was processed meanwhile. */
  static Optional<Entry> lockUnprocessed(Handle h, UUID id) {
    return h.createQuery("""
        SELECT id, project_id, event_type, payload::text AS payload, recipient_workspace_id, attempts
          FROM server.notification_outbox
         WHERE id = :id AND status IN ('pending', 'failed')
           FOR UPDATE SKIP LOCKED
        """).bind("id", id)
        .map((rs, c) -> new Entry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
            rs.getString(4), rs.getObject(5, UUID.class), rs.getInt(6)))
        .findOne();
  }

  static Optional<Recipient> recipient(Handle h, UUID project, UUID workspace) {
    return h.createQuery("""
        SELECT w.alias, p.slug FROM server.workspaces w
          JOIN aweb.agents a ON a.agent_id = w.workspace_id AND a.deleted_at IS NULL
          JOIN server.projects p ON p.id = w.project_id
         WHERE w.workspace_id = :ws AND w.project_id = :p AND w.deleted_at IS NULL
        """).bind("ws", workspace).bind("p", project)
        .map((rs, c) -> new Recipient(rs.getString(1), rs.getString(2))).findOne();
  }

  /** Records an attempt's outcome; a completed entry is stamped processed at {@code now}. */
  static void finish(Handle h, UUID id, Outcome o, Instant now) {
    h.createUpdate("""
        UPDATE server.notification_outbox
           SET status = :status, attempts = :attempts, last_error = :lastError, message_id = :messageId,
               processed_at = CASE WHEN :status = 'completed' THEN CAST(:now AS timestamptz) ELSE processed_at END,
               next_attempt_at = COALESCE(CAST(:next AS timestamptz), next_attempt_at)
         WHERE id = :id
        """).bind("status", o.status()).bind("attempts", o.attempts()).bind("lastError", o.lastError())
        .bind("messageId", o.messageId()).bind("next", at(o.nextAttemptAt())).bind("now", at(now)).bind("id", id)
        .execute();
  }

  /** Entries not yet delivered (pending or failed, of every project) and when the oldest was created (idx_outbox_due). */
  static Outbox.Backlog backlog(Handle h) {
    return h.createQuery("""
        SELECT count(*) AS pending, min(created_at) AS oldest FROM server.notification_outbox
         WHERE status IN ('pending', 'failed')
        """).map((rs, c) -> {
          OffsetDateTime oldest = rs.getObject("oldest", OffsetDateTime.class);
          return new Outbox.Backlog(rs.getLong("pending"), oldest == null ? null : oldest.toInstant());
        }).one();
  }

  /** Deletes completed rows processed over 7 days before {@code now} and dead rows created over 30 days before. */
  static int deleteOld(Handle h, Instant now) {
    return h.createUpdate("""
        DELETE FROM server.notification_outbox
         WHERE (status = 'completed' AND processed_at < CAST(:now AS timestamptz) - interval '7 days')
            OR (status = 'dead' AND created_at < CAST(:now AS timestamptz) - interval '30 days')
        """).bind("now", at(now)).execute();
  }
}
