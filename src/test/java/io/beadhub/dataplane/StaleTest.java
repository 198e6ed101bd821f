package io.beadhub.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.testing.Agent;
import io.beadhub.testing.Agents;
import io.beadhub.testing.Beads;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 60 §8 checks 34–36: stale claims and hooks. */
class StaleTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static void present(Agent ws, int ttl) {
    Resp r = server.post("/v1/agents/register", Map.of("workspace_id", ws.workspaceId(),
        "alias", ws.alias(), "ttl_seconds", ttl), ws.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  static void age(String sql) {
    server.sql().useHandle(h -> h.execute(sql));
  }

  static List<String> ids(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(x -> out.add(x.get("bead_id").asText()));
    return out;
  }

  static JsonNode find(JsonNode arr, String id) {
    for (JsonNode x : arr) {
      if (x.get("bead_id").asText().equals(id)) {
        return x;
      }
    }
    return null;
  }

  static String rigWith(String id, String status) {
    StringBuilder out = new StringBuilder();
    for (JsonNode n : Beads.records("composed-rig.jsonl")) {
      if (n.get("id").asText().equals(id)) {
        ((ObjectNode) n).put("status", status).put("updated_at", "2026-03-01T10:00:00Z");
        if (status.equals("closed")) {
          ((ObjectNode) n).put("closed_at", "2026-03-01T10:00:00Z");
        }
      }
      out.append(n).append('\n');
    }
    return out.toString();
  }

  @Test
  void anOldClaimOfAnAbsentWorkspaceIsStaleAndOfAPresentOneIsNot() {
    Agent alice = Agents.in(server, "stale-a").alias("alice-dev").human("alice-dev").repo(Beads.RIG_ORIGIN).init();
    String key = alice.key();
    assertThat(Beads.full(server, alice, Beads.text("composed-rig.jsonl"),
        "update gt-r4x9.2 --status in_progress").status()).isEqualTo(200);
    age("UPDATE server.bead_claims SET claimed_at = now() - interval '5 minutes'");
    age("UPDATE server.workspaces SET last_seen_at = now() - interval '5 minutes'");
    present(alice, 3);
    JsonNode fresh = server.get("/v1/beads/stale?kind=claims&older_than_seconds=60", key).json();
    assertThat(ids(fresh.get("claims"))).doesNotContain("gt-r4x9.2");
    assertThat(fresh.get("hooks").isNull()).isTrue();
    Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() ->
        ids(server.get("/v1/beads/stale?kind=claims&older_than_seconds=60", key).json().get("claims"))
            .contains("gt-r4x9.2"));
    JsonNode c = find(server.get("/v1/beads/stale?kind=claims&older_than_seconds=60", key).json().get("claims"),
        "gt-r4x9.2");
    assertThat(c.get("reasons").toString()).isEqualTo("[\"workspace_offline\",\"workspace_idle\"]");
    assertThat(c.get("online").asBoolean()).isFalse();
    assertThat(c.get("alias").asText()).isEqualTo("alice-dev");
    assertThat(c.get("bead_status").asText()).isEqualTo("open");
    assertThat(c.get("repo").asText()).isEqualTo(Beads.RIG);
    assertThat(c.get("age_seconds").asLong()).isGreaterThanOrEqualTo(300);
    // the default threshold (4 h) is not reached
    assertThat(ids(server.get("/v1/beads/stale?kind=claims", key).json().get("claims"))).isEmpty();
  }

  @Test
  void aClaimOnABeadClosedByALaterSyncIsReleasedAndAClaimOnNoBeadIsBeadMissing() {
    Agent alice = Agents.in(server, "stale-b").alias("alice-dev").human("alice-dev").repo(Beads.RIG_ORIGIN).init();
    String key = alice.key();
    assertThat(Beads.full(server, alice, Beads.text("composed-rig.jsonl"),
        "update gt-k3m0 --status in_progress").status()).isEqualTo(200);
    assertThat(Beads.full(server, alice, rigWith("gt-k3m0", "closed"), null).status())
        .isEqualTo(200);
    assertThat(Beads.full(server, alice, rigWith("gt-k3m0", "closed"),
        "update zz-404 --status in_progress").status()).isEqualTo(200);
    age("UPDATE server.bead_claims SET claimed_at = now() - interval '5 minutes'");
    JsonNode claims = server.get("/v1/beads/stale?kind=claims&older_than_seconds=60", key).json().get("claims");
    assertThat(ids(claims)).containsExactly("zz-404");
    assertThat(find(claims, "zz-404").get("reasons").toString()).contains("\"bead_missing\"");
    assertThat(find(claims, "zz-404").get("bead_status").isNull()).isTrue();
  }

  @Test
  void aHookedRowWithNoWorkspaceHasNoLivenessUntilItsAgentIsPresent() {
    String key = Agents.in(server, "stale-c").init().key();
    Beads.upload(server, key, Beads.RIG, Beads.text("composed-rig.jsonl"));
    JsonNode hooks = server.get("/v1/beads/stale?kind=hooks", key).json().get("hooks");
    assertThat(ids(hooks)).containsExactly("gt-q8v3");
    assertThat(hooks.get(0).get("reasons").toString()).isEqualTo("[\"no_liveness\"]");
    assertThat(hooks.get(0).get("workspaces").size()).isZero();
    Agent nux = Agents.in(server, "stale-c").alias("nux").human("nux").repo(Beads.RIG_ORIGIN).init();
    present(nux, 3);
    JsonNode all = server.get("/v1/beads/stale", key).json();
    assertThat(ids(all.get("hooks"))).isEmpty();
    assertThat(all.get("claims").isArray()).isTrue();
    Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() ->
        ids(server.get("/v1/beads/stale?kind=hooks", key).json().get("hooks")).contains("gt-q8v3"));
    JsonNode h = server.get("/v1/beads/stale?kind=hooks", key).json().get("hooks").get(0);
    assertThat(h.get("reasons").toString()).isEqualTo("[\"assignee_offline\"]");
    assertThat(h.get("workspaces").get(0).get("alias").asText()).isEqualTo("nux");
    assertThat(h.get("workspaces").get(0).get("online").asBoolean()).isFalse();
  }

  @Test
  void badParametersAre422AndNoKeyIs401() {
    String key = Agents.in(server, "stale-d").init().key();
    Resp bogus = server.get("/v1/beads/stale?kind=bogus", key);
    assertThat(bogus.status()).isEqualTo(422);
    assertThat(bogus.detail()).isEqualTo("Invalid kind: bogus. Valid: claims, hooks");
    assertThat(server.get("/v1/beads/stale?older_than_seconds=59", key).status()).isEqualTo(422);
    assertThat(server.get("/v1/beads/stale?limit=501", key).status()).isEqualTo(422);
    assertThat(server.get("/v1/beads/stale", null).status()).isEqualTo(401);
  }
}
