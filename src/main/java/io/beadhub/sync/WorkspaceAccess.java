package io.beadhub.sync;

import io.beadhub.auth.Caller;
import io.beadhub.http.ApiError;
import io.beadhub.workspaces.WorkspaceRow;
import io.beadhub.workspaces.WorkspaceStore;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Actor binding (spec 10 §5.5) and the workspace existence checks of the bdh routes (spec 40 §2.2).
 * Minimal local versions until {@code auth/} has shared helpers.
 */
public final class WorkspaceAccess {
  private WorkspaceAccess() {
  }

  /** Bearer key bound to an agent naming another workspace → 403. */
  public static void bind(Caller c, UUID workspaceId) {
    if (!c.proxy() && c.agentId() != null && !c.agentId().equals(workspaceId)) {
      throw ApiError.forbidden("workspace_id does not match API key identity");
    }
  }

  /** The workspace in the caller's project: unknown or another project's → 404, deleted → 410. */
  public static WorkspaceRow live(Caller c, Optional<WorkspaceRow> found) {
    WorkspaceRow w = found.filter(x -> x.projectId().equals(c.projectId()))
        .orElseThrow(() -> ApiError.notFound("Workspace not found"));
    if (!w.live()) {
      throw ApiError.gone("Workspace was deleted");
    }
    return w;
  }

  /** Subscriptions' variant (spec 40 §6.1): not live in the caller's project → 403. */
  public static WorkspaceRow liveOr403(Handle h, Caller c, UUID workspaceId) {
    return WorkspaceStore.find(h, workspaceId).filter(x -> x.projectId().equals(c.projectId()) && x.live())
        .orElseThrow(() -> ApiError.forbidden("Workspace not found or does not belong to your project"));
  }
}
