package io.beadhub.auth;

import io.beadhub.agents.Agent;
import io.beadhub.agents.AgentStore;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.projects.ProjectStore;
import org.jdbi.v3.core.Handle;

/**
 * The agent identity check (spec 10 §5.7): the caller's agent, soft-deleted rows included, taken
 * from the identity in both bearer and proxy mode.
 */
public final class AgentIdentity {
  private AgentIdentity() {
  }

  public static Agent check(Handle h, Caller c) {
    if (c.agentId() == null || ProjectStore.findLive(h, c.projectId()).isEmpty()) {
      throw ApiError.unauthorized("Invalid API key");
    }
    Agent a = AgentStore.findAny(h, c.projectId(), c.agentId())
        .orElseThrow(() -> ApiError.unauthorized("Invalid API key"));
    if (!a.live()) {
      throw ApiError.gone("Agent has been deregistered");
    }
    if ("deregistered".equals(a.status())) {
      throw ApiError.gone("Agent is deregistered");
    }
    if ("retired".equals(a.status())) {
      throw ApiError.gone("Agent is retired");
    }
    return a;
  }
}
