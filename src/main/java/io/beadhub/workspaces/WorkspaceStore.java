package io.beadhub.workspaces;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL for server.workspaces. */
public final class WorkspaceStore {
  public static final String COLUMNS = """
      w.workspace_id, w.project_id, w.repo_id, w.alias, w.human_name, w.role, w.current_branch,
      w.focus_apex_bead_id, w.focus_apex_repo_name, w.focus_apex_branch, w.focus_updated_at, w.hostname,
      w.workspace_path, w.workspace_type, w.created_at, w.updated_at, w.deleted_at, w.last_seen_at, w.timezone
      """;

  private WorkspaceStore() {
  }

  public static WorkspaceRow map(ResultSet rs) throws SQLException {
    return new WorkspaceRow(rs.getObject("workspace_id", UUID.class), rs.getObject("project_id", UUID.class),
        rs.getObject("repo_id", UUID.class), rs.getString("alias"), rs.getString("human_name"),
        rs.getString("role"), rs.getString("current_branch"), rs.getString("focus_apex_bead_id"),
        rs.getString("focus_apex_repo_name"), rs.getString("focus_apex_branch"),
        rs.getObject("focus_updated_at", OffsetDateTime.class), rs.getString("hostname"),
        rs.getString("workspace_path"), rs.getString("workspace_type"),
        rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
        rs.getObject("deleted_at", OffsetDateTime.class), rs.getObject("last_seen_at", OffsetDateTime.class),
        rs.getString("timezone"));
  }

  /** The row with that id in any project, deleted or not. */
  public static Optional<WorkspaceRow> find(Handle h, UUID id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM server.workspaces w WHERE w.workspace_id = :id")
        .bind("id", id).map((rs, c) -> map(rs)).findOne();
  }

  /** As {@link #find}, locking the row for the rest of the transaction. */
  public static Optional<WorkspaceRow> findForUpdate(Handle h, UUID id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM server.workspaces w WHERE w.workspace_id = :id FOR UPDATE")
        .bind("id", id).map((rs, c) -> map(rs)).findOne();
  }

  /**
   * Moves each live workspace's {@code last_seen_at} forward to its time, in one statement ({@link
   * LastSeenWriter}); rows are locked in id order, and a later time already stored stays.
   */
  static void touchLastSeen(Handle h, List<LastSeenWriter.Seen> seen) {
    h.createUpdate("""
            UPDATE server.workspaces w SET last_seen_at = GREATEST(w.last_seen_at, v.at)
              FROM (SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:projects AS uuid[]), CAST(:ats AS timestamptz[]))
                      AS t(id, project, at) ORDER BY id) v
             WHERE w.workspace_id = v.id AND w.project_id = v.project AND w.deleted_at IS NULL
            """)
        .bind("ids", seen.stream().map(LastSeenWriter.Seen::workspace).toArray(UUID[]::new))
        .bind("projects", seen.stream().map(LastSeenWriter.Seen::project).toArray(UUID[]::new))
        .bind("ats", seen.stream().map(x -> x.at().toString()).toArray(String[]::new))
        .execute();
  }

  /**
   * The heartbeat's update (spec 30 §2.3 steps 3–4): human_name/role/branch/timezone only when
   * supplied (non-null), hostname/workspace_path only while NULL, last_seen_at = {@code now}.
   */
  public static void touchHeartbeat(Handle h, WorkspaceHeartbeat hb, Instant now) {
    h.createUpdate("""
            UPDATE server.workspaces
               SET human_name = coalesce(CAST(:humanName AS text), human_name),
                   role = coalesce(CAST(:role AS text), role),
                   hostname = coalesce(hostname, CAST(:hostname AS text)),
                   workspace_path = coalesce(workspace_path, CAST(:workspacePath AS text)),
                   current_branch = coalesce(CAST(:currentBranch AS text), current_branch),
                   timezone = coalesce(CAST(:timezone AS text), timezone),
                   last_seen_at = :now
             WHERE workspace_id = :workspaceId
            """)
        .bindMethods(hb).bind("now", at(now)).execute();
  }

  /**
   * Registration of an existing workspace (spec 30 §2.2): revived, hostname, path and human name
   * replaced, the role only when supplied.
   */
  public static void reregister(Handle h, UUID id, String hostname, String workspacePath, String humanName,
                                String role) {
    h.createUpdate("""
            UPDATE server.workspaces
               SET deleted_at = NULL, hostname = :hostname, workspace_path = :path, human_name = :human,
                   role = coalesce(CAST(:role AS text), role)
             WHERE workspace_id = :id
            """)
        .bind("hostname", hostname).bind("path", workspacePath).bind("human", humanName).bind("role", role)
        .bind("id", id).execute();
  }

  /**
   * Whether another workspace of the project uses the alias: a live one, or any that holds a claim
   * under it (spec 30 §2.3 step 5).
   */
  public static boolean aliasInUse(Handle h, UUID projectId, UUID workspaceId, String alias) {
    return h.createQuery("""
            SELECT EXISTS (SELECT 1 FROM server.workspaces
                            WHERE project_id = :project AND alias = :alias AND deleted_at IS NULL
                              AND workspace_id <> :id)
                OR EXISTS (SELECT 1 FROM server.bead_claims
                            WHERE project_id = :project AND alias = :alias AND workspace_id <> :id)
            """)
        .bind("project", projectId).bind("alias", alias).bind("id", workspaceId).mapTo(Boolean.class).one();
  }

  /** The mutable columns a PATCH may set (spec 30 §2.8); keys outside this list are never used as SQL. */
  public static final List<String> MUTABLE = List.of("role", "human_name", "hostname", "workspace_path",
      "current_branch", "timezone");

  /** Sets the given mutable columns (values may be null); one UPDATE. */
  public static void update(Handle h, UUID id, Map<String, String> set) {
    StringBuilder sql = new StringBuilder("UPDATE server.workspaces SET ");
    List<String> cols = MUTABLE.stream().filter(set::containsKey).toList();
    for (int i = 0; i < cols.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(cols.get(i)).append(" = CAST(:").append(cols.get(i)).append(" AS text)");
    }
    var u = h.createUpdate(sql.append(" WHERE workspace_id = :id").toString()).bind("id", id);
    for (String col : cols) {
      u.bind(col, set.get(col));
    }
    u.execute();
  }

  /** Clears deleted_at; returns the restore time, or null when the row was not deleted. */
  public static OffsetDateTime restore(Handle h, UUID id) {
    return h.createQuery("""
            UPDATE server.workspaces SET deleted_at = NULL
             WHERE workspace_id = :id AND deleted_at IS NOT NULL
            RETURNING updated_at
            """)
        .bind("id", id).mapTo(OffsetDateTime.class).findOne().orElse(null);
  }

  /** Inserts an agent workspace unless its alias is taken by a live one; false when not inserted. */
  public static boolean insertIfFree(Handle h, UUID id, UUID projectId, UUID repoId, String alias, String humanName,
                                     String role, String hostname, String workspacePath) {
    return insertIfFree(h, id, projectId, repoId, alias, humanName, role, hostname, workspacePath, "agent");
  }

  /** As above with the workspace type: {@code agent} (with a repo) or {@code dashboard} (without). */
  public static boolean insertIfFree(Handle h, UUID id, UUID projectId, UUID repoId, String alias, String humanName,
                                     String role, String hostname, String workspacePath, String workspaceType) {
    return h.createUpdate("""
            INSERT INTO server.workspaces (workspace_id, project_id, repo_id, alias, human_name, role, hostname,
                                           workspace_path, workspace_type)
            VALUES (:id, :project, :repo, :alias, :human, :role, :hostname, :path, :type)
            ON CONFLICT DO NOTHING
            """)
        .bind("id", id).bind("project", projectId).bind("repo", repoId).bind("alias", alias)
        .bind("human", humanName).bind("role", role).bind("hostname", hostname).bind("path", workspacePath)
        .bind("type", workspaceType)
        .execute() == 1;
  }

  /**
   * Soft-deletes the live workspaces among {@code ids}; returns the ids changed. The claims feature
   * releases their claims in the same transaction (see {@link WorkspaceCascade}).
   */
  public static List<UUID> softDelete(Handle h, List<UUID> ids, Instant now) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return h.createQuery("""
            UPDATE server.workspaces SET deleted_at = :now
             WHERE workspace_id = ANY(:ids) AND deleted_at IS NULL
            RETURNING workspace_id
            """)
        .bind("now", at(now)).bind("ids", ids.toArray(new UUID[0])).mapTo(UUID.class).list();
  }

  private static OffsetDateTime at(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}
