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

  /** The project's slug (as {@code WorkspaceListing.projectSlug}) and its pending escalations, in one round trip. */
  public record Header(String slug, int pendingEscalations) {
  }

  /** {@code countEscalations} false: the count is not wanted (public readers) and reads as 0. */
  public static Header header(Handle h, UUID projectId, boolean countEscalations) {
    return h.createQuery("""
            SELECT coalesce((SELECT slug FROM server.projects WHERE id = :project AND deleted_at IS NULL),
                            (SELECT slug FROM aweb.projects WHERE project_id = :project), '') AS slug,
                   CASE WHEN :count THEN (
                     SELECT count(*) FROM server.escalations e
                       JOIN server.workspaces w ON w.workspace_id = e.workspace_id AND w.deleted_at IS NULL
                      WHERE e.project_id = :project AND e.status = 'pending'
                        AND (e.expires_at IS NULL OR e.expires_at > now())) ELSE 0 END AS escalations
            """)
        .bind("project", projectId).bind("count", countEscalations)
        .map((rs, c) -> new Header(rs.getString("slug"), rs.getInt("escalations"))).one();
  }
}
