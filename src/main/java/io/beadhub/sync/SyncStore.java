package io.beadhub.sync;

import io.beadhub.workspaces.WorkspaceRow;
import io.beadhub.workspaces.WorkspaceStore;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The reads and bookkeeping writes of the bdh routes, merged so that a sync pays few round trips
 * besides the ingest itself (an incremental sync of a few records is mostly round trips).
 */
final class SyncStore {
  /**
   * The workspace (any project, deleted or not), the canonical origin of its registered repo (null:
   * none registered or the row is gone), the project's slug ("" if none) and whether the repo has a
   * full-sync baseline.
   */
  record Checked(WorkspaceRow workspace, String registeredOrigin, String slug, boolean baseline) {
  }

  private SyncStore() {
  }

  static Optional<Checked> check(Handle h, UUID workspace, UUID project, String repo, String branch) {
    return h.createQuery("SELECT " + WorkspaceStore.COLUMNS + """
            , r.canonical_origin AS registered_origin,
               COALESCE((SELECT slug FROM server.projects WHERE id = :p), '') AS project_slug,
               (SELECT last_full_sync_at FROM beads.sync_state
                 WHERE project_id = :p AND repo = :r AND branch = :b) IS NOT NULL AS baseline
              FROM server.workspaces w LEFT JOIN server.repos r ON r.id = w.repo_id
             WHERE w.workspace_id = :id
            """).bind("id", workspace).bind("p", project).bind("r", repo).bind("b", branch)
        .map((rs, c) -> new Checked(WorkspaceStore.map(rs), rs.getString("registered_origin"),
            rs.getString("project_slug"), rs.getBoolean("baseline"))).findOne();
  }

  /** The workspace's last-seen time and names (spec 40 §2.2 step 4). */
  static void touch(Handle h, BdhRequest r, Instant now) {
    h.createUpdate("""
        UPDATE server.workspaces
           SET last_seen_at = :now, human_name = COALESCE(:human, human_name), role = COALESCE(:role, role)
         WHERE workspace_id = :id
        """).bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
        .bind("human", r.humanName()).bind("role", r.role()).bind("id", r.workspaceId()).execute();
  }

  /**
   * The end of a sync in one statement: the sync-state row (as {@code IssueStore.recordSync}), the audit
   * row (as {@code IngestTx.audit}) and the repo's live count (as {@code IssueStore.liveCount}, which the
   * statement's snapshot reads as this transaction left it).
   */
  static int finish(Handle h, UUID project, String repo, String branch, boolean full, UUID workspace, String alias,
                    Map<String, Object> auditDetails, Instant now) {
    return h.createQuery("""
        WITH s AS (
          INSERT INTO beads.sync_state (project_id, repo, branch, last_sync_at, last_full_sync_at, last_workspace_id)
          VALUES (:p, :r, :b, :now, CASE WHEN :full THEN CAST(:now AS timestamptz) END, :ws)
          ON CONFLICT (project_id, repo, branch) DO UPDATE SET
            last_sync_at = EXCLUDED.last_sync_at,
            last_full_sync_at = COALESCE(EXCLUDED.last_full_sync_at, beads.sync_state.last_full_sync_at),
            last_workspace_id = EXCLUDED.last_workspace_id),
        a AS (
          INSERT INTO server.audit_log (project_id, workspace_id, event_type, alias, resource, details)
          VALUES (:p, :ws, 'bdh_sync', :alias, 'beads', CAST(:details AS jsonb)))
        SELECT COALESCE((SELECT live FROM beads.live_counts WHERE project_id = :p AND repo = :r AND branch = :b), 0)
        """).bind("p", project).bind("r", repo).bind("b", branch).bind("now", OffsetDateTime.ofInstant(now,
            ZoneOffset.UTC)).bind("full", full).bind("ws", workspace).bind("alias", alias)
        .bind("details", io.beadhub.http.Json.string(auditDetails)).mapTo(Integer.class).one();
  }
}
