package io.beadhub.status;

import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL of the status snapshot (spec 30 §6.1): a fixed number of indexed queries per request. */
public final class StatusStore {
  /** A workspace of the snapshot's set. */
  public record Ws(UUID workspaceId, String alias, String humanName) {
  }

  private StatusStore() {
  }

  /** Live workspaces of the project (optionally of one repo), newest update first, at most 200. */
  public static List<Ws> workspaces(Handle h, UUID projectId, UUID repoId) {
    String repo = repoId == null ? "" : " AND repo_id = :repo";
    var q = h.createQuery("""
            SELECT workspace_id, alias, human_name FROM server.workspaces
             WHERE project_id = :project AND deleted_at IS NULL""" + repo + """

             ORDER BY updated_at DESC, workspace_id DESC
             LIMIT 200
            """).bind("project", projectId);
    if (repoId != null) {
      q.bind("repo", repoId);
    }
    return q.map((rs, c) -> new Ws(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3))).list();
  }

  /** One live workspace of the project. */
  public static List<Ws> workspace(Handle h, UUID projectId, UUID workspaceId) {
    return h.createQuery("""
            SELECT workspace_id, alias, human_name FROM server.workspaces
             WHERE workspace_id = :id AND project_id = :project AND deleted_at IS NULL
            """)
        .bind("id", workspaceId).bind("project", projectId)
        .map((rs, c) -> new Ws(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3))).list();
  }

  /** Pending, unexpired escalations of the project whose workspace is live (idx_escalations_project_pending). */
  public static int pendingEscalations(Handle h, UUID projectId) {
    return h.createQuery("""
            SELECT count(*) FROM server.escalations e
              JOIN server.workspaces w ON w.workspace_id = e.workspace_id AND w.deleted_at IS NULL
             WHERE e.project_id = :project AND e.status = 'pending'
               AND (e.expires_at IS NULL OR e.expires_at > now())
            """)
        .bind("project", projectId).mapTo(Integer.class).one();
  }
}
