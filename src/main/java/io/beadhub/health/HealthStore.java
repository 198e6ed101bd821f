package io.beadhub.health;

import org.jdbi.v3.core.Handle;

/** The database probe of the health check. */
final class HealthStore {
  private HealthStore() {
  }

  /** A round trip that needs a pooled connection and a live server, nothing more. */
  static void ping(Handle h) {
    h.createQuery("SELECT 1").mapTo(Integer.class).one();
  }
}
