package io.beadhub.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Agent;
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

/** Spec 60 §8 checks 8–15: each rule of the ready / blocked rule set on its own. */
class RuleSetTest {
  static final String REPO = "github.com/example/rules";
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

  static String rec(String id, String status, String extra) {
    return "{\"id\":\"" + id + "\",\"title\":\"" + id + "\",\"status\":\"" + status + "\",\"priority\":2,"
        + "\"issue_type\":\"task\",\"created_at\":\"2026-03-01T10:00:00Z\",\"updated_at\":\"2026-03-01T10:00:00Z\""
        + (extra.isEmpty() ? "" : "," + extra) + "}\n";
  }

  static String dep(String from, String to, String type) {
    return "{\"issue_id\":\"" + from + "\",\"depends_on_id\":\"" + to + "\",\"type\":\"" + type + "\"}";
  }

  static Map<String, JsonNode> blocked(String key) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    server.get("/v1/beads/blocked?limit=200", key).json().get("issues")
        .forEach(i -> out.put(i.get("bead_id").asText(), i.get("blocked_reasons")));
    return out;
  }

  static List<String> ready(String key, String query) {
    List<String> out = new ArrayList<>();
    Resp r = server.get("/v1/beads/ready?limit=1000" + query, key);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    r.json().get("issues").forEach(i -> out.add(i.get("bead_id").asText()));
    return out;
  }

  static String fresh() {
    return Agents.in(server, "rules-" + (n++)).init().key();
  }

  @Test
  void anyChildrenGateBlocksUntilOneChildOfTheSpawnerCloses() {
    String key = fresh();
    Beads.upload(server, key, REPO, rec("rs-sp", "open", "") + rec("rs-gate", "open",
        "\"dependencies\":[{\"issue_id\":\"rs-gate\",\"depends_on_id\":\"rs-sp\",\"type\":\"waits-for\","
            + "\"metadata\":\"{\\\"gate\\\":\\\"any-children\\\"}\"}]"));
    JsonNode r = blocked(key).get("rs-gate").get(0);
    assertThat(r.get("kind").asText()).isEqualTo("waits_for");
    assertThat(r.get("gate").asText()).isEqualTo("any-children");
    assertThat(r.get("detail").asText()).isEqualTo("waiting for any child of rs-sp to close");
    Beads.upload(server, key, REPO, rec("rs-sp.1", "closed", "\"closed_at\":\"2026-03-01T10:00:00Z\""));
    assertThat(blocked(key)).doesNotContainKey("rs-gate");
    assertThat(ready(key, "")).contains("rs-gate");
  }

  @Test
  void blockedByStatusParentsAndCycles() {
    String key = fresh();
    Beads.upload(server, key, REPO,
        rec("rs-x", "open", "")
            + rec("rs-bb", "open", "\"dependencies\":[" + dep("rs-bb", "rs-x", "blocked-by") + "]")
            + rec("rs-st", "blocked", "")
            + rec("rs-st.1", "open", "\"dependencies\":[" + dep("rs-st.1", "rs-st", "parent-child") + "]")
            + rec("rs-ca", "open", "\"dependencies\":[" + dep("rs-ca", "rs-cb", "parent-child") + "]")
            + rec("rs-cb", "open", "\"dependencies\":[" + dep("rs-cb", "rs-ca", "parent-child") + "]"));
    Map<String, JsonNode> b = blocked(key);
    assertThat(b.keySet()).containsExactlyInAnyOrder("rs-bb", "rs-st", "rs-st.1");
    assertThat(b.get("rs-bb").get(0).get("kind").asText()).isEqualTo("blocks");
    assertThat(b.get("rs-bb").get(0).get("edge_type").asText()).isEqualTo("blocked-by");
    assertThat(b.get("rs-bb").get(0).get("detail").asText()).isEqualTo("blocked by rs-x (open)");
    assertThat(b.get("rs-st").get(0).get("kind").asText()).isEqualTo("status");
    assertThat(b.get("rs-st").get(0).get("detail").asText()).isEqualTo("status is blocked");
    assertThat(b.get("rs-st.1").get(0).get("kind").asText()).isEqualTo("parent_blocked");
    assertThat(b.get("rs-st.1").get(0).get("detail").asText()).isEqualTo("parent rs-st is blocked");
    assertThat(ready(key, "")).contains("rs-ca", "rs-cb", "rs-x").doesNotContain("rs-bb", "rs-st", "rs-st.1");
    JsonNode issue = server.get("/v1/beads/issues/rs-bb", key).json();
    assertThat(issue.get("blocked").asBoolean()).isTrue();
    assertThat(issue.get("blocked_by").get(0).get("bead_id").asText()).isEqualTo("rs-x");
    assertThat(issue.get("blocked_reasons").get(0).get("kind").asText()).isEqualTo("blocks");
    JsonNode child = server.get("/v1/beads/issues/rs-st.1", key).json();
    assertThat(child.get("parent_id").get("bead_id").asText()).isEqualTo("rs-st");
    assertThat(child.get("parent_id").get("repo").asText()).isEqualTo(REPO);
  }

  @Test
  void externalReferencesResolveByRepoNameOrPrefixAndCapabilitiesByProvidesLabels() {
    String key = fresh();
    Beads.upload(server, key, Beads.TOWN, Beads.text("composed-town.jsonl"));
    Beads.upload(server, key, REPO,
        rec("rs-e1", "open", "\"dependencies\":[" + dep("rs-e1", "external:town:hq-c0a1", "blocks") + "]")
            + rec("rs-e2", "open", "\"dependencies\":[" + dep("rs-e2", "external:hq:hq-c0a1", "blocks") + "]")
            + rec("rs-e3", "open", "\"dependencies\":[" + dep("rs-e3", "external:town:auth-api", "blocks") + "]"));
    Map<String, JsonNode> b = blocked(key);
    for (String id : List.of("rs-e1", "rs-e2")) {
      JsonNode r = b.get(id).get(0);
      assertThat(r.get("kind").asText()).isEqualTo("blocks");
      assertThat(r.get("target").get("repo").asText()).isEqualTo(Beads.TOWN);
      assertThat(r.get("detail").asText()).isEqualTo("blocked by github.com/example/town:hq-c0a1 (open)");
    }
    assertThat(b.get("rs-e3").get(0).get("kind").asText()).isEqualTo("external");
    assertThat(b.get("rs-e3").get(0).get("detail").asText())
        .isEqualTo("external capability external:town:auth-api not provided");
    Beads.upload(server, key, Beads.TOWN, rec("hq-prov", "closed",
        "\"closed_at\":\"2026-03-01T10:00:00Z\",\"labels\":[\"provides:auth-api\"]"));
    assertThat(blocked(key)).doesNotContainKey("rs-e3").containsKeys("rs-e1", "rs-e2");
    assertThat(ready(key, "")).contains("rs-e3");
  }

  @Test
  void aRowClaimedByBobLeavesAlicesReadyListButNotHis() {
    Agent alice = Agents.in(server, "rules-claims").alias("alice-dev").human("alice-dev").repo(Beads.RIG_ORIGIN).init();
    Agent bob = Agents.in(server, "rules-claims").alias("bob-rev").human("bob-rev").repo(Beads.RIG_ORIGIN).init();
    String key = alice.key();
    assertThat(Beads.full(server, alice, Beads.text("composed-rig.jsonl"), null).status())
        .isEqualTo(200);
    assertThat(Beads.full(server, bob, Beads.text("composed-rig.jsonl"),
        "update gt-k3m0 --status in_progress").status()).isEqualTo(200);
    String a = "&workspace_id=" + alice.workspaceId();
    String b = "&workspace_id=" + bob.workspaceId();
    assertThat(ready(key, a)).doesNotContain("gt-k3m0").contains("gt-r4x9.2");
    assertThat(ready(key, "")).doesNotContain("gt-k3m0");
    assertThat(ready(key, b)).contains("gt-k3m0");
    JsonNode all = server.get("/v1/beads/ready?limit=100&include_claimed=true" + a, key).json().get("issues");
    JsonNode claimed = null;
    for (JsonNode i : all) {
      if (i.get("bead_id").asText().equals("gt-k3m0")) {
        claimed = i;
      } else {
        assertThat(i.get("claimed_by").isNull()).isTrue();
      }
    }
    assertThat(claimed.get("claimed_by").get("alias").asText()).isEqualTo("bob-rev");
    assertThat(claimed.get("claimed_by").get("workspace_id").asText()).isEqualTo(bob.workspaceId());
  }

  @Test
  void deferredRowsAndChildrenOfDeferredParentsAreNeitherReadyNorBlocked() {
    String key = fresh();
    Beads.upload(server, key, Beads.RIG, Beads.text("composed-rig.jsonl"));
    Beads.upload(server, key, REPO, rec("rs-dp", "deferred", "") + rec("rs-dp.1", "open", "")
        + rec("rs-past", "open", "\"defer_until\":\"2020-01-01T00:00:00Z\""));
    List<String> ready = ready(key, "");
    assertThat(ready).doesNotContain("gt-d4f1", "rs-dp.1", "rs-dp").contains("rs-past");
    assertThat(blocked(key)).doesNotContainKeys("gt-d4f1", "rs-dp.1");
  }

  @Test
  void readyFiltersAndOrders() {
    String key = fresh();
    Beads.upload(server, key, Beads.RIG, Beads.text("composed-rig.jsonl"));
    Beads.upload(server, key, Beads.TOWN, Beads.text("composed-town.jsonl"));
    List<String> oldest = ready(key, "&sort=oldest");
    List<String> created = new ArrayList<>();
    server.get("/v1/beads/ready?limit=100&sort=oldest", key).json().get("issues")
        .forEach(i -> created.add(i.get("created_at").asText()));
    assertThat(created).isSorted();
    assertThat(oldest).containsExactlyInAnyOrder("gt-r4x9.2", "gt-z9y7", "hq-c0a1", "gt-k3m0");
    assertThat(ready(key, "&sort=hybrid")).containsExactlyInAnyOrderElementsOf(oldest);
    assertThat(ready(key, "&parent=gt-r4x9")).containsExactly("gt-r4x9.2");
    assertThat(server.get("/v1/beads/ready?parent=zz-nope", key).status()).isEqualTo(404);
    assertThat(ready(key, "&label=area:auth")).containsExactly("gt-r4x9.2");
    server.get("/v1/beads/ready?limit=100&type=task,bug", key).json().get("issues")
        .forEach(i -> assertThat(i.get("type").asText()).isIn("task", "bug"));
    assertThat(ready(key, "&type=epic")).isEmpty();
    server.get("/v1/beads/ready?limit=100&unassigned=true", key).json().get("issues")
        .forEach(i -> assertThat(i.get("assignee").isNull()).isTrue());
    assertThat(ready(key, "&repo=" + Beads.TOWN)).containsExactly("hq-c0a1");
    assertThat(ready(key, "&priority=2")).containsExactly("gt-k3m0");
    JsonNode step = server.get("/v1/beads/ready?parent=gt-r4x9", key).json().get("issues").get(0);
    assertThat(step.get("parent_id").get("bead_id").asText()).isEqualTo("gt-r4x9");
  }
}
