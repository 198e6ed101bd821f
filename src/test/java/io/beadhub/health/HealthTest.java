package io.beadhub.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HealthTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void healthIsOkWithRedisDisabledWhenNotConfigured() {
    Resp r = server.get("/health", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("status").asText()).isEqualTo("ok");
    assertThat(r.json().path("checks").path("database").asText()).isEqualTo("ok");
    assertThat(r.json().path("checks").path("redis").asText()).isEqualTo("disabled");
  }

  @Test
  void unknownPathIs404WithDetail() {
    Resp r = server.get("/v1/nothing-here", null);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.detail()).isEqualTo("Not Found");
  }

  @Test
  void wrongMethodIs405WithAllowHeaderBeforeCredentials() {
    Resp r = server.get("/v1/agents/heartbeat", null);
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.detail()).isEqualTo("Method Not Allowed");
    assertThat(r.header("Allow")).isEqualTo("POST");
  }
}
