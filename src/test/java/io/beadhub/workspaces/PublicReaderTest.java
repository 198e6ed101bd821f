package io.beadhub.workspaces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.ProxyAuth;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spec 30 §11 check 45: public readers get the redacted views (10 §5.8). */
class PublicReaderTest {
  @Test
  void publicReadersSeeRedactedWorkspacesAndStatus() throws Exception {
    try (TestServer s = TestServer.start(Map.of("BEADHUB_INTERNAL_AUTH_SECRET", ProxyAuth.SECRET))) {
      TwoProjects w = TwoProjects.workspaces(s);
      s.post("/v1/agents/register", Map.of("workspace_id", w.wa(), "alias", "alice-dev"), w.ka());
      s.sql().useHandle(h -> h.execute("""
          INSERT INTO server.escalations (project_id, workspace_id, alias, subject, situation)
          VALUES (?::uuid, ?::uuid, 'alice-dev', 's', 's')""", w.pId(), w.wa()));
      assertThat(s.get("/v1/status", w.ka()).get("escalations_pending").asInt()).isEqualTo(1);
      Map<String, String> h = ProxyAuth.publicReader(w.pId(), w.wa());
      Resp list = s.send("GET", "/v1/workspaces", null, h);
      assertThat(list.status()).isEqualTo(200);
      for (JsonNode item : list.get("workspaces")) {
        assertThat(item.path("member_email").isNull()).isTrue();
        assertThat(item.path("role").isNull()).isTrue();
        assertThat(item.path("hostname").isNull()).isTrue();
        assertThat(item.path("workspace_path").isNull()).isTrue();
        assertThat(item.path("human_name").asText()).isNotEmpty();
      }
      Resp status = s.send("GET", "/v1/status", null, h);
      assertThat(status.get("agents").size()).isEqualTo(1);
      assertThat(status.get("agents").get(0).path("member").isNull()).isTrue();
      assertThat(status.get("escalations_pending").asInt()).isZero();
      assertThat(s.send("POST", "/v1/workspaces/heartbeat", Map.of(), h).status()).isEqualTo(403);
    }
  }
}
