package io.beadhub.repos;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/** The request bodies of {@link RepoRoutes}, for /openapi.json (the routes read the same fields). */
public final class RepoRequests {
  private RepoRequests() {
  }

  public record Lookup(@JsonProperty(required = true) String originUrl) {
  }

  public record Ensure(@JsonProperty(required = true) UUID projectId, @JsonProperty(required = true) String originUrl) {
  }
}
