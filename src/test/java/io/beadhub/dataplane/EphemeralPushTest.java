package io.beadhub.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.Json;
import io.beadhub.testing.Agent;
import io.beadhub.testing.Agents;
import io.beadhub.testing.Beads;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 60 §8 checks 20, 21, 26 (after push) and 37–41: the ephemeral side store. */
class EphemeralPushTest {
  static TestServer server;
  static Agent alice;
  static String key;
  static String otherKey;
  static JsonNode rigPush;

  @BeforeAll
  static void load() {
    server = TestServer.start();
    alice = Agents.in(server, "eph-p").alias("alice-dev").human("alice-dev").repo(Beads.RIG_ORIGIN).init();
    key = alice.key();
    otherKey = Agents.in(server, "eph-q").init().key();
    assertThat(Beads.full(server, alice, Beads.text("composed-rig.jsonl"), null).status())
        .isEqualTo(200);
    Beads.upload(server, key, Beads.TOWN, Beads.text("composed-town.jsonl"));
    Resp r = Beads.push(server, key, Beads.RIG, "composed-wisps-rig.jsonl", null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    rigPush = r.json();
    assertThat(Beads.push(server, key, Beads.TOWN, "composed-wisps-town.jsonl", null).status()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static List<String> ids(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(x -> out.add(x.get("bead_id").asText()));
    return out;
  }

  @Test
  void pushOfTheRigWispsInsertsFourAndReadyHidesWispsUnlessAsked() {
    assertThat(rigPush.get("accepted").asInt()).isEqualTo(4);
    assertThat(rigPush.get("inserted").asInt()).isEqualTo(4);
    assertThat(rigPush.get("skipped").size()).isZero();
    assertThat(rigPush.get("expires_at").asText()).endsWith("+00:00");
    assertThat(ids(server.get("/v1/beads/ready?limit=100", key).json().get("issues"))).doesNotContain("gt-wisp-q2s");
    assertThat(ids(server.get("/v1/beads/ready?limit=100&include_ephemeral=true", key).json().get("issues")))
        .contains("gt-wisp-q2s");
  }

  @Test
  void hookOfThePolecatSeesThePushedMoleculeAndItsHookIsNowBlocked() {
    JsonNode j = server.get("/v1/beads/hook?agent=gastown/polecats/nux", key).json();
    assertThat(j.get("anomalies").size()).isZero();
    JsonNode mol = j.get("molecule");
    assertThat(mol.get("molecule_id").asText()).isEqualTo("gt-wisp-m3k7p");
    assertThat(mol.get("total").asInt()).isEqualTo(3);
    assertThat(mol.get("done").asInt()).isEqualTo(1);
    assertThat(mol.get("ready").asInt()).isEqualTo(1);
    assertThat(mol.get("blocked").asInt()).isEqualTo(1);
    assertThat(j.get("next_action").asText()).isEqualTo("execute_step");
    assertThat(j.get("next_step").get("bead_id").asText()).isEqualTo("gt-wisp-q2s");
    Map<String, JsonNode> blocked = new LinkedHashMap<>();
    server.get("/v1/beads/blocked", key).json().get("issues")
        .forEach(i -> blocked.put(i.get("bead_id").asText(), i.get("blocked_reasons").get(0)));
    assertThat(blocked.get("gt-q8v3").get("detail").asText()).isEqualTo("blocked by gt-wisp-m3k7p (in_progress)");
    assertThat(blocked).containsKey("gt-wisp-q3t");
    assertThat(blocked).hasSize(8);
  }

  @Test
  void theMayorsHookedHandoffMailIsHookedMailNotAHookAndSitsInHisInbox() {
    JsonNode j = server.get("/v1/beads/hook?agent=mayor/", key).json();
    assertThat(j.get("source").asText()).isEqualTo("none");
    assertThat(ids(j.get("hooked_mail"))).containsExactly("hq-wisp-h0f1");
    for (String agent : List.of("mayor", "mayor/")) {
      assertThat(ids(server.get("/v1/beads/inbox?agent=" + agent, key).json().get("messages")))
          .containsExactly("hq-9a02", "hq-wisp-h0f1", "hq-7c1f");
    }
    JsonNode mail = server.get("/v1/beads/hook?agent=mayor/", key).json().get("hooked_mail").get(0);
    assertThat(mail.get("subject").asText()).startsWith("\uD83E\uDD1D").doesNotContain("\uFFFD");
  }

  @Test
  void aLaterFullSyncWithoutTheWispsKeepsThePushedRows() {
    assertThat(Beads.full(server, alice, Beads.text("composed-rig.jsonl"), null).status())
        .isEqualTo(200);
    List<String> sources = server.sql().withHandle(h -> h.createQuery("""
        SELECT source FROM beads.issues WHERE bead_id LIKE 'gt-wisp-%' AND deleted_at IS NULL AND repo = :r
           AND project_id = CAST(:p AS uuid)""").bind("r", Beads.RIG).bind("p", projectOf(key))
        .mapTo(String.class).list());
    assertThat(sources).containsExactly("push", "push", "push", "push");
  }

  @Test
  void pushOfAnExportedKeyIsSkippedAndTheRowUnchanged() {
    String before = hash("gt-r4x9.2");
    ObjectNode rec = (ObjectNode) Beads.records("composed-rig.jsonl").stream()
        .filter(n -> n.get("id").asText().equals("gt-r4x9.2")).findFirst().orElseThrow();
    rec.put("title", "changed by a push");
    Map<String, Object> body = Map.of("repo", Beads.RIG, "records", List.of(rec));
    JsonNode r = server.post("/v1/beads/ephemeral", body, key).json();
    assertThat(r.get("accepted").asInt()).isZero();
    assertThat(r.get("skipped").get(0).get("id").asText()).isEqualTo("gt-r4x9.2");
    assertThat(r.get("skipped").get(0).get("reason").asText()).isEqualTo("exported");
    assertThat(r.get("skipped").get(0).get("line").asInt()).isEqualTo(1);
    assertThat(hash("gt-r4x9.2")).isEqualTo(before);
  }

  static String hash(String id) {
    return server.sql().withHandle(h -> h.createQuery(
        "SELECT content_hash || source FROM beads.issues WHERE bead_id = :b AND project_id = CAST(:p AS uuid)")
        .bind("b", id).bind("p", projectOf(key)).mapTo(String.class).one());
  }

  @Test
  void anotherProjectSeesNoneOfThePushedRows() {
    assertThat(server.get("/v1/beads/ready?limit=100&include_ephemeral=true", otherKey).json().get("count").asInt())
        .isZero();
    assertThat(server.get("/v1/beads/inbox?agent=mayor/", otherKey).json().get("count").asInt()).isZero();
    assertThat(server.get("/v1/beads/molecules/gt-wisp-m3k7p", otherKey).status()).isEqualTo(404);
  }

  @Test
  void theSameIdTwiceKeepsTheLaterOne() {
    ObjectNode a = Json.object().put("id", "gt-wisp-dup1").put("title", "first").put("ephemeral", true)
        .put("created_at", "2026-03-01T10:00:00Z").put("updated_at", "2026-03-01T10:00:00Z");
    ObjectNode b = a.deepCopy().put("title", "second");
    JsonNode r = server.post("/v1/beads/ephemeral", Map.of("repo", "github.com/example/other", "records",
        List.of(a, b)), key).json();
    assertThat(r.get("inserted").asInt()).isEqualTo(1);
    assertThat(r.get("rejected").get(0).get("line").asInt()).isEqualTo(1);
    assertThat(r.get("rejected").get(0).get("reason").asText()).isEqualTo("duplicate_id");
    assertThat(server.get("/v1/beads/issues/gt-wisp-dup1", key).get("title").asText()).isEqualTo("second");
  }

  @Test
  void aPushedTombstoneRemovesThePushedRowAndALaterExportTakesARowOver() {
    String repo = "github.com/example/takeover";
    ObjectNode a = Json.object().put("id", "gt-wisp-tk1").put("title", "pushed").put("ephemeral", true)
        .put("created_at", "2026-03-01T10:00:00Z").put("updated_at", "2026-03-01T10:00:00Z");
    ObjectNode b = a.deepCopy().put("id", "gt-wisp-tk2");
    assertThat(server.post("/v1/beads/ephemeral", Map.of("repo", repo, "records", List.of(a, b)), key).json()
        .get("inserted").asInt()).isEqualTo(2);
    ObjectNode tomb = a.deepCopy().put("status", "tombstone").put("updated_at", "2026-03-01T11:00:00Z");
    JsonNode t = server.post("/v1/beads/ephemeral", Map.of("repo", repo, "records", List.of(tomb)), key).json();
    assertThat(t.get("tombstoned").asInt()).isEqualTo(1);
    assertThat(server.get("/v1/beads/issues/gt-wisp-tk1", key).status()).isEqualTo(404);
    Beads.upload(server, key, repo, b + "\n");
    String row = server.sql().withHandle(h -> h.createQuery("""
        SELECT source || ':' || (expires_at IS NULL) FROM beads.issues WHERE bead_id = 'gt-wisp-tk2'
           AND project_id = CAST(:p AS uuid)""").bind("p", projectOf(key)).mapTo(String.class).one());
    assertThat(row).isEqualTo("export:true");
  }

  @Test
  void badPushesAreRejected() {
    ObjectNode ok = Json.object().put("id", "gt-wisp-v1").put("title", "t");
    assertThat(server.post("/v1/beads/ephemeral", Map.of("repo", Beads.RIG, "records", List.of()), key).status())
        .isEqualTo(422);
    List<JsonNode> many = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      many.add(Json.object().put("id", "gt-wisp-m" + i).put("title", "t"));
    }
    assertThat(server.post("/v1/beads/ephemeral", Map.of("repo", Beads.RIG, "records", many), key).status())
        .isEqualTo(422);
    Resp ttl = server.post("/v1/beads/ephemeral", Map.of("repo", Beads.RIG, "records", List.of(ok),
        "ttl_seconds", 10), key);
    assertThat(ttl.status()).isEqualTo(422);
    assertThat(server.post("/v1/beads/ephemeral", Map.of("repo", "bad repo", "records", List.of(ok)), key).status())
        .isEqualTo(422);
    ObjectNode deep = ok.deepCopy();
    ObjectNode cur = deep.putObject("metadata");
    for (int i = 0; i < 9; i++) {
      cur = cur.putObject("n");
    }
    Resp nested = server.post("/v1/beads/ephemeral", Map.of("repo", Beads.RIG, "records", List.of(deep)), key);
    assertThat(nested.status()).isEqualTo(400);
    assertThat(nested.detail()).isEqualTo("JSON nesting depth exceeds limit (10) on item 1");
    String big = "x".repeat(11 * 1024 * 1024);
    Resp large = server.post("/v1/beads/ephemeral", Map.of("repo", Beads.RIG, "records",
        List.of(ok.deepCopy().put("description", big))), key);
    assertThat(large.status()).isEqualTo(413);
    assertThat(server.post("/v1/beads/ephemeral", Map.of("repo", Beads.RIG, "records", List.of(ok)), null)
        .status()).isEqualTo(401);
  }

  @Test
  void expiredPushedRowsDisappearFromEveryViewAndTheJobRemovesThemWithEvents() {
    String k = Agents.in(server, "eph-expiry").init().key();
    Beads.upload(server, k, Beads.RIG, Beads.text("composed-rig.jsonl"));
    JsonNode r = Beads.push(server, k, Beads.RIG, "composed-wisps-rig.jsonl", 60).json();
    assertThat(r.get("inserted").asInt()).isEqualTo(4);
    assertThat(server.get("/v1/beads/hook?agent=gastown/nux", k).json().get("anomalies").size()).isZero();
    String project = server.get("/v1/beads/routes", k).status() == 200 ? projectOf(k) : null;
    // 61 seconds later: moved into the past rather than waited for.
    server.sql().useHandle(h -> h.createUpdate("""
        UPDATE beads.issues SET expires_at = now() - interval '1 second'
         WHERE project_id = CAST(:p AS uuid) AND source = 'push'""").bind("p", project).execute());
    assertThat(server.get("/v1/beads/hook?agent=gastown/nux", k).json().get("anomalies").get(0).asText())
        .isEqualTo("molecule_not_visible");
    assertThat(ids(server.get("/v1/beads/ready?limit=100&include_ephemeral=true", k).json().get("issues")))
        .doesNotContain("gt-wisp-q2s");
    assertThat(server.get("/v1/beads/molecules/gt-wisp-m3k7p", k).status()).isEqualTo(404);
    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> server.sql().withHandle(h -> h.createQuery("""
        SELECT count(*) FROM server.events WHERE project_id = CAST(:p AS uuid) AND type = 'bead.removed'
           AND payload->>'reason' = 'expired'""").bind("p", project).mapTo(Integer.class).one()) == 4);
    int expired = server.sql().withHandle(h -> h.createQuery("""
        SELECT count(*) FROM beads.issues WHERE project_id = CAST(:p AS uuid) AND removal_reason = 'expired'""")
        .bind("p", project).mapTo(Integer.class).one());
    assertThat(expired).isEqualTo(4);
    List<String> blocked = ids(server.get("/v1/beads/blocked", k).json().get("issues"));
    assertThat(blocked).doesNotContain("gt-q8v3", "gt-wisp-q3t");
  }

  static String projectOf(String k) {
    return server.get("/v1/auth/introspect", k).get("project_id").asText();
  }
}
