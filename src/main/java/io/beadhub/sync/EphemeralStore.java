package io.beadhub.sync;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** The expiry of pushed rows (spec 60 §5.10): {@code expires_at} of beads.issues, set by a push, run out by the job. */
final class EphemeralStore {
  /** A (project, repo, branch) holding expired rows. */
  record Group(UUID project, String repo, String branch) {
  }

  /** A row the expiry removed, with its last writer (whose stream gets the event). */
  record Expired(String beadId, String title, UUID writer) {
  }

  private EphemeralStore() {
  }

  /** Sets the expiry of the pushed live rows {@code ids} of (project, repo, branch). */
  static void expireAt(Handle h, UUID project, String repo, String branch, String[] ids, Instant expires) {
    h.createUpdate("""
        UPDATE beads.issues SET expires_at = :exp
         WHERE project_id = :p AND repo = :r AND branch = :b AND bead_id = ANY(:ids)
           AND source = 'push' AND deleted_at IS NULL
        """).bind("exp", SyncStore.odt(expires)).bind("p", project).bind("r", repo).bind("b", branch)
        .bind("ids", ids).execute();
  }

  /** Every (project, repo, branch) with live rows expired at {@code now}. */
  static List<Group> expiredGroups(Handle h, Instant now) {
    return h.createQuery("""
            SELECT DISTINCT project_id, repo, branch FROM beads.issues
             WHERE expires_at IS NOT NULL AND expires_at <= :now AND deleted_at IS NULL
            """).bind("now", SyncStore.odt(now))
        .map((rs, c) -> new Group(rs.getObject("project_id", UUID.class), rs.getString("repo"),
            rs.getString("branch"))).list();
  }

  /** Marks the group's rows expired at {@code now} removed (reason {@code expired}); returns them. */
  static List<Expired> expire(Handle h, Group g, Instant now) {
    return h.createQuery("""
            UPDATE beads.issues SET deleted_at = :now, removal_reason = 'expired', synced_at = :now
             WHERE project_id = :p AND repo = :r AND branch = :b AND expires_at <= :now AND deleted_at IS NULL
            RETURNING bead_id, title, last_writer_workspace_id
            """).bind("now", SyncStore.odt(now)).bind("p", g.project()).bind("r", g.repo()).bind("b", g.branch())
        .map((rs, c) -> new Expired(rs.getString("bead_id"), rs.getString("title"),
            rs.getObject("last_writer_workspace_id", UUID.class))).list();
  }
}
