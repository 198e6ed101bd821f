package io.beadhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Agent;
import io.beadhub.testing.Agents;
import io.beadhub.testing.Beads;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 40 §11 checks 39–47 and the claim release of ending workspaces (spec 30 §2.11). */
class PreflightClaimsTest {
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

  /** S4 synced by alice, who claims sm-2. */
  static TwoProjects fresh() {
    TwoProjects s = TwoProjects.sync(server, "claims-" + (n++));
    assertThat(Beads.full(server, s.a(), Beads.S4, "update sm-2 --status in_progress").status()).isEqualTo(200);
    return s;
  }

  static long maxEvent() {
    server.eventsNumbered();
    return server.sql().withHandle(h -> h.createQuery("SELECT coalesce(max(event_id), 0) FROM server.events")
        .mapTo(Long.class).one());
  }

  static int unclaimedSince(long before, String ws) {
    server.eventsNumbered();
    return server.sql().withHandle(h -> h.createQuery("""
        SELECT count(*) FROM server.events WHERE event_id > :b AND type = 'bead.unclaimed'
           AND workspace_id = CAST(:ws AS uuid)""").bind("b", before).bind("ws", ws).mapTo(Integer.class).one());
  }

  @Test
  void preflightOnAClaimedBeadIsRejectedWithTheHolder() {
    TwoProjects s = fresh();
    Resp r = Beads.preflight(server, s.b(), "update sm-2 --status in_progress");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.get("approved").asBoolean()).isFalse();
    assertThat(r.get("reason").asText()).isEqualTo("sm-2 is being worked on by alice-dev (Alice)");
    JsonNode held = r.get("context").path("beads_in_progress");
    assertThat(held).hasSize(1);
    assertThat(held.get(0).path("bead_id").asText()).isEqualTo("sm-2");
    assertThat(held.get(0).path("title").asText()).isEqualTo("Fix login bug");
    assertThat(held.get(0).path("repo").asText()).isEqualTo(Beads.SMOKE_REPO);
  }

  @Test
  void approvedPreflightHoldsAPendingClaimFor120Seconds() {
    TwoProjects s = fresh();
    assertThat(Beads.preflight(server, s.b(), "update sm-1 --status=in_progress").get("approved").asBoolean()).isTrue();
    Resp alice = Beads.preflight(server, s.a(), "update sm-1 -s in_progress");
    assertThat(alice.get("approved").asBoolean()).isFalse();
    assertThat(alice.get("reason").asText()).isEqualTo("sm-1 is being worked on by bob-rev (Bob)");
    server.sql().useHandle(h -> h.execute(
        "UPDATE server.bead_claims SET expires_at = now() - interval '1 second' WHERE state = 'pending'"));
    assertThat(Beads.preflight(server, s.a(), "update sm-1 -s in_progress").get("approved").asBoolean()).isTrue();
  }

  @Test
  void syncWithAConflictingClaimStillSyncsButRejectsTheClaim() {
    TwoProjects s = fresh();
    Resp r = Beads.full(server, s.b(), Beads.S4, "update sm-2 --status in_progress");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("claim_rejected").asBoolean()).isTrue();
    assertThat(r.get("claim_rejected_reason").asText()).isEqualTo("sm-2 is being worked on by alice-dev (Alice)");
    Resp claims = server.get("/v1/claims?workspace_id=" + s.b().workspaceId(), s.b().key());
    assertThat(claims.get("claims")).isEmpty();
  }

  @Test
  void closeReleasesOnceAndSetsClosedBy() {
    TwoProjects s = fresh();
    long before = maxEvent();
    String closed = Beads.rec("sm-2", "Fix login bug", "closed", "2026-03-03T00:00:00Z");
    assertThat(Beads.incremental(server, s.a(), closed, "close sm-2").status()).isEqualTo(200);
    assertThat(unclaimedSince(before, s.a().workspaceId())).isEqualTo(1);
    assertThat(server.get("/v1/claims", s.a().key()).get("claims")).isEmpty();
    long again = maxEvent();
    Beads.incremental(server, s.a(), closed, "close sm-2");
    assertThat(unclaimedSince(again, s.a().workspaceId())).isZero();
    String closedBy = server.sql().withHandle(h -> h.createQuery(
        "SELECT closed_by_workspace_id::text FROM beads.issues WHERE bead_id = 'sm-2' AND project_id = CAST(:p AS uuid)")
        .bind("p", s.a().projectId()).mapTo(String.class).one());
    assertThat(closedBy).isEqualTo(s.a().workspaceId());
  }

  @Test
  void severalIdsAndLeadingFlagsClaim() {
    TwoProjects s = fresh();
    Beads.incremental(server, s.a(), Beads.rec("sm-1", "Set up CI", "in_progress", "2026-03-04T00:00:00Z"),
        "update sm-1 sm-3 --status in_progress");
    Beads.incremental(server, s.a(), Beads.rec("sm-4", "Old cleanup", "in_progress", "2026-03-04T00:00:00Z"),
        "--actor alice update sm-4 --claim");
    Resp r = server.get("/v1/claims", s.a().key());
    List<String> ids = new java.util.ArrayList<>();
    r.get("claims").forEach(c -> ids.add(c.path("bead_id").asText()));
    assertThat(ids).containsExactlyInAnyOrder("sm-1", "sm-2", "sm-3", "sm-4");
  }

  @Test
  void aClosedUploadReleasesTheClaim() {
    TwoProjects s = fresh();
    Map<String, Object> body = Map.of("repo", Beads.SMOKE_REPO, "issues", List.of(Map.of("id", "sm-2",
        "title", "Fix login bug", "status", "closed", "updated_at", "2026-03-05T00:00:00Z")));
    Resp r = server.post("/v1/beads/upload", body, s.b().key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(server.get("/v1/claims", s.a().key()).get("claims")).isEmpty();
  }

  @Test
  void claimsAreKeyedByRepo() {
    TwoProjects s = fresh();
    Agent dave = Agents.in(server, "claims-" + (n - 1)).alias("dave-dev").human("Dave")
        .repo("git@github.com:example/zeta.git").init();
    Map<String, Object> b = Beads.syncBody(dave, "full", Beads.S4, "update sm-2 --status in_progress");
    b.put("repo_origin", "git@github.com:example/zeta.git");
    Map<String, Object> pre = new java.util.LinkedHashMap<>(b);
    pre.remove("issues_jsonl");
    pre.remove("sync_mode");
    assertThat(server.post("/v1/bdh/command", pre, dave.key()).get("approved").asBoolean()).isTrue();
    Resp r = server.post("/v1/bdh/sync", b, dave.key());
    assertThat(r.get("claim_rejected").asBoolean()).isFalse();
    Resp claims = server.get("/v1/claims?bead_id=sm-2", s.a().key());
    assertThat(claims.get("claims")).hasSize(2);
    Resp alice = Beads.preflight(server, s.a(), "show sm-2");
    assertThat(alice.get("context").path("beads_in_progress")).hasSize(1);
    assertThat(alice.get("context").path("beads_in_progress").get(0).path("workspace_id").asText())
        .isEqualTo(s.a().workspaceId());
  }

  @Test
  void claimsListValidatesAndPaginates() {
    TwoProjects s = fresh();
    Beads.incremental(server, s.a(), Beads.rec("sm-1", "Set up CI", "in_progress", "2026-03-04T00:00:00Z"),
        "update sm-1 sm-3 --status in_progress");
    assertThat(server.get("/v1/claims?limit=0", s.a().key()).status()).isEqualTo(422);
    Resp bad = server.get("/v1/claims?cursor=!!", s.a().key());
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.detail()).startsWith("Invalid cursor");
    Resp p1 = server.get("/v1/claims?limit=2", s.a().key());
    assertThat(p1.get("claims")).hasSize(2);
    assertThat(p1.get("has_more").asBoolean()).isTrue();
    Resp p2 = server.get("/v1/claims?limit=2&cursor=" + p1.get("next_cursor").asText(), s.a().key());
    assertThat(p2.get("claims")).hasSize(1);
    assertThat(p2.get("has_more").asBoolean()).isFalse();
    assertThat(p2.get("claims").get(0).path("bead_id").asText())
        .isNotIn(p1.get("claims").get(0).path("bead_id").asText(), p1.get("claims").get(1).path("bead_id").asText());
    assertThat(server.get("/v1/claims", s.c().key()).get("claims")).isEmpty();
  }

  @Test
  void preflightValidatesTheCommandLine() {
    TwoProjects s = fresh();
    assertThat(Beads.preflight(server, s.b(), "").status()).isEqualTo(422);
    assertThat(Beads.preflight(server, s.b(), "x".repeat(8193)).status()).isEqualTo(422);
    Resp help = Beads.preflight(server, s.b(), "--help");
    assertThat(help.status()).isEqualTo(200);
    assertThat(help.get("approved").asBoolean()).isTrue();
  }

  @Test
  void deregisteringAnAgentReleasesItsClaimsWithEvents() {
    TwoProjects s = fresh();
    long before = maxEvent();
    Resp r = server.delete("/v1/agents/me", s.a().key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(server.get("/v1/claims", s.b().key()).get("claims")).isEmpty();
    assertThat(unclaimedSince(before, s.a().workspaceId())).isEqualTo(1);
  }
}
