package io.beadhub.reservations;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The request bodies of {@link ReservationRoutes}, for /openapi.json. Renew, release and revoke parse into
 * these records; acquire reads the same fields but keeps {@code metadata} as the JSON it was sent.
 */
public final class ReservationRequests {
  private ReservationRequests() {
  }

  public record Acquire(@JsonProperty(required = true) String resourceKey, Long ttlSeconds,
                        Map<String, Object> metadata) {
  }

  public record Renew(@JsonProperty(required = true) String resourceKey, Long ttlSeconds) {
  }

  public record Release(@JsonProperty(required = true) String resourceKey) {
  }

  public record Revoke(String prefix) {
  }
}
