package io.beadhub.workspaces;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spec 30 §11 check 17: presence expires after {@code BEADHUB_PRESENCE_TTL_SECONDS}. */
class PresenceTtlTest {
  @Test
  void presenceExpiresAfterTheConfiguredTtl() {
    try (TestServer s = TestServer.start(Map.of("BEADHUB_PRESENCE_TTL_SECONDS", "10"))) {
      TwoProjects w = TwoProjects.workspaces(s);
      s.post("/v1/agents/register", Map.of("workspace_id", w.wa(), "alias", "alice-dev"), w.ka());
      assertThat(s.get("/v1/agents", w.ka()).get("agents").get(0).path("online").asBoolean()).isTrue();
      s.clock().advance(java.time.Duration.ofSeconds(11));
      assertThat(s.get("/v1/agents", w.ka()).get("agents").get(0).path("online").asBoolean()).isFalse();
      assertThat(s.get("/v1/workspaces/online", w.ka()).get("workspaces").size()).isZero();
    }
  }
}
