package io.beadhub.dataplane;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** The reads of {@code GET /v1/beads/stale} (spec 60 §5.8): old active claims, hooked rows. */
final class StaleStore {
  /** An active claim with its workspace's stored last-seen time and the status of the claimed bead. */
  record ClaimRow(String beadId, String repo, UUID workspaceId, String alias, String humanName, Instant claimedAt,
                  Instant wsLastSeen, String beadStatus, boolean removedRow) {
  }

  record HookRow(String beadId, String repo, String branch, String title, String assignee, Instant updatedAt) {
  }

  private StaleStore() {
  }

  /**
   * The project's active claims made at {@code cutoff} or before, oldest first. The bead's status is the
   * live row's (main first, then the latest synced branch; null: none), {@code removedRow} whether any
   * row of the bead exists, live or removed.
   */
  static List<ClaimRow> claims(Handle h, UUID project, Instant now, Instant cutoff) {
    return h.createQuery("""
            SELECT c.bead_id, c.repo, c.workspace_id, c.alias, c.human_name, c.claimed_at, w.last_seen_at,
                   (SELECT i.status FROM beads.issues i
                     WHERE i.project_id = c.project_id AND i.repo = c.repo AND i.bead_id = c.bead_id
                       AND i.deleted_at IS NULL AND (i.expires_at IS NULL OR i.expires_at > :now)
                     ORDER BY (i.branch = 'main') DESC, i.synced_at DESC LIMIT 1) AS bead_status,
                   EXISTS (SELECT 1 FROM beads.issues i
                     WHERE i.project_id = c.project_id AND i.repo = c.repo AND i.bead_id = c.bead_id) AS any_row
              FROM server.bead_claims c JOIN server.workspaces w ON w.workspace_id = c.workspace_id
             WHERE c.project_id = :p AND c.state = 'active' AND c.claimed_at <= :cutoff
             ORDER BY c.claimed_at, c.id
            """).bind("p", project).bind("now", DataPlaneStore.odt(now)).bind("cutoff", DataPlaneStore.odt(cutoff))
        .map((rs, c) -> new ClaimRow(rs.getString("bead_id"), rs.getString("repo"),
            rs.getObject("workspace_id", UUID.class), rs.getString("alias"), rs.getString("human_name"),
            DataPlaneStore.inst(rs, "claimed_at"), DataPlaneStore.inst(rs, "last_seen_at"),
            rs.getString("bead_status"), rs.getBoolean("any_row"))).list();
  }

  /** The project's live hooked rows, least recently updated first. */
  static List<HookRow> hooked(Handle h, UUID project, Instant now) {
    return h.createQuery("""
            SELECT i.bead_id, i.repo, i.branch, i.title, i.assignee, i.updated_at FROM beads.issues i
             WHERE i.project_id = :p AND i.status = 'hooked' AND i.deleted_at IS NULL
               AND (i.expires_at IS NULL OR i.expires_at > :now)
             ORDER BY i.updated_at NULLS FIRST, i.repo, i.branch, i.bead_id
            """).bind("p", project).bind("now", DataPlaneStore.odt(now))
        .map((rs, c) -> new HookRow(rs.getString("bead_id"), rs.getString("repo"), rs.getString("branch"),
            rs.getString("title"), rs.getString("assignee"), DataPlaneStore.inst(rs, "updated_at"))).list();
  }
}
