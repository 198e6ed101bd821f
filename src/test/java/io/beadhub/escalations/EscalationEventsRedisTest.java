package io.beadhub.escalations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import io.beadhub.testing.Resp;
import io.beadhub.testing.SseClient;
import io.beadhub.testing.TestRedis;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks 21 and 29: the events reach the creator workspace's channel after the commit, here through a
 * second replica, so the fan-out goes over Redis.
 */
class EscalationEventsRedisTest {
  @Test
  void createdAndRespondedEventsArePublishedOnTheCreatorsChannel() {
    try (TestRedis redis = TestRedis.start();
         TestServer server = TestServer.start(Map.of("BEADHUB_REDIS_URL", redis.url()));
         TestServer other = TestServer.startOn(server.databaseUrl(), Map.of("BEADHUB_REDIS_URL", redis.url()))) {
      TwoProjects t = TwoProjects.policies(server);
      try (SseClient stream = SseClient.open(other.base(), "/v1/status/stream?workspace_id=" + t.wa(), t.ka())) {
        Resp c = server.post("/v1/escalations",
            Map.of("workspace_id", t.wa(), "alias", "alice-dev", "subject", "S", "situation", "X"), t.ka());
        String id = c.get("escalation_id").asText();
        server.post("/v1/escalations/" + id + "/respond", Map.of("response", "approved"), t.kb());
        JsonNode created = Json.tree(stream.await(l -> l.startsWith("data: "), Duration.ofSeconds(5)).substring(6));
        JsonNode responded = Json.tree(stream.await(l -> l.startsWith("data: "), Duration.ofSeconds(5)).substring(6));
        assertThat(created.path("type").asText()).isEqualTo("escalation.created");
        assertThat(created.path("alias").asText()).isEqualTo("alice-dev");
        assertThat(created.path("subject").asText()).isEqualTo("S");
        assertThat(created.path("workspace_id").asText()).isEqualTo(t.wa());
        assertThat(created.path("event_id").isIntegralNumber()).isTrue();
        assertThat(responded.path("type").asText()).isEqualTo("escalation.responded");
        assertThat(responded.path("escalation_id").asText()).isEqualTo(id);
        assertThat(responded.path("response").asText()).isEqualTo("approved");
        assertThat(responded.path("event_id").asLong()).isGreaterThan(created.path("event_id").asLong());
      }
    }
  }
}
