package io.beadhub.escalations;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.UUID;

/** The request bodies of {@link EscalationRoutes}, for /openapi.json (the routes read the same fields). */
public final class EscalationRequests {
  private EscalationRequests() {
  }

  public record NewEscalation(@JsonProperty(required = true) UUID workspaceId,
                              @JsonProperty(required = true) String alias,
                              @JsonProperty(required = true) String subject,
                              @JsonProperty(required = true) String situation, List<String> options,
                              Integer expiresInHours, String memberEmail) {
  }

  public record Response(@JsonProperty(required = true) String response, String note) {
  }
}
