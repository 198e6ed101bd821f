package io.beadhub.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.testing.Resp;
import io.beadhub.testing.TestRedis;
import io.beadhub.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthRedisTest {
  @Test
  void healthReportsRedisOkThenErrorWhenItStops() {
    try (TestRedis redis = TestRedis.start();
         TestServer server = TestServer.start(Map.of("BEADHUB_REDIS_URL", redis.url()))) {
      Resp up = server.get("/health", null);
      assertThat(up.json().path("checks").path("redis").asText()).isEqualTo("ok");
      assertThat(up.get("status").asText()).isEqualTo("ok");

      redis.stop();
      Resp down = server.get("/health", null);
      assertThat(down.status()).isEqualTo(200);
      assertThat(down.get("status").asText()).isEqualTo("unhealthy");
      assertThat(down.json().path("checks").path("redis").asText()).startsWith("error:");
    }
  }
}
