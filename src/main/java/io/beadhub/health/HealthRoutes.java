package io.beadhub.health;

import io.beadhub.common.Access;
import io.beadhub.http.Router;

/** {@code GET /health} (spec 30 §8): always 200; the body says what is unhealthy. */
public final class HealthRoutes {
  private HealthRoutes() {
  }

  public static void register(Router r, HealthService s) {
    r.get("/health", Access.NONE, req -> s.check()).returns(HealthService.Health.class);
  }
}
