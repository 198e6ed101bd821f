package io.beadhub.policies;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.UUID;

/** The request body of {@code POST /v1/policies}, for /openapi.json; the bundle stays an open object. */
public final class PolicyRequests {
  private PolicyRequests() {
  }

  public record NewPolicy(@JsonProperty(required = true) Map<String, Object> bundle, UUID basePolicyId,
                          UUID createdByWorkspaceId) {
  }
}
