package io.beadhub.auth;

import io.beadhub.agents.Agent;
import io.beadhub.agents.AgentStore;
import io.beadhub.common.Access;
import io.beadhub.common.Caller;
import io.beadhub.db.Database;
import io.beadhub.http.Router;
import io.beadhub.projects.ProjectStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code GET /v1/auth/introspect} (spec 10 §7.2). Nothing else under {@code /v1/auth} is served. */
public final class AuthRoutes {
  private AuthRoutes() {
  }

  public static void register(Router r, Database db) {
    r.get("/v1/auth/introspect", Access.CREDENTIAL, req -> introspect(db, req.caller()));
  }

  static Map<String, Object> introspect(Database db, Caller c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project_id", c.projectId());
    if (c.apiKeyId() != null) {
      out.put("api_key_id", c.apiKeyId());
    }
    if (c.userId() != null) {
      out.put("user_id", c.userId());
    }
    if (c.agentId() == null) {
      return out;
    }
    out.put("agent_id", c.agentId());
    Optional<Agent> agent = db.read(h -> ProjectStore.findLive(h, c.projectId()).isPresent()
        ? AgentStore.findAny(h, c.projectId(), c.agentId()) : Optional.<Agent>empty());
    agent.ifPresent(a -> {
      out.put("alias", a.alias());
      out.put("human_name", a.humanName() == null ? "" : a.humanName());
      out.put("agent_type", a.agentType() == null ? "agent" : a.agentType());
      out.put("access_mode", a.accessMode() == null ? "open" : a.accessMode());
      if (a.namespaceSlug() != null) {
        out.put("namespace_slug", a.namespaceSlug());
        out.put("address", a.address());
      }
    });
    return out;
  }
}
