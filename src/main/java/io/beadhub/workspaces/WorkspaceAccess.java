package io.beadhub.workspaces;

import io.beadhub.auth.ActorBinding;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The workspace access check (spec 10 §5.6, steps 3–4; the caller is authenticated and the id parsed):
 * the row is looked up ignoring project and deletion so that each failure has its documented answer.
 */
public final class WorkspaceAccess {
  public static final String NOT_FOUND = "Workspace not found";
  public static final String DELETED = "Workspace was deleted";
  public static final String OTHER_PROJECT = "Workspace not found or does not belong to your project";

  private WorkspaceAccess() {
  }

  /** Returns the live workspace row of the caller's project, or throws 404 / 410 / 403 / binding 403. */
  public static WorkspaceRow check(Handle h, Caller c, UUID workspaceId) {
    WorkspaceRow w = WorkspaceStore.find(h, workspaceId).orElseThrow(() -> ApiError.notFound(NOT_FOUND));
    if (!w.live()) {
      throw ApiError.gone(DELETED);
    }
    if (!w.projectId().equals(c.projectId())) {
      throw ApiError.forbidden(OTHER_PROJECT);
    }
    ActorBinding.check(c, workspaceId);
    return w;
  }

  /** The workspace of a request that names it (spec 40 §2.2): unknown or another project's → 404, deleted → 410. */
  public static WorkspaceRow live(Caller c, Optional<WorkspaceRow> found) {
    WorkspaceRow w = found.filter(x -> x.projectId().equals(c.projectId()))
        .orElseThrow(() -> ApiError.notFound(NOT_FOUND));
    if (!w.live()) {
      throw ApiError.gone(DELETED);
    }
    return w;
  }

  /** Subscriptions' variant (spec 40 §6.1): not live in the caller's project → 403. */
  public static WorkspaceRow liveOr403(Handle h, Caller c, UUID workspaceId) {
    return WorkspaceStore.find(h, workspaceId).filter(x -> x.projectId().equals(c.projectId()) && x.live())
        .orElseThrow(() -> ApiError.forbidden(OTHER_PROJECT));
  }
}
