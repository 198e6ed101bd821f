package io.beadhub.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/** The request bodies of {@link DashboardRoutes}, for /openapi.json (the routes read the same fields). */
public final class DashboardRequests {
  private DashboardRequests() {
  }

  public record Identity(@JsonProperty(required = true) String humanName, String alias) {
  }

  public record Join(@JsonProperty(required = true) UUID workspaceId, @JsonProperty(required = true) String alias) {
  }
}
