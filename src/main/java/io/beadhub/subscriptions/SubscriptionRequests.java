package io.beadhub.subscriptions;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.UUID;

/** The request body of {@code POST /v1/subscriptions}, for /openapi.json (the route reads the same fields). */
public final class SubscriptionRequests {
  private SubscriptionRequests() {
  }

  public record NewSubscription(@JsonProperty(required = true) UUID workspaceId, String alias,
                                @JsonProperty(required = true) String beadId, String repo, List<String> eventTypes) {
  }
}
