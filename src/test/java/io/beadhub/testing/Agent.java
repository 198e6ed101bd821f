package io.beadhub.testing;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An agent registered through {@code /v1/init}: what the tests use of the answer. {@code workspaceId}
 * and {@code repoId} are empty for an agent registered without a repo, {@code stableId} is null when
 * the answer has none.
 */
public record Agent(String projectSlug, String alias, String repoOrigin, String key, String agentId,
                    String projectId, String workspaceId, String repoId, String stableId) {
  static Agent of(String projectSlug, String alias, String repoOrigin, JsonNode init) {
    return new Agent(projectSlug, init.path("alias").asText(alias), repoOrigin, init.path("api_key").asText(),
        init.path("agent_id").asText(), init.path("project_id").asText(), init.path("workspace_id").asText(),
        init.path("repo_id").asText(), init.path("stable_id").asText(null));
  }
}
