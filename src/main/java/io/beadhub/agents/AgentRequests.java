package io.beadhub.agents;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/** The request bodies of {@link AgentRoutes}, for /openapi.json (the routes read the same fields). */
public final class AgentRequests {
  private AgentRequests() {
  }

  public record SuggestAliasPrefix(@JsonProperty(required = true) String projectSlug) {
  }

  public record AccessModeChange(String accessMode) {
  }

  public record IdentityClaim(@JsonProperty(required = true) String did,
                              @JsonProperty(required = true) String publicKey,
                              @JsonProperty(required = true) String custody,
                              @JsonProperty(required = true) String lifetime) {
  }

  public record IdentityReset(@JsonProperty(required = true) Boolean confirm) {
  }

  public record Rotation(@JsonProperty(required = true) String custody, @JsonProperty(required = true) String timestamp,
                         String newDid, String newPublicKey, String rotationSignature) {
  }

  public record Retirement(@JsonProperty(required = true) UUID successorAgentId, String retirementProof,
                           String timestamp) {
  }
}
