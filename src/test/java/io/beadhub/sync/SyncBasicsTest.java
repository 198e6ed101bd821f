package io.beadhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import io.beadhub.testing.Beads;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Spec 40 §11 checks 1–11 and 64: one scenario in order. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncBasicsTest {
  static TestServer server;
  static TwoProjects s;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    s = TwoProjects.sync(server, "basics");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @Order(1)
  void firstFullSyncInsertsFourAndClaimsFromTheCommandLine() {
    server.eventsNumbered();
    long before = server.sql().withHandle(h -> h.createQuery("SELECT coalesce(max(event_id), 0) FROM server.events")
        .mapTo(Long.class).one());
    Resp r = Beads.full(server, s.a(), Beads.S4, "update sm-2 --status in_progress");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.get("synced").asBoolean()).isTrue();
    assertThat(r.get("issues_count").asInt()).isEqualTo(4);
    assertThat(r.get("context").isNull()).isTrue();
    assertThat(r.get("sync_protocol_version").asInt()).isEqualTo(1);
    assertThat(r.get("claim_rejected").asBoolean()).isFalse();
    JsonNode st = r.get("stats");
    assertThat(st.path("received").asInt()).isEqualTo(4);
    assertThat(st.path("inserted").asInt()).isEqualTo(4);
    assertThat(st.path("updated").asInt()).isEqualTo(0);
    assertThat(st.path("deleted").asInt()).isEqualTo(0);
    // Check 64: the events recorded for alice's stream.
    server.eventsNumbered();
    List<Map<String, Object>> events = server.sql().withHandle(h -> h.createQuery("""
        SELECT type, payload::text AS payload FROM server.events WHERE event_id > :b AND workspace_id = CAST(:ws AS uuid)
         ORDER BY event_id""").bind("b", before).bind("ws", s.a().workspaceId()).mapToMap().list());
    List<String> statusChanged = new ArrayList<>();
    int claimed = 0;
    for (Map<String, Object> e : events) {
      JsonNode p = io.beadhub.common.Json.tree((String) e.get("payload"));
      if (e.get("type").equals("bead.status_changed")) {
        assertThat(p.path("old_status").asText()).isEmpty();
        assertThat(p.path("project_id").asText()).isEqualTo(s.a().projectId());
        statusChanged.add(p.path("bead_id").asText());
      }
      if (e.get("type").equals("bead.claimed")) {
        claimed++;
        assertThat(p.path("bead_id").asText()).isEqualTo("sm-2");
        assertThat(p.path("alias").asText()).isEqualTo("alice-dev");
        assertThat(p.path("title").asText()).isEqualTo("Fix login bug");
      }
    }
    assertThat(statusChanged).containsExactly("sm-1", "sm-2", "sm-3", "sm-4");
    assertThat(claimed).isEqualTo(1);
  }

  @Test
  @Order(2)
  void theSameSyncAgainUpdatesFourUnchanged() {
    Resp r = Beads.full(server, s.a(), Beads.S4, "update sm-2 --status in_progress");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("stats").path("inserted").asInt()).isEqualTo(0);
    assertThat(r.get("stats").path("updated").asInt()).isEqualTo(4);
    assertThat(r.get("stats").path("unchanged").asInt()).isEqualTo(4);
    // The server's own time, for clients and the benchmark (spec 40 §1.10 measures server time).
    assertThat(r.header("Server-Timing")).matches("app;dur=\\d+\\.\\d\\d");
  }

  @Test
  @Order(3)
  void claimsListAlicesClaim() {
    Resp r = server.get("/v1/claims", s.a().key());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("claims")).hasSize(1);
    JsonNode c = r.get("claims").get(0);
    assertThat(c.path("bead_id").asText()).isEqualTo("sm-2");
    assertThat(c.path("alias").asText()).isEqualTo("alice-dev");
    assertThat(c.path("human_name").asText()).isEqualTo("Alice");
    assertThat(c.path("repo").asText()).isEqualTo(Beads.SMOKE_REPO);
  }

  @Test
  @Order(4)
  void issuesAreListedInOrderWithCurrentBlockers() {
    Resp r = server.get("/v1/beads/issues", s.a().key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    r.get("issues").forEach(i -> ids.add(i.path("bead_id").asText()));
    assertThat(ids).containsExactly("sm-2", "sm-3", "sm-1", "sm-4");
    JsonNode sm3 = r.get("issues").get(1);
    assertThat(sm3.path("blocked_by").toString())
        .isEqualTo("[{\"repo\":\"" + Beads.SMOKE_REPO + "\",\"branch\":\"main\",\"bead_id\":\"sm-1\"}]");
    assertThat(sm3.path("labels").isNull()).isTrue();
    assertThat(r.get("issues").get(0).path("created_at").asText()).isEqualTo("2026-03-01T11:00:00+00:00");
    assertThat(r.get("synced_at").isNull()).isFalse();
  }

  @Test
  @Order(5)
  void readyIsExactlySm1() {
    Resp r = server.get("/v1/beads/ready", s.a().key());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("count").asInt()).isEqualTo(1);
    assertThat(r.get("issues").get(0).path("bead_id").asText()).isEqualTo("sm-1");
    assertThat(r.get("issues").get(0).path("blocked_by").size()).isZero();
  }

  @Test
  @Order(6)
  void closingTheBlockerMakesSm3Ready() {
    Resp r = Beads.incremental(server, s.a(), Beads.rec("sm-1", "Set up CI", "closed", "2026-03-03T10:00:00Z"), null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.get("stats").path("updated").asInt()).isEqualTo(1);
    Resp ready = server.get("/v1/beads/ready", s.a().key());
    assertThat(ready.get("issues").get(0).path("bead_id").asText()).isEqualTo("sm-3");
    assertThat(ready.get("count").asInt()).isEqualTo(1);
  }

  @Test
  @Order(7)
  void emptyIncrementalIs422() {
    Resp r = Beads.incremental(server, s.a(), null, null);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.detail()).isEqualTo("incremental sync requires changes or deletions");
  }

  @Test
  @Order(8)
  void blankFullIs422() {
    Resp r = Beads.full(server, s.a(), "   ");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.detail()).isEqualTo("issues_jsonl is required for full sync");
  }

  @Test
  @Order(9)
  void syncModeIsTrimmedAndCaseInsensitive() {
    Map<String, Object> b = Beads.syncBody(s.a(), "incremental", Beads.rec("sm-9", "x", "open",
        "2026-03-01T00:00:00Z"), null);
    b.put("sync_mode", "Incremental ");
    assertThat(server.post("/v1/bdh/sync", b, s.a().key()).status()).isEqualTo(200);
    b.put("sync_mode", "partial");
    Resp r = server.post("/v1/bdh/sync", b, s.a().key());
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.detail()).isEqualTo("sync_mode must be 'full' or 'incremental'");
  }

  @Test
  @Order(10)
  void unknownBodyFieldsAreIgnored() {
    Map<String, Object> b = Beads.syncBody(s.a(), "incremental", Beads.rec("sm-9", "x", "open",
        "2026-03-01T00:00:00Z"), null);
    b.put("extra", 1);
    assertThat(server.post("/v1/bdh/sync", b, s.a().key()).status()).isEqualTo(200);
  }

  @Test
  @Order(11)
  void omittedHumanNameAndRoleLeaveStoredValues() {
    server.sql().useHandle(h -> h.execute("UPDATE server.workspaces SET role = 'reviewer' WHERE workspace_id = CAST(? AS uuid)",
        s.a().workspaceId()));
    Map<String, Object> b = Beads.syncBody(s.a(), "incremental", Beads.rec("sm-9", "x", "open",
        "2026-03-01T00:00:00Z"), null);
    assertThat(server.post("/v1/bdh/sync", b, s.a().key()).status()).isEqualTo(200);
    Map<String, Object> w = server.sql().withHandle(h -> h.createQuery(
        "SELECT human_name, role FROM server.workspaces WHERE workspace_id = CAST(:ws AS uuid)")
        .bind("ws", s.a().workspaceId()).mapToMap().one());
    assertThat(w.get("human_name")).isEqualTo("Alice");
    assertThat(w.get("role")).isEqualTo("reviewer");
  }
}
