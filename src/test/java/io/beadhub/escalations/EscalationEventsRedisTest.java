package io.beadhub.escalations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.http.Json;
import io.beadhub.policies.Team;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestRedis;
import io.beadhub.testing.TestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Checks 21 and 29: the events reach the creator workspace's channel after the commit. */
class EscalationEventsRedisTest {
  @Test
  void createdAndRespondedEventsArePublishedOnTheCreatorsChannel() {
    try (TestRedis redis = TestRedis.start();
         TestServer server = TestServer.start(Map.of("BEADHUB_REDIS_URL", redis.url()))) {
      Team t = Team.create(server);
      RedisClient client = RedisClient.create(redis.url());
      List<JsonNode> got = new CopyOnWriteArrayList<>();
      try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub()) {
        sub.addListener(new RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, String message) {
            got.add(Json.tree(message));
          }
        });
        sub.sync().subscribe("events:" + t.wa());
        Resp c = server.post("/v1/escalations",
            Map.of("workspace_id", t.wa(), "alias", "alice-dev", "subject", "S", "situation", "X"), t.ka());
        String id = c.get("escalation_id").asText();
        server.post("/v1/escalations/" + id + "/respond", Map.of("response", "approved"), t.kb());
        await().atMost(Duration.ofSeconds(5)).until(() -> got.size() >= 2);
        assertThat(got.get(0).path("type").asText()).isEqualTo("escalation.created");
        assertThat(got.get(0).path("alias").asText()).isEqualTo("alice-dev");
        assertThat(got.get(0).path("subject").asText()).isEqualTo("S");
        assertThat(got.get(0).path("workspace_id").asText()).isEqualTo(t.wa());
        assertThat(got.get(0).path("event_id").isIntegralNumber()).isTrue();
        assertThat(got.get(1).path("type").asText()).isEqualTo("escalation.responded");
        assertThat(got.get(1).path("escalation_id").asText()).isEqualTo(id);
        assertThat(got.get(1).path("response").asText()).isEqualTo("approved");
      } finally {
        client.shutdown();
      }
    }
  }
}
