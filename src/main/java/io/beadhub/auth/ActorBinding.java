package io.beadhub.auth;

import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import java.util.UUID;

/**
 * Actor binding (spec 10 §5.5): a bearer key bound to agent A may act only on workspace A. Skipped
 * for proxy contexts (the wrapper is trusted) and for keys not bound to an agent.
 */
public final class ActorBinding {
  public static final String MISMATCH = "workspace_id does not match API key identity";

  private ActorBinding() {
  }

  public static void check(Caller c, UUID workspaceId) {
    check(c, workspaceId, MISMATCH);
  }

  /** As {@link #check(Caller, UUID)} with the route's own message (the policy route words it differently). */
  public static void check(Caller c, UUID workspaceId, String message) {
    if (c.mode() == Caller.Mode.BEARER && c.agentId() != null && !c.agentId().equals(workspaceId)) {
      throw ApiError.forbidden(message);
    }
  }
}
