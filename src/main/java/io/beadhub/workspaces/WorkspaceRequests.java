package io.beadhub.workspaces;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/** The request bodies of {@link WorkspaceRoutes}, for /openapi.json (the routes read the same fields). */
public final class WorkspaceRequests {
  private WorkspaceRequests() {
  }

  public record SuggestNamePrefix(@JsonProperty(required = true) String originUrl) {
  }

  public record Register(@JsonProperty(required = true) String repoOrigin, String role, String hostname,
                         String workspacePath) {
  }

  public record Heartbeat(@JsonProperty(required = true) UUID workspaceId, @JsonProperty(required = true) String alias,
                          @JsonProperty(required = true) String repoOrigin, String role, String currentBranch,
                          String timezone, String hostname, String workspacePath, String humanName) {
  }

  /** Only the fields sent are changed; alias, project_id, repo_id and workspace_type are refused (immutable). */
  public record Patch(String role, String humanName, String hostname, String workspacePath, String currentBranch,
                      String timezone) {
  }

  public record PresenceRegistration(@JsonProperty(required = true) UUID workspaceId,
                                     @JsonProperty(required = true) String alias, String humanName, String projectSlug,
                                     String program, String model, String taskDescription, String repo, String branch,
                                     String role, Long ttlSeconds) {
  }
}
