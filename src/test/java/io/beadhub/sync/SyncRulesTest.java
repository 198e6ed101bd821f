package io.beadhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Beads;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 40 §11 checks 23–37: duplicates, stale records, tombstones, deletions, snapshots, baseline. */
class SyncRulesTest {
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

  static TwoProjects fresh() {
    return TwoProjects.sync(server, "rules-" + (n++));
  }

  static String title(TwoProjects s, String id) {
    return server.get("/v1/beads/issues/" + id, s.a().key()).get("title").asText();
  }

  @Test
  void duplicateIdKeepsTheLastLine() {
    TwoProjects s = fresh();
    Resp r = Beads.full(server, s.a(),
        "{\"id\":\"sm-9\",\"title\":\"first\"}\n" + Beads.S1 + "{\"id\":\"sm-9\",\"title\":\"last\"}\n");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("stats").path("received").asInt()).isEqualTo(2);
    assertThat(r.get("rejected").toString())
        .isEqualTo("[{\"line\":1,\"id\":\"sm-9\",\"reason\":\"duplicate_id\",\"field\":null}]");
    assertThat(title(s, "sm-9")).isEqualTo("last");
  }

  @Test
  void realTrackerExportSyncsWithOneDuplicate() throws Exception {
    TwoProjects s = fresh();
    String text = Beads.text("beads-tracker-v0.49.6.jsonl");
    Resp r = Beads.full(server, s.a(), text);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("stats").path("received").asInt()).isEqualTo(835);
    assertThat(r.get("stats").path("inserted").asInt()).isEqualTo(835);
    assertThat(r.get("issues_count").asInt()).isEqualTo(835);
    assertThat(r.get("rejected").toString())
        .isEqualTo("[{\"line\":97,\"id\":\"bd-d3e5\",\"reason\":\"duplicate_id\",\"field\":null}]");
    Resp again = Beads.full(server, s.a(), text);
    assertThat(again.get("stats").path("updated").asInt()).isEqualTo(835);
    assertThat(again.get("stats").path("unchanged").asInt()).isEqualTo(835);
  }

  @Test
  void staleRecordsAreConflictsAndEqualTimestampsUpdate() {
    TwoProjects s = fresh();
    Beads.full(server, s.a(), Beads.S4);
    Resp r = Beads.incremental(server, s.a(), Beads.rec("sm-2", "older", "open", "2026-03-01T00:00:00Z"), null);
    assertThat(r.get("conflicts").toString()).isEqualTo("[\"sm-2\"]");
    assertThat(r.get("stats").path("conflicts").asInt()).isEqualTo(1);
    assertThat(title(s, "sm-2")).isEqualTo("Fix login bug");
    Resp same = Beads.incremental(server, s.a(), Beads.rec("sm-2", "renamed", "in_progress",
        "2026-03-02T09:00:00Z"), null);
    assertThat(same.get("stats").path("updated").asInt()).isEqualTo(1);
    assertThat(title(s, "sm-2")).isEqualTo("renamed");
  }

  @Test
  void tombstoneRemovesAndOlderCopyCannotRevive() {
    TwoProjects s = fresh();
    Beads.full(server, s.a(), Beads.S4);
    Resp r = Beads.incremental(server, s.a(), Beads.rec("sm-3", "Write docs", "tombstone", "2026-03-05T00:00:00Z"),
        null);
    assertThat(r.get("stats").path("tombstoned").asInt()).isEqualTo(1);
    assertThat(r.get("stats").path("deleted").asInt()).isEqualTo(1);
    assertThat(r.get("issues_count").asInt()).isEqualTo(3);
    Resp list = server.get("/v1/beads/issues", s.a().key());
    assertThat(list.get("issues").toString()).doesNotContain("sm-3");
    Resp all = server.get("/v1/beads/issues?include_removed=true", s.a().key());
    boolean found = false;
    for (JsonNode i : all.get("issues")) {
      if (i.path("bead_id").asText().equals("sm-3")) {
        found = true;
        assertThat(i.path("removal_reason").asText()).isEqualTo("tombstone");
      }
    }
    assertThat(found).isTrue();
    Resp old = Beads.incremental(server, s.a(), Beads.rec("sm-3", "Write docs", "open", "2026-03-04T00:00:00Z"), null);
    assertThat(old.get("conflicts").toString()).isEqualTo("[\"sm-3\"]");
    assertThat(old.get("issues_count").asInt()).isEqualTo(3);
  }

  @Test
  void deletedIdsRemoveAndReportBadIds() {
    TwoProjects s = fresh();
    Beads.full(server, s.a(), Beads.S4);
    Resp r = Beads.deleted(server, s.a(), List.of("sm-4", "bad id!"));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.get("stats").path("deleted").asInt()).isEqualTo(1);
    assertThat(r.get("rejected").toString())
        .isEqualTo("[{\"line\":null,\"id\":\"bad id!\",\"reason\":\"invalid_id\",\"field\":null}]");
  }

  @Test
  void deletedIdsAreIgnoredInFullMode() {
    TwoProjects s = fresh();
    Beads.full(server, s.a(), Beads.S4);
    Map<String, Object> b = Beads.syncBody(s.a(), "full", Beads.S4, null);
    b.put("deleted_ids", List.of("sm-1"));
    Resp r = server.post("/v1/bdh/sync", b, s.a().key());
    assertThat(r.get("stats").path("deleted").asInt()).isZero();
    assertThat(r.get("issues_count").asInt()).isEqualTo(4);
  }

  @Test
  void fullSnapshotRemovesAbsentRows() {
    TwoProjects s = fresh();
    Beads.full(server, s.a(), Beads.S4);
    long before = maxEvent();
    Resp r = Beads.full(server, s.a(), Beads.S1 + Beads.S2 + Beads.S3);
    assertThat(r.get("stats").path("deleted").asInt()).isEqualTo(1);
    assertThat(r.get("issues_count").asInt()).isEqualTo(3);
    server.eventsNumbered();
    List<String> removed = server.sql().withHandle(h -> h.createQuery(
        "SELECT payload->>'reason' FROM server.events WHERE event_id > :b AND type = 'bead.removed'")
        .bind("b", before).mapTo(String.class).list());
    assertThat(removed).containsExactly("absent_from_full_sync");
  }

  static long maxEvent() {
    server.eventsNumbered();
    return server.sql().withHandle(h -> h.createQuery("SELECT coalesce(max(event_id), 0) FROM server.events")
        .mapTo(Long.class).one());
  }

  @Test
  void anotherLiveWritersRowsAreKeptUntilTheirWriterDropsThem() {
    TwoProjects s = fresh();
    Beads.full(server, s.a(), Beads.S4);
    Beads.incremental(server, s.a(), Beads.rec("sm-10", "new", "open", "2026-03-05T00:00:00Z"), null);
    Resp bob = Beads.full(server, s.b(), Beads.S4);
    assertThat(bob.get("stats").path("kept_absent").asInt()).isEqualTo(1);
    assertThat(bob.get("issues_count").asInt()).isEqualTo(5);
    Resp alice = Beads.full(server, s.a(), Beads.S4);
    assertThat(alice.get("stats").path("deleted").asInt()).isEqualTo(1);
    assertThat(alice.get("issues_count").asInt()).isEqualTo(4);
  }

  @Test
  void aPayloadOfInvalidIdsRemovesNothing() {
    TwoProjects s = fresh();
    Beads.full(server, s.a(), Beads.S4);
    Resp r = Beads.full(server, s.a(), "{\"id\":\"bad id\"}\n{\"id\":\"../x\"}\n");
    assertThat(r.get("stats").path("deleted").asInt()).isZero();
    assertThat(r.get("issues_count").asInt()).isEqualTo(4);
  }

  @Test
  void claimOnABeadRemovedByAbsenceIsReleasedWithAnEvent() {
    TwoProjects s = fresh();
    Beads.full(server, s.a(), Beads.S4);
    assertThat(Beads.incremental(server, s.b(), Beads.rec("sm-1", "Set up CI", "in_progress", "2026-03-04T00:00:00Z"),
        "update sm-1 --status in_progress").get("claim_rejected").asBoolean()).isFalse();
    long before = maxEvent();
    // bob last wrote sm-1, so alice's snapshot keeps it; bob's own snapshot drops it.
    Resp r = Beads.full(server, s.b(), Beads.S2 + Beads.S3 + Beads.S4L);
    assertThat(r.get("stats").path("deleted").asInt()).isEqualTo(1);
    assertThat(server.get("/v1/claims", s.a().key()).get("claims")).isEmpty();
    server.eventsNumbered();
    List<Map<String, Object>> ev = server.sql().withHandle(h -> h.createQuery("""
        SELECT payload->>'alias' AS alias, payload->>'reason' AS reason FROM server.events
         WHERE event_id > :b AND type = 'bead.unclaimed' AND workspace_id = CAST(:ws AS uuid)""")
        .bind("b", before).bind("ws", s.b().workspaceId()).mapToMap().list());
    assertThat(ev).hasSize(1);
    assertThat(ev.get(0)).containsEntry("alias", "bob-rev").containsEntry("reason", "absent_from_full_sync");
  }

  @Test
  void aRemovedBeadResentIsInsertedAgain() {
    TwoProjects s = fresh();
    Beads.full(server, s.a(), Beads.S4);
    Beads.full(server, s.a(), Beads.S1 + Beads.S2 + Beads.S3);
    Resp r = Beads.full(server, s.a(), Beads.S4);
    assertThat(r.get("stats").path("inserted").asInt()).isEqualTo(1);
    assertThat(r.get("issues_count").asInt()).isEqualTo(4);
  }

  @Test
  void incrementalWithoutBaselineIs409ThenFullThenIncremental() {
    TwoProjects s = fresh();
    Resp r = Beads.incremental(server, s.a(), Beads.S1, null);
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.detail()).isEqualTo("Full sync required: no baseline for repo github.com/example/smoke-demo");
    assertThat(Beads.full(server, s.a(), Beads.S1).status()).isEqualTo(200);
    assertThat(Beads.incremental(server, s.a(), Beads.S2, null).status()).isEqualTo(200);
  }

  @Test
  void concurrentFullSyncsAreSerialised() {
    TwoProjects s = fresh();
    var a = CompletableFuture.supplyAsync(() -> Beads.full(server, s.a(), Beads.S4));
    var b = CompletableFuture.supplyAsync(() -> Beads.full(server, s.b(), Beads.S1 + Beads.S2));
    assertThat(a.join().status()).isEqualTo(200);
    assertThat(b.join().status()).isEqualTo(200);
    int live = server.get("/v1/beads/issues", s.a().key()).get("count").asInt();
    assertThat(live).isBetween(2, 4);
  }

  @Test
  void projectsDoNotSeeEachOthersRows() {
    TwoProjects s = fresh();
    Beads.full(server, s.a(), Beads.S4);
    Resp q = Beads.full(server, s.c(), Beads.S4.replace("Set up CI", "Carol CI"));
    assertThat(q.status()).isEqualTo(200);
    assertThat(q.get("stats").path("inserted").asInt()).isEqualTo(4);
    assertThat(title(s, "sm-1")).isEqualTo("Set up CI");
    assertThat(server.get("/v1/beads/issues/sm-1", s.c().key()).get("title").asText()).isEqualTo("Carol CI");
  }

  @Test
  void repoMismatchIs400() {
    TwoProjects s = fresh();
    Map<String, Object> b = Beads.syncBody(s.a(), "full", Beads.S1, null);
    b.put("repo_origin", "https://github.com/example/other.git");
    Resp r = server.post("/v1/bdh/sync", b, s.a().key());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.detail()).startsWith("Repo mismatch: ");
  }

  @Test
  void anotherWorkspacesIdWithABoundKeyIs403() {
    TwoProjects s = fresh();
    Map<String, Object> b = Beads.syncBody(s.b(), "full", Beads.S1, null);
    Resp r = server.post("/v1/bdh/sync", b, s.a().key());
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.detail()).isEqualTo("workspace_id does not match API key identity");
  }
}
