package io.beadhub.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Agent;
import io.beadhub.testing.Agents;
import io.beadhub.testing.Resp;
import io.beadhub.testing.SseClient;
import io.beadhub.testing.TestRedis;
import io.beadhub.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two replicas on one database and one Redis: the wake and the waiting registry cross replicas. */
class ChatRedisTest {
  // A bound on waits for frames that must arrive (generous: the full suite loads both cores).
  static final Duration WAIT = Duration.ofSeconds(10);
  static TestRedis redis;
  static TestServer a;
  static TestServer b;

  @BeforeAll
  static void start() {
    redis = TestRedis.start();
    a = TestServer.start(Map.of("BEADHUB_REDIS_URL", redis.url()));
    b = TestServer.startOn(a.databaseUrl(), Map.of("BEADHUB_REDIS_URL", redis.url()));
  }

  @AfterAll
  static void stop() {
    b.close();
    a.close();
    redis.close();
  }

  @Test
  void aStreamOnOneReplicaWakesForASendThroughAnother() {
    Agent alice = Agents.in(a, "redis-chat").alias("alice-dev").init();
    Agent bob = Agents.in(a, "redis-chat").alias("bob-rev").init();
    Resp first = b.post("/v1/chat/sessions", Map.of("to_aliases", List.of("bob-rev"), "message", "hello"),
        alice.key());
    String session = first.get("session_id").asText();
    String path = "/v1/chat/sessions/" + session + "/stream?deadline="
        + Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
    try (SseClient s = SseClient.open(a.base(), path, bob.key())) {
      assertThat(s.next(Duration.ofSeconds(3)).comment()).isEqualTo("keepalive");
      // Replica A's clock held back keeps its 5 s safety-net re-check from running: a message that
      // reaches the stream was woken through Redis.
      a.clock().rewind(Duration.ofHours(1));
      try {
        for (int i = 0; i < 3; i++) {
          JsonNode sent = b.post("/v1/chat/sessions", Map.of("to_aliases", List.of("bob-rev"), "message", "m" + i),
              alice.key()).json();
          // The registry lives in Redis: replica B sees bob's stream on replica A.
          assertThat(sent.path("targets_connected").toString()).isEqualTo("[\"bob-rev\"]");
          SseClient.Frame f = s.nextEvent(WAIT);
          assertThat(f.event()).isEqualTo("message");
          assertThat(f.data().path("body").asText()).isEqualTo("m" + i);
          assertThat(s.nextEvent(WAIT).event()).isEqualTo("read_receipt");
        }
      } finally {
        a.clock().advance(Duration.ofHours(1));
      }
    }
  }
}
