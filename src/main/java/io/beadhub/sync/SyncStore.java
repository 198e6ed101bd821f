package io.beadhub.sync;

import io.beadhub.beads.IssueStore;
import io.beadhub.claims.ClaimStore;
import io.beadhub.common.Json;
import io.beadhub.db.Batch;
import io.beadhub.workspaces.WorkspaceRow;
import io.beadhub.workspaces.WorkspaceStore;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
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

  private static final String CHECK = "SELECT " + WorkspaceStore.COLUMNS + """
      , r.canonical_origin AS registered_origin,
             COALESCE((SELECT slug FROM server.projects WHERE id = :p), '') AS project_slug,
             (SELECT last_full_sync_at FROM beads.sync_state
               WHERE project_id = :p AND repo = :r AND branch = :b) IS NOT NULL AS baseline
        FROM server.workspaces w LEFT JOIN server.repos r ON r.id = w.repo_id
       WHERE w.workspace_id = :id""";

  /** The workspace's last-seen time and names (spec 40 §2.2 step 4), in the caller's project. */
  private static final String TOUCH = """
      UPDATE server.workspaces
         SET last_seen_at = :now, human_name = COALESCE(:human, human_name), role = COALESCE(:role, role)
       WHERE workspace_id = :id AND project_id = :p AND deleted_at IS NULL""";

  static Optional<Checked> check(Handle h, UUID workspace, UUID project, String repo, String branch) {
    return h.createQuery(CHECK).bind("id", workspace).bind("p", project).bind("r", repo).bind("b", branch)
        .map(SyncStore::checked).findOne();
  }

  /**
   * Adds the opening of a bdh request to {@code b} (the driver sends the statements of one text together;
   * the caller adds its reads and runs it): the check, with {@code lock} the repo lock
   * ({@link IssueStore#lock}), the claim locks of the beads in {@code claiming} ({@link ClaimStore#lock}),
   * and the touch. Every lock comes before the touch's row lock, the repo lock before the claim locks.
   * The caller's checks run after; a failing one rolls the touch back with the transaction.
   */
  static Batch.Result<Checked> open(Batch b, BdhRequest req, UUID project, String repo, String branch, boolean lock,
                                    List<String> claiming, Instant now) {
    Batch.Result<Checked> checked = b.query(CHECK, q -> q.bind("id", req.workspaceId()).bind("p", project)
        .bind("r", repo).bind("b", branch), SyncStore::checked);
    if (lock) {
      IssueStore.lock(b, project, repo, branch);
    }
    ClaimStore.lock(b, project, repo, claiming);
    b.update(TOUCH, q -> q.bind("id", req.workspaceId()).bind("p", project)
        .bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).bind("human", req.humanName())
        .bind("role", req.role()));
    return checked;
  }

  private static Checked checked(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext c)
      throws java.sql.SQLException {
    return new Checked(WorkspaceStore.map(rs), rs.getString("registered_origin"), rs.getString("project_slug"),
        rs.getBoolean("baseline"));
  }

  /**
   * The end of a sync in one statement: the sync-state row, the audit row and the repo's live count (the
   * count the triggers of beads.live_counts keep; the statement's snapshot reads it as this transaction
   * left it).
   */
  static Batch.Result<Integer> finish(Batch b, UUID project, String repo, String branch, boolean full,
                                      UUID workspace, String alias, Map<String, Object> auditDetails, Instant now) {
    return b.query("""
        WITH s AS (""" + IssueStore.RECORD_SYNC + """
        ),
        a AS (""" + IngestTx.AUDIT + """
        )
        SELECT COALESCE((SELECT live FROM beads.live_counts WHERE project_id = :p AND repo = :r AND branch = :b), 0)
        """, q -> q.bind("p", project).bind("r", repo).bind("b", branch)
            .bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).bind("full", full).bind("ws", workspace)
            .bind("alias", alias).bind("type", "bdh_sync").bind("details", io.beadhub.common.Json.string(auditDetails)),
        (rs, c) -> rs.getInt(1));
  }
}
