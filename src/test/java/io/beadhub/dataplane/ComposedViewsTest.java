package io.beadhub.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Agents;
import io.beadhub.testing.Beads;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 60 §8 acceptance checks over the composed rig and town fixtures (read-only checks). */
class ComposedViewsTest {
  static TestServer server;
  static String key;
  static String otherKey;

  @BeforeAll
  static void load() {
    server = TestServer.start();
    key = Agents.in(server, "composed-p").init().key();
    otherKey = Agents.in(server, "composed-q").init().key();
    Beads.upload(server, key, Beads.RIG, Beads.text("composed-rig.jsonl"));
    Beads.upload(server, key, Beads.TOWN, Beads.text("composed-town.jsonl"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static List<String> ids(JsonNode arr, String field) {
    List<String> out = new ArrayList<>();
    arr.forEach(x -> out.add(x.get(field).asText()));
    return out;
  }

  @Test
  void blockedListsTheSixRowsOfTheWorkedExampleWithTheirReasons() {
    Resp r = server.get("/v1/beads/blocked", key);
    assertThat(r.status()).isEqualTo(200);
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    r.json().get("issues").forEach(i -> byId.put(i.get("bead_id").asText(), i.get("blocked_reasons").get(0)));
    assertThat(byId.keySet()).containsExactlyInAnyOrder("gt-r4x9.3", "gt-r4x9.3.1", "gt-m5n6", "gt-w8t1",
        "gt-x2e7", "gt-z9y8");
    assertThat(byId.get("gt-r4x9.3").get("detail").asText()).isEqualTo("blocked by gt-r4x9.2 (open)");
    assertThat(byId.get("gt-r4x9.3.1").get("kind").asText()).isEqualTo("parent_blocked");
    assertThat(byId.get("gt-m5n6").get("kind").asText()).isEqualTo("conditional_blocks");
    assertThat(byId.get("gt-w8t1").get("detail").asText())
        .isEqualTo("waiting for all children of gt-r4x9 (2 not closed)");
    assertThat(byId.get("gt-x2e7").get("kind").asText()).isEqualTo("unresolved");
    assertThat(byId.get("gt-z9y8").get("detail").asText())
        .isEqualTo("blocked by github.com/example/town:hq-c0a1 (open)");
  }

  @Test
  void blockedWithAnUnknownKindIs422AndAKindFilters() {
    assertThat(server.get("/v1/beads/blocked?kind=bogus", key).status()).isEqualTo(422);
    Resp r = server.get("/v1/beads/blocked?kind=unresolved", key);
    assertThat(ids(r.json().get("issues"), "bead_id")).containsExactly("gt-x2e7");
  }

  @Test
  void readyListsTheFourReadyRowsInPriorityOrder() {
    Resp r = server.get("/v1/beads/ready?limit=100", key);
    assertThat(ids(r.json().get("issues"), "bead_id")).containsExactly("gt-r4x9.2", "gt-z9y7", "hq-c0a1", "gt-k3m0");
  }

  @Test
  void hookOfAPolecatComesFromItsAgentSlotWithAnInvisibleMolecule() {
    for (String agent : List.of("gastown/polecats/nux", "gastown/nux")) {
      JsonNode j = server.get("/v1/beads/hook?agent=" + agent, key).json();
      assertThat(j.get("source").asText()).isEqualTo("agent-slot");
      assertThat(j.get("hook").get("bead_id").asText()).isEqualTo("gt-q8v3");
      assertThat(j.get("attachment").get("attached_molecule").asText()).isEqualTo("gt-wisp-m3k7p");
      assertThat(j.get("attachment").get("dispatched_by").asText()).isEqualTo("gastown/witness");
      assertThat(j.get("anomalies").size()).isEqualTo(1);
      assertThat(j.get("anomalies").get(0).asText()).isEqualTo("molecule_not_visible");
      assertThat(j.get("molecule").isNull()).isTrue();
      assertThat(j.get("next_action").asText()).isEqualTo("execute_hook");
    }
  }

  @Test
  void hookOfMaxIsHisInProgressEpicWithTheNextReadyStep() {
    JsonNode j = server.get("/v1/beads/hook?agent=gastown/crew/max", key).json();
    assertThat(j.get("source").asText()).isEqualTo("in-progress");
    assertThat(j.get("hook").get("bead_id").asText()).isEqualTo("gt-r4x9");
    assertThat(j.get("molecule").get("total").asInt()).isEqualTo(3);
    assertThat(j.get("molecule").get("done").asInt()).isEqualTo(1);
    assertThat(j.get("next_action").asText()).isEqualTo("execute_step");
    assertThat(j.get("next_step").get("bead_id").asText()).isEqualTo("gt-r4x9.2");
  }

  @Test
  void hookOfJoeIsThePinnedFormAndAnnsIsTheHandoffBead() {
    JsonNode joe = server.get("/v1/beads/hook?agent=gastown/crew/joe", key).json();
    assertThat(joe.get("source").asText()).isEqualTo("pinned");
    assertThat(joe.get("hook").get("bead_id").asText()).isEqualTo("gt-h2k8");
    assertThat(joe.get("molecule").get("molecule_id").asText()).isEqualTo("gt-r4x9");
    JsonNode ann = server.get("/v1/beads/hook?agent=gastown/crew/ann", key).json();
    assertThat(ann.get("source").asText()).isEqualTo("handoff-bead");
    assertThat(ann.get("hook").get("bead_id").asText()).isEqualTo("gt-h3m1");
    assertThat(ann.get("attachment").get("no_merge").asBoolean()).isTrue();
    assertThat(ann.get("molecule").get("molecule_id").asText()).isEqualTo("gt-r4x9.3");
    assertThat(ann.get("next_action").asText()).isEqualTo("wait");
  }

  @Test
  void hookOfTheMayorIsNoneAndSaysCheckInbox() {
    JsonNode j = server.get("/v1/beads/hook?agent=mayor/", key).json();
    assertThat(j.get("source").asText()).isEqualTo("none");
    assertThat(j.get("next_action").asText()).isEqualTo("check_inbox");
  }

  @Test
  void hookParameterErrorsAre422And404() {
    assertThat(server.get("/v1/beads/hook", key).detail()).isEqualTo("agent or workspace_id is required");
    assertThat(server.get("/v1/beads/hook?agent=x&workspace_id=" + java.util.UUID.randomUUID(), key).detail())
        .isEqualTo("Give agent or workspace_id, not both");
    Resp r = server.get("/v1/beads/hook?workspace_id=" + java.util.UUID.randomUUID(), key);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.detail()).isEqualTo("Workspace not found");
  }

  @Test
  void inboxOfMaxInBothSpellings() {
    for (String agent : List.of("gastown/crew/max", "gastown/max")) {
      JsonNode j = server.get("/v1/beads/inbox?agent=" + agent, key).json();
      assertThat(ids(j.get("messages"), "bead_id")).containsExactly("hq-9a02", "hq-7c1e", "hq-9a01", "hq-8d20");
      assertThat(j.get("unread_count").asInt()).isEqualTo(3);
    }
    assertThat(ids(server.get("/v1/beads/inbox?agent=gastown/max&unread_only=true", key).json().get("messages"),
        "bead_id")).containsExactly("hq-9a02", "hq-7c1e", "hq-9a01");
    assertThat(ids(server.get("/v1/beads/inbox?agent=gastown/max&include_cc=false", key).json().get("messages"),
        "bead_id")).containsExactly("hq-7c1e", "hq-9a01", "hq-8d20");
  }

  @Test
  void inboxPagesWithACursor() {
    JsonNode p1 = server.get("/v1/beads/inbox?agent=gastown/max&limit=2", key).json();
    assertThat(p1.get("has_more").asBoolean()).isTrue();
    JsonNode p2 = server.get("/v1/beads/inbox?agent=gastown/max&limit=2&cursor="
        + p1.get("next_cursor").asText(), key).json();
    assertThat(ids(p2.get("messages"), "bead_id")).containsExactly("hq-9a01", "hq-8d20");
    assertThat(p2.get("has_more").asBoolean()).isFalse();
  }

  @Test
  void inboxOfTheMayorInBothSpellings() {
    for (String agent : List.of("mayor", "mayor/")) {
      assertThat(ids(server.get("/v1/beads/inbox?agent=" + agent, key).json().get("messages"), "bead_id"))
          .containsExactly("hq-9a02", "hq-7c1f");
    }
  }

  @Test
  void sentListsNewestFirst() {
    assertThat(ids(server.get("/v1/beads/sent?agent=gastown/crew/max", key).json().get("messages"), "bead_id"))
        .containsExactly("hq-7c1f");
    assertThat(ids(server.get("/v1/beads/sent?agent=mayor/", key).json().get("messages"), "bead_id"))
        .containsExactly("hq-7c1e", "hq-8d21");
  }

  @Test
  void threadListsTheMessageThenItsReply() {
    JsonNode j = server.get("/v1/beads/threads/thread-3b9e51a07c2d", key).json();
    assertThat(ids(j.get("messages"), "bead_id")).containsExactly("hq-7c1e", "hq-7c1f");
    assertThat(j.get("messages").get(0).get("depth").asInt()).isZero();
    assertThat(j.get("messages").get(1).get("depth").asInt()).isEqualTo(1);
    assertThat(j.get("messages").get(1).get("reply_to").asText()).isEqualTo("hq-7c1e");
    assertThat(j.get("messages").get(1).get("msg_type").asText()).isEqualTo("reply");
    Resp none = server.get("/v1/beads/threads/thread-000000000000", key);
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.detail()).isEqualTo("Thread not found");
  }

  @Test
  void legacyMailItemHasItsSenderFromTheLabel() {
    JsonNode j = server.get("/v1/beads/inbox?agent=gastown/max", key).json();
    JsonNode m = null;
    for (JsonNode x : j.get("messages")) {
      if (x.get("bead_id").asText().equals("hq-9a01")) {
        m = x;
      }
    }
    assertThat(m.get("from").asText()).isEqualTo("deacon/");
    assertThat(m.get("thread_id").isNull()).isTrue();
    assertThat(m.get("msg_type").asText()).isEqualTo("notification");
  }

  @Test
  void progressOfTheEpicCountsItsDirectChildren() {
    JsonNode j = server.get("/v1/beads/molecules/gt-r4x9/progress", key).json();
    assertThat(j.get("total").asInt()).isEqualTo(3);
    assertThat(j.get("done").asInt()).isEqualTo(1);
    assertThat(j.get("in_progress").asInt()).isZero();
    assertThat(j.get("ready").asInt()).isEqualTo(1);
    assertThat(j.get("blocked").asInt()).isEqualTo(1);
    assertThat(j.get("other").asInt()).isZero();
    assertThat(j.get("percent").asInt()).isEqualTo(33);
    assertThat(j.get("next_ready_step").get("bead_id").asText()).isEqualTo("gt-r4x9.2");
    assertThat(ids(j.get("blocked_steps"), "bead_id")).containsExactly("gt-r4x9.3");
    assertThat(j.get("first_closed").asText()).isEqualTo(j.get("last_closed").asText()).isNotEmpty();
  }

  @Test
  void treeOfTheEpicListsChildrenInOrder() {
    JsonNode j = server.get("/v1/beads/molecules/gt-r4x9", key).json();
    JsonNode root = j.get("root");
    assertThat(ids(root.get("children"), "bead_id")).containsExactly("gt-r4x9.1", "gt-r4x9.2", "gt-r4x9.3");
    assertThat(ids(root.get("children").get(2).get("children"), "bead_id")).containsExactly("gt-r4x9.3.1");
    assertThat(root.get("progress").get("percent").asInt()).isEqualTo(33);
    assertThat(j.get("node_count").asInt()).isEqualTo(5);
  }

  @Test
  void moleculeErrors() {
    Resp missing = server.get("/v1/beads/molecules/zz-nope", key);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.detail()).isEqualTo("Issue not found");
    assertThat(server.get("/v1/beads/molecules/gt-r4x9?max_depth=0", key).status()).isEqualTo(422);
  }

  @Test
  void routesExplainTheKnownRepos() {
    JsonNode repos = server.get("/v1/beads/routes", key).json().get("repos");
    assertThat(ids(repos, "repo")).containsExactly(Beads.RIG, Beads.TOWN);
    assertThat(repos.get(0).get("id_prefix").asText()).isEqualTo("gt");
    assertThat(repos.get(1).get("name").asText()).isEqualTo("town");
    assertThat(repos.get(0).get("live_count").asInt()).isEqualTo(16);
  }

  @Test
  void anotherProjectSeesNoneOfTheseRows() {
    assertThat(server.get("/v1/beads/inbox?agent=gastown/crew/max", otherKey).json().get("count").asInt()).isZero();
    assertThat(server.get("/v1/beads/blocked", otherKey).json().get("count").asInt()).isZero();
    assertThat(server.get("/v1/beads/molecules/gt-r4x9/progress", otherKey).status()).isEqualTo(404);
    assertThat(server.get("/v1/beads/hook?agent=gastown/crew/max", otherKey).json().get("source").asText())
        .isEqualTo("none");
  }

  @Test
  void aThirdProjectLoadingTheSameFixturesSeesOnlyItsOwnRowsAndLeavesTheseUnchanged() {
    String before = server.get("/v1/beads/blocked", key).text() + server.get("/v1/beads/ready?limit=100", key).text();
    String third = Agents.in(server, "composed-r").init().key();
    Beads.upload(server, third, Beads.RIG, Beads.text("composed-rig.jsonl"));
    Beads.upload(server, third, Beads.TOWN, Beads.text("composed-town.jsonl"));
    assertThat(ids(server.get("/v1/beads/inbox?agent=gastown/crew/max", third).json().get("messages"), "bead_id"))
        .containsExactly("hq-9a02", "hq-7c1e", "hq-9a01", "hq-8d20");
    assertThat(server.get("/v1/beads/blocked", third).json().get("count").asInt()).isEqualTo(6);
    assertThat(server.get("/v1/beads/blocked", key).text() + server.get("/v1/beads/ready?limit=100", key).text())
        .isEqualTo(before);
  }

  @Test
  void unauthenticatedCallsAre401() {
    for (String path : List.of("/v1/beads/hook?agent=x", "/v1/beads/inbox?agent=x", "/v1/beads/sent?agent=x",
        "/v1/beads/threads/t", "/v1/beads/molecules/x", "/v1/beads/molecules/x/progress", "/v1/beads/blocked",
        "/v1/beads/routes", "/v1/beads/stale", "/v1/beads/ready")) {
      assertThat(server.get(path, null).status()).as(path).isEqualTo(401);
    }
    assertThat(server.post("/v1/beads/ephemeral", java.util.Map.of("repo", Beads.RIG, "records",
        List.of(java.util.Map.of("id", "gt-wisp-x", "title", "x"))), null).status()).isEqualTo(401);
  }

  @Test
  void noViewChangesAStoredRow() {
    List<String> before = hashes();
    for (String path : List.of("/v1/beads/hook?agent=gastown/crew/max", "/v1/beads/inbox?agent=mayor/",
        "/v1/beads/sent?agent=mayor/", "/v1/beads/threads/thread-3b9e51a07c2d", "/v1/beads/molecules/gt-r4x9",
        "/v1/beads/molecules/gt-r4x9/progress", "/v1/beads/blocked", "/v1/beads/routes", "/v1/beads/stale",
        "/v1/beads/ready?limit=100", "/v1/beads/issues?limit=200", "/v1/beads/issues/gt-r4x9.2?full=true")) {
      assertThat(server.get(path, key).status()).as(path).isEqualTo(200);
    }
    assertThat(hashes()).isEqualTo(before);
  }

  private static List<String> hashes() {
    return server.sql().withHandle(h -> h.createQuery(
        "SELECT bead_id || content_hash || synced_at FROM beads.issues ORDER BY id").mapTo(String.class).list());
  }
}
