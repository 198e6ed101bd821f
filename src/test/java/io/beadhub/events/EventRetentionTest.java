package io.beadhub.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.db.Database;
import io.beadhub.db.DatabaseUrl;
import io.beadhub.testing.TestServer;
import org.junit.jupiter.api.Test;

/** The retention sweep of {@code server.events} (spec 30 §7.3). */
class EventRetentionTest {
  @Test
  void theSweepDeletesOnlyEventsOlderThanTheWindow() {
    try (TestServer s = TestServer.start();
         Database db = new Database(DatabaseUrl.parse(s.databaseUrl()), 2)) {
      s.sql().useHandle(h -> h.execute("""
          INSERT INTO server.events (event_id, project_id, workspace_id, type, payload, created_at) VALUES
            (1, gen_random_uuid(), gen_random_uuid(), 'bead.claimed', '{}', now() - interval '25 hours'),
            (2, gen_random_uuid(), gen_random_uuid(), 'bead.claimed', '{}', now() - interval '1 hour')"""));
      try (EventRetention r = new EventRetention(db, 24, 3600)) {
        r.sweep();
        assertThat(r.sweep()).isZero();
      }
      int left = s.sql().withHandle(h -> h.createQuery("SELECT count(*) FROM server.events").mapTo(Integer.class).one());
      assertThat(left).isEqualTo(1);
    }
  }
}
