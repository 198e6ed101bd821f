package io.beadhub.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.testing.SseClient;
import io.beadhub.testing.TestRedis;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two servers on one PostgreSQL and one Redis behave as one (spec README, 30 §7.3). */
class TwoReplicaTest {
  @Test
  void anEventCausedOnOneReplicaIsSeenOnAStreamOfTheOther() {
    try (TestRedis redis = TestRedis.start();
         TestServer one = TestServer.start(Map.of("BEADHUB_REDIS_URL", redis.url()));
         TestServer two = TestServer.startOn(one.databaseUrl(), Map.of("BEADHUB_REDIS_URL", redis.url()))) {
      TwoProjects w = TwoProjects.workspaces(one);
      w.claim(one, w.wb(), "bob-rev", "bd-1");
      try (SseClient stream = SseClient.open(two.base(), "/v1/status/stream", w.ka())) {
        assertThat(stream.status()).isEqualTo(200);
        assertThat(one.delete("/v1/workspaces/" + w.wb(), w.ka()).status()).isEqualTo(200);
        String data = stream.await(l -> l.startsWith("data: "), Duration.ofSeconds(2));
        assertThat(data).contains("\"type\":\"bead.unclaimed\"").contains("bd-1");
      }
      // Presence written through one replica is visible through the other.
      one.post("/v1/agents/register", Map.of("workspace_id", w.wa(), "alias", "alice-dev", "program", "x"), w.ka());
      assertThat(two.get("/v1/workspaces/online", w.ka()).get("workspaces").get(0).path("workspace_id").asText())
          .isEqualTo(w.wa());
    }
  }
}
