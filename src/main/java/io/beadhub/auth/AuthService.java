package io.beadhub.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.beadhub.agents.Agent;
import io.beadhub.agents.AgentStore;
import io.beadhub.common.Caller;
import io.beadhub.db.Database;
import io.beadhub.projects.ProjectStore;
import java.util.Optional;
import java.util.UUID;

/** Key introspection (spec 10 §7.2): who the credentials say the caller is. */
public record AuthService(Database db) {
  /**
   * The body of {@code GET /v1/auth/introspect}: ids the credentials carry, and the agent's names when
   * the key is bound to an agent row of a live project; absent fields are left out, not null.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Introspection(UUID projectId, UUID apiKeyId, UUID userId, UUID agentId, String alias,
                              String humanName, String agentType, String accessMode, String namespaceSlug,
                              String address) {
  }

  public Introspection introspect(Caller c) {
    if (c.agentId() == null) {
      return new Introspection(c.projectId(), c.apiKeyId(), c.userId(), null, null, null, null, null, null, null);
    }
    Optional<Agent> agent = db.read(h -> ProjectStore.findLive(h, c.projectId()).isPresent()
        ? AgentStore.findAny(h, c.projectId(), c.agentId()) : Optional.<Agent>empty());
    if (agent.isEmpty()) {
      return new Introspection(c.projectId(), c.apiKeyId(), c.userId(), c.agentId(), null, null, null, null, null,
          null);
    }
    Agent a = agent.get();
    boolean ns = a.namespaceSlug() != null;
    return new Introspection(c.projectId(), c.apiKeyId(), c.userId(), c.agentId(), a.alias(),
        a.humanName() == null ? "" : a.humanName(), a.agentType() == null ? "agent" : a.agentType(),
        a.accessMode() == null ? "open" : a.accessMode(), ns ? a.namespaceSlug() : null, ns ? a.address() : null);
  }
}
