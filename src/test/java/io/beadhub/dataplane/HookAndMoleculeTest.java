package io.beadhub.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.testing.Agent;
import io.beadhub.testing.Agents;
import io.beadhub.testing.Beads;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 60 §8 checks 22–24, 32 and 33: hook anomalies, identities, a completed molecule, ambiguity. */
class HookAndMoleculeTest {
  static TestServer server;
  static int n;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String loaded() {
    String key = Agents.in(server, "hookx-" + (n++)).init().key();
    Beads.upload(server, key, Beads.RIG, Beads.text("composed-rig.jsonl"));
    Beads.upload(server, key, Beads.TOWN, Beads.text("composed-town.jsonl"));
    return key;
  }

  /** The rig record {@code id}, changed and with a newer updated_at, as one JSONL line. */
  static String changed(String id, Consumer<ObjectNode> change) {
    for (JsonNode x : Beads.records("composed-rig.jsonl")) {
      if (x.get("id").asText().equals(id)) {
        ObjectNode o = (ObjectNode) x;
        change.accept(o);
        o.put("updated_at", "2026-03-01T10:00:00Z");
        return o + "\n";
      }
    }
    throw new IllegalArgumentException(id);
  }

  static List<String> texts(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(x -> out.add(x.isTextual() ? x.asText() : x.get("bead_id").asText()));
    return out;
  }

  @Test
  void aSlotPointingToAClosedBeadIsAnAnomalyAndTwoHookedRowsPickTheNewer() {
    String key = loaded();
    Beads.upload(server, key, Beads.RIG, changed("gt-gastown-polecat-nux", o -> o.put("hook_bead", "gt-r4x9.1")));
    JsonNode j = server.get("/v1/beads/hook?agent=gastown/polecats/nux", key).json();
    // gt-q8v3's attached molecule is a wisp that was never pushed
    assertThat(texts(j.get("anomalies"))).containsExactly("slot_points_to_closed", "molecule_not_visible");
    assertThat(j.get("source").asText()).isEqualTo("hooked");
    assertThat(j.get("hook").get("bead_id").asText()).isEqualTo("gt-q8v3");

    Beads.upload(server, key, Beads.RIG, "{\"id\":\"gt-n3w1\",\"title\":\"Newer hooked work\","
        + "\"status\":\"hooked\",\"priority\":2,\"issue_type\":\"task\",\"assignee\":\"gastown/polecats/nux\","
        + "\"created_at\":\"2026-03-02T10:00:00Z\",\"updated_at\":\"2026-03-02T10:00:00Z\"}\n");
    JsonNode two = server.get("/v1/beads/hook?agent=gastown/nux", key).json();
    assertThat(two.get("hook").get("bead_id").asText()).isEqualTo("gt-n3w1");
    assertThat(texts(two.get("anomalies"))).containsExactly("slot_points_to_closed", "multiple_hooked");
    assertThat(texts(two.get("candidates"))).containsExactly("gt-q8v3");
  }

  @Test
  void workspaceIdentitiesAndParameterErrors() {
    Agent alice = Agents.in(server, "hookx-ws").alias("alice-dev").human("alice-dev").repo(Beads.RIG_ORIGIN).init();
    Agent carol = Agents.in(server, "hookx-ws-q").alias("carol-dev").human("carol-dev").repo(Beads.RIG_ORIGIN).init();
    String key = alice.key();
    JsonNode j = server.get("/v1/beads/hook?workspace_id=" + alice.workspaceId(), key).json();
    assertThat(j.get("agent").asText()).isEqualTo("alice-dev");
    assertThat(texts(j.get("identities"))).containsExactly("alice-dev", "alice-dev/");
    JsonNode byId = server.get("/v1/beads/inbox?agent=" + alice.workspaceId(), key).json();
    assertThat(texts(byId.get("identities"))).containsExactly("alice-dev", "alice-dev/");
    Resp other = server.get("/v1/beads/hook?workspace_id=" + carol.workspaceId(), key);
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.detail()).isEqualTo("Workspace not found");
    assertThat(server.get("/v1/beads/inbox?workspace_id=" + carol.workspaceId(), key).status())
        .isEqualTo(404);
    assertThat(server.get("/v1/beads/hook?agent=x&workspace_id=" + alice.workspaceId(), key)
        .status()).isEqualTo(422);
    assertThat(server.get("/v1/beads/sent", key).status()).isEqualTo(422);
  }

  @Test
  void closingEveryStepCompletesTheMoleculeAndTheHookSaysCloseIt() {
    String key = loaded();
    Beads.upload(server, key, Beads.RIG,
        changed("gt-r4x9.2", o -> o.put("status", "closed").put("closed_at", "2026-03-01T10:00:00Z"))
            + changed("gt-r4x9.3", o -> o.put("status", "closed").put("closed_at", "2026-03-01T11:00:00Z")));
    JsonNode p = server.get("/v1/beads/molecules/gt-r4x9/progress", key).json();
    assertThat(p.get("total").asInt()).isEqualTo(3);
    assertThat(p.get("done").asInt()).isEqualTo(3);
    assertThat(p.get("percent").asInt()).isEqualTo(100);
    assertThat(p.get("complete").asBoolean()).isTrue();
    assertThat(p.get("eligible_for_close").asBoolean()).isTrue();
    assertThat(p.get("status").asText()).isEqualTo("in_progress");
    assertThat(p.get("last_closed").asText()).isEqualTo("2026-03-01T11:00:00+00:00");
    JsonNode h = server.get("/v1/beads/hook?agent=gastown/crew/max", key).json();
    assertThat(h.get("next_action").asText()).isEqualTo("close_hook");
    assertThat(h.get("next_step").isNull()).isTrue();
    JsonNode open = server.get("/v1/beads/molecules/gt-r4x9/progress", loaded()).json();
    assertThat(open.get("complete").asBoolean()).isFalse();
    assertThat(open.get("eligible_for_close").asBoolean()).isFalse();
  }

  @Test
  void aBeadIdInTwoReposIsAmbiguousWithoutRepo() {
    String key = loaded();
    String fork = "github.com/example/fork";
    Beads.upload(server, key, fork, changed("gt-r4x9", o -> { }));
    Resp r = server.get("/v1/beads/molecules/gt-r4x9", key);
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.detail()).isEqualTo("Ambiguous bead_id: gt-r4x9 exists in several repos; pass repo");
    assertThat(texts(r.json().get("candidates").findValues("repo").stream()
        .collect(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance::arrayNode,
            com.fasterxml.jackson.databind.node.ArrayNode::add, (a, b) -> { }))).containsExactly(fork, Beads.RIG);
    assertThat(server.get("/v1/beads/molecules/gt-r4x9/progress", key).status()).isEqualTo(409);
    JsonNode ok = server.get("/v1/beads/molecules/gt-r4x9?repo=" + Beads.RIG, key).json();
    assertThat(ok.get("node_count").asInt()).isEqualTo(5);
    assertThat(server.get("/v1/beads/molecules/gt-r4x9/progress?repo=" + fork, key).json().get("total").asInt())
        .isZero();
    assertThat(server.get("/v1/beads/molecules/zz-none", key).detail()).isEqualTo("Issue not found");
    assertThat(server.get("/v1/beads/molecules/gt-r4x9?repo=" + Beads.RIG + "&max_depth=0", key).status())
        .isEqualTo(422);
  }
}
