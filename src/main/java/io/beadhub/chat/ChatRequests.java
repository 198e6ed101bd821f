package io.beadhub.chat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.beadhub.messaging.SendIdentityFields;
import java.util.List;
import java.util.UUID;

/** The request bodies of {@link ChatRoutes}, for /openapi.json (the routes read the same fields). */
public final class ChatRequests {
  private ChatRequests() {
  }

  public record NewSession(@JsonProperty(required = true) List<String> toAliases,
                           @JsonProperty(required = true) String message, Boolean leaving,
                           Integer escalateAfterSeconds, @JsonUnwrapped SendIdentityFields identity) {
  }

  public record InSession(@JsonProperty(required = true) String body, Boolean hangOn, Boolean leaving,
                          Integer escalateAfterSeconds, @JsonUnwrapped SendIdentityFields identity) {
  }

  public record MarkRead(@JsonProperty(required = true) UUID upToMessageId) {
  }
}
