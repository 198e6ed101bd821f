package io.beadhub.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.Json;
import io.beadhub.testing.Agents;
import io.beadhub.testing.Beads;
import io.beadhub.testing.TestServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The materialised state follows every write (spec 60 §4.7; §8 checks 6 and 7). */
class StateFreshnessTest {
  static TestServer server;
  static String key;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    key = Agents.in(server, "fresh").init().key();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Map<String, JsonNode> blocked() {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    server.get("/v1/beads/blocked", key).json().get("issues")
        .forEach(i -> out.put(i.get("bead_id").asText(), i.get("blocked_reasons").get(0)));
    return out;
  }

  @Test
  void crossRepoReasonResolvesOnceTheTownLoadsAndClosingAStepUnblocksItsDependents() {
    Beads.upload(server, key, Beads.RIG, Beads.text("composed-rig.jsonl"));
    assertThat(blocked().get("gt-z9y8").get("kind").asText()).isEqualTo("unresolved");
    assertThat(server.get("/v1/beads/ready?limit=100", key).text()).contains("gt-z9y7");

    Beads.upload(server, key, Beads.TOWN, Beads.text("composed-town.jsonl"));
    JsonNode z = blocked().get("gt-z9y8");
    assertThat(z.get("kind").asText()).isEqualTo("blocks");
    assertThat(z.get("target").get("repo").asText()).isEqualTo(Beads.TOWN);
    assertThat(z.get("target").get("bead_id").asText()).isEqualTo("hq-c0a1");

    ObjectNode step = null;
    for (String line : Beads.text("composed-rig.jsonl").split("\n")) {
      if (line.contains("\"id\":\"gt-r4x9.2\"")) {
        step = (ObjectNode) Json.tree(line);
      }
    }
    step.put("status", "closed");
    step.put("closed_at", "2026-03-01T10:00:00Z");
    step.put("updated_at", "2026-03-01T10:00:00Z");
    Beads.upload(server, key, Beads.RIG, step.toString());

    Map<String, JsonNode> b = blocked();
    assertThat(b).doesNotContainKeys("gt-r4x9.3", "gt-r4x9.3.1");
    assertThat(b.get("gt-m5n6").get("kind").asText()).isEqualTo("conditional_blocks");
    assertThat(b.get("gt-w8t1").get("detail").asText())
        .isEqualTo("waiting for all children of gt-r4x9 (1 not closed)");
    String ready = server.get("/v1/beads/ready?limit=100", key).text();
    for (String id : List.of("gt-r4x9.3", "gt-r4x9.3.1")) {
      assertThat(ready).contains("\"" + id + "\"");
    }
  }
}
