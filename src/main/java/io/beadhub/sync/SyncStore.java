package io.beadhub.sync;

import io.beadhub.common.Json;
import io.beadhub.db.Batch;
import io.beadhub.workspaces.WorkspaceRow;
import io.beadhub.workspaces.WorkspaceStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The statements of the ingest paths' own bookkeeping: the bdh request's workspace check and touch, the
 * writer of an upload or push, and the end of an ingest (sync state, audit row, live count).
 * {@link SyncStatements} puts them in their round trips.
 */
final class SyncStore {
  /**
   * The workspace (any project, deleted or not), the canonical origin of its registered repo (null:
   * none registered or the row is gone), the project's slug ("" if none) and whether the repo has a
   * full-sync baseline.
   */
  record Checked(WorkspaceRow workspace, String registeredOrigin, String slug, boolean baseline) {
  }

  /** The writing workspace of an upload or push: the caller's live workspace in the project. */
  record Writer(UUID workspaceId, String alias) {
    /** A key without a live workspace in the project writes as nobody. */
    static final Writer NONE = new Writer(null, null);
  }

  /**
   * The sync-state row and the audit row (spec 50 §5.4), written at the end of an ingest; {@code details}
   * is written as the audit row's JSON.
   */
  record Bookkeeping(boolean full, UUID workspace, String alias, String auditType, Object details) {
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

  /**
   * The end of an ingest in one statement: the sync-state row, the audit row and the repo's live count
   * (the count the triggers of beads.live_counts keep; the statement's snapshot reads it as this
   * transaction left it).
   */
  private static final String FINISH = """
      WITH s AS (
        INSERT INTO beads.sync_state (project_id, repo, branch, last_sync_at, last_full_sync_at, last_workspace_id)
        VALUES (:p, :r, :b, :now, CASE WHEN :full THEN CAST(:now AS timestamptz) END, :ws)
        ON CONFLICT (project_id, repo, branch) DO UPDATE SET
          last_sync_at = EXCLUDED.last_sync_at,
          last_full_sync_at = COALESCE(EXCLUDED.last_full_sync_at, beads.sync_state.last_full_sync_at),
          last_workspace_id = EXCLUDED.last_workspace_id
      ),
      a AS (
        INSERT INTO server.audit_log (project_id, workspace_id, event_type, alias, resource, details)
        VALUES (:p, :ws, :type, :alias, 'beads', CAST(:details AS jsonb))
      )
      SELECT COALESCE((SELECT live FROM beads.live_counts WHERE project_id = :p AND repo = :r AND branch = :b), 0)
      """;


  private static final String WRITER = """
      SELECT workspace_id, alias FROM server.workspaces
       WHERE workspace_id = :a AND project_id = :p AND deleted_at IS NULL""";

  static Optional<Checked> check(Handle h, UUID workspace, UUID project, String repo, String branch) {
    return h.createQuery(CHECK).bind("p", project).bind("r", repo).bind("b", branch).bind("id", workspace)
        .map(SyncStore::checked).findOne();
  }

  /** As above, as a statement of {@code b}. */
  static Batch.Result<Checked> check(Batch b, UUID workspace, UUID project, String repo, String branch) {
    return b.query(CHECK, q -> q.bind("id", workspace).bind("p", project).bind("r", repo).bind("b", branch),
        SyncStore::checked);
  }


  /** Adds the touch of the request's workspace to {@code b}. */
  static void touch(Batch b, BdhRequest req, UUID project, Instant now) {
    b.update(TOUCH, q -> q.bind("id", req.workspaceId()).bind("p", project).bind("now", odt(now))
        .bind("human", req.humanName()).bind("role", req.role()));
  }

  private static Checked checked(ResultSet rs, org.jdbi.v3.core.statement.StatementContext c) throws SQLException {
    return new Checked(WorkspaceStore.map(rs), rs.getString("registered_origin"), rs.getString("project_slug"),
        rs.getBoolean("baseline"));
  }

  /** Adds the end of an ingest of (project, repo, branch) to {@code b}; its result is the repo's live count. */
  static Batch.Result<Integer> finish(Batch b, UUID project, String repo, String branch, Bookkeeping k,
                                      Instant now) {
    return b.query(FINISH, q -> q.bind("p", project).bind("r", repo).bind("b", branch).bind("now", odt(now))
            .bind("full", k.full()).bind("ws", k.workspace()).bind("alias", k.alias()).bind("type", k.auditType())
            .bind("details", Json.string(k.details())),
        (rs, c) -> rs.getInt(1));
  }

  /** The caller's live workspace in the project, or {@link Writer#NONE}. */
  static Writer writer(Handle h, UUID project, UUID agent) {
    if (agent == null) {
      return Writer.NONE;
    }
    return h.createQuery(WRITER).bind("a", agent).bind("p", project)
        .map((rs, c) -> new Writer(rs.getObject("workspace_id", UUID.class), rs.getString("alias"))).findOne()
        .orElse(Writer.NONE);
  }

  static OffsetDateTime odt(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}
