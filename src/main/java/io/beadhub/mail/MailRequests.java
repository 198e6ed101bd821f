package io.beadhub.mail;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.beadhub.http.OneOfRequired;
import io.beadhub.messaging.SendIdentityFields;
import java.util.UUID;

/** The request bodies of {@link MailRoutes}, for /openapi.json (the routes read the same fields). */
public final class MailRequests {
  private MailRequests() {
  }

  @OneOfRequired({"to_agent_id", "to_alias"})
  public record Send(UUID toAgentId, String toAlias, String subject, @JsonProperty(required = true) String body,
                     String priority, UUID threadId, Integer escalateAfterSeconds,
                     @JsonUnwrapped SendIdentityFields identity) {
  }
}
