package io.beadhub.sync;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The JSON request bodies of the sync routes, for /openapi.json; bead records stay open objects. */
public final class SyncRequests {
  private SyncRequests() {
  }

  public record Sync(@JsonProperty(required = true) UUID workspaceId, String repoId,
                     @JsonProperty(required = true) String alias, String humanName,
                     @JsonProperty(required = true) String repoOrigin, String role, String syncMode, String issuesJsonl,
                     String changedIssues, List<String> deletedIds, Integer syncProtocolVersion, String commandLine) {
  }

  public record Command(@JsonProperty(required = true) UUID workspaceId, String repoId,
                        @JsonProperty(required = true) String alias, String humanName,
                        @JsonProperty(required = true) String repoOrigin, String role,
                        @JsonProperty(required = true) String commandLine) {
  }

  public record Upload(@JsonProperty(required = true) String repo, String branch,
                       @JsonProperty(required = true) List<Map<String, Object>> issues) {
  }

  public record Ephemeral(@JsonProperty(required = true) String repo, String branch,
                          @JsonProperty(required = true) List<Map<String, Object>> records, Long ttlSeconds) {
  }
}
