package io.beadhub.init;

import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** The workspace SQL of {@code /v1/init} (spec 10 §7.1 step 6.5): aliases in use, and re-initialising a workspace. */
public final class InitStore {
  private InitStore() {
  }

  /** Aliases of the project's live workspaces (a workspace can outlive its agent). */
  static List<String> liveWorkspaceAliases(Handle h, UUID projectId) {
    return h.createQuery("SELECT alias FROM server.workspaces WHERE project_id = :projectId AND deleted_at IS NULL")
        .bind("projectId", projectId).mapTo(String.class).list();
  }

  /** Whether another live workspace of the project holds {@code alias}. */
  static boolean aliasHeldByAnother(Handle h, UUID projectId, String alias, UUID workspaceId) {
    return h.createQuery("""
            SELECT EXISTS (SELECT 1 FROM server.workspaces
                            WHERE project_id = :projectId AND alias = :alias AND deleted_at IS NULL
                              AND workspace_id <> :workspaceId)
            """)
        .bind("projectId", projectId).bind("alias", alias).bind("workspaceId", workspaceId)
        .mapTo(Boolean.class).one();
  }

  /** What a repeated init sets on the agent's workspace; it also restores a deleted one. */
  public record Reinit(UUID workspaceId, String humanName, String role, String hostname, String workspacePath) {
  }

  static void reinitWorkspace(Handle h, Reinit w) {
    h.createUpdate("""
            UPDATE server.workspaces
               SET human_name = :humanName, role = :role, hostname = :hostname, workspace_path = :workspacePath,
                   deleted_at = NULL
             WHERE workspace_id = :workspaceId
            """)
        .bindMethods(w).execute();
  }
}
