package io.beadhub.workspaces;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
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

  /** Inserts an agent workspace unless its alias is taken by a live one; false when not inserted. */
  public static boolean insertIfFree(Handle h, UUID id, UUID projectId, UUID repoId, String alias, String humanName,
                                     String role, String hostname, String workspacePath) {
    return h.createUpdate("""
            INSERT INTO server.workspaces (workspace_id, project_id, repo_id, alias, human_name, role, hostname,
                                           workspace_path, workspace_type)
            VALUES (:id, :project, :repo, :alias, :human, :role, :hostname, :path, 'agent')
            ON CONFLICT DO NOTHING
            """)
        .bind("id", id).bind("project", projectId).bind("repo", repoId).bind("alias", alias)
        .bind("human", humanName).bind("role", role).bind("hostname", hostname).bind("path", workspacePath)
        .execute() == 1;
  }

  /**
   * Soft-deletes the live workspaces among {@code ids}; returns the ids changed. The claims feature
   * releases their claims in the same transaction (see {@link WorkspaceCascade}).
   */
  public static List<UUID> softDelete(Handle h, List<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return h.createQuery("""
            UPDATE server.workspaces SET deleted_at = now()
             WHERE workspace_id = ANY(:ids) AND deleted_at IS NULL
            RETURNING workspace_id
            """)
        .bind("ids", ids.toArray(new UUID[0])).mapTo(UUID.class).list();
  }
}
