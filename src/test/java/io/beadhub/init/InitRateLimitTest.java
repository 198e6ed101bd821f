package io.beadhub.init;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Spec 10 acceptance check 17, with one change on purpose (issue 18): the limit counts a request before
 * its body is read, so invalid bodies count too and a client over the limit gets 429 whatever it sends.
 */
class InitRateLimitTest {
  @Test
  void thirdInitInTheWindowIs429WhateverItsBody() {
    try (TestServer server = TestServer.start(Map.of("BEADHUB_INIT_RATE_LIMIT", "2", "BEADHUB_INIT_RATE_WINDOW", "60"))) {
      assertThat(server.post("/v1/init", Map.of("project_slug", "rl"), null).status()).isEqualTo(200);
      assertThat(server.post("/v1/init", Map.of("project_slug", "rl", "alias", "me"), null).status()).isEqualTo(422);
      Resp third = server.post("/v1/init", Map.of("project_slug", "rl"), null);
      assertThat(third.status()).isEqualTo(429);
      assertThat(third.detail()).isEqualTo("Rate limit exceeded. Too many initialization requests.");
      assertThat(Integer.parseInt(third.header("Retry-After"))).isGreaterThanOrEqualTo(1);
      Resp malformed = server.post("/v1/init", "{not json", null);
      assertThat(malformed.status()).isEqualTo(429);
    }
  }
}
