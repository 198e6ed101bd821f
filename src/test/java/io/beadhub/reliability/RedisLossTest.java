package io.beadhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.testing.Reliability;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestRedis;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Redis lost during traffic (spec 30 §9.3: Redis is optional, PostgreSQL the only authority): the
 * agents' calls keep working — promptly, never a 5xx — and presence comes back with Redis.
 */
class RedisLossTest {
  @Test
  void theAgentsCallsKeepAnsweringWhileRedisIsDownAndPresenceReturnsWithIt() {
    try (TestRedis redis = TestRedis.start();
         TestServer s = TestServer.start(Map.of("BEADHUB_REDIS_URL", redis.url()))) {
      TwoProjects w = TwoProjects.workspaces(s);
      List<Supplier<Resp>> calls = calls(s, w);
      calls.forEach(c -> assertThat(c.get().status()).isLessThan(500));

      redis.stop();
      List<String> slow = new ArrayList<>();
      int rounds = Reliability.scale(3, 30);
      for (int i = 0; i < rounds; i++) {
        for (Supplier<Resp> c : calls) {
          long t0 = System.nanoTime();
          Resp r = c.get();
          long ms = (System.nanoTime() - t0) / 1_000_000;
          assertThat(r.status()).as(r.toString()).isLessThan(500);
          assertThat(r.text()).startsWith("{");
          if (ms > 2_000) {
            slow.add(ms + " ms: " + r);
          }
        }
      }
      assertThat(slow).as("calls slower than 2 s while Redis was down").isEmpty();
      assertThat(s.get("/health", null).get("checks").get("redis").asText()).startsWith("error");

      redis.restart();
      Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        s.post("/v1/agents/register", Map.of("workspace_id", w.wa(), "alias", "alice-dev"), w.ka());
        assertThat(s.get("/v1/workspaces/online", w.ka()).get("workspaces").toString()).contains(w.wa());
      });
    }
  }

  private static List<Supplier<Resp>> calls(TestServer s, TwoProjects w) {
    int[] n = {0};
    return List.of(
        () -> s.post("/v1/agents/register", Map.of("workspace_id", w.wa(), "alias", "alice-dev"), w.ka()),
        () -> s.get("/v1/status", w.ka()),
        () -> s.get("/v1/workspaces", w.ka()),
        () -> s.get("/v1/workspaces/online", w.ka()),
        () -> s.post("/v1/messages", Map.of("to_alias", "bob-rev", "body", "m" + n[0]++), w.ka()),
        () -> s.get("/v1/messages/inbox?unread_only=true&limit=500", w.kb()),
        () -> s.post("/v1/chat/sessions", Map.of("to_aliases", List.of("bob-rev"), "message", "hi"), w.ka()),
        () -> s.get("/v1/chat/pending", w.kb()),
        () -> s.post("/v1/reservations", Map.of("resource_key", "f" + n[0]++, "ttl_seconds", 60), w.ka()),
        () -> s.get("/health", null));
  }
}
