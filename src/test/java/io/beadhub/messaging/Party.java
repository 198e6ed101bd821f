package io.beadhub.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.TestServer;
import java.util.HashMap;
import java.util.Map;

/** An agent created through /v1/init, as the messaging tests use it. */
public record Party(String alias, String key, String agentId, String projectId, String stableId) {
  public static Party init(TestServer server, String projectSlug, String alias) {
    return init(server, projectSlug, alias, "ephemeral");
  }

  public static Party init(TestServer server, String projectSlug, String alias, String lifetime) {
    Map<String, Object> body = new HashMap<>();
    body.put("project_slug", projectSlug);
    body.put("alias", alias);
    body.put("lifetime", lifetime);
    JsonNode r = server.init(body);
    return new Party(alias, r.path("api_key").asText(), r.path("agent_id").asText(), r.path("project_id").asText(),
        r.path("stable_id").asText(null));
  }
}
