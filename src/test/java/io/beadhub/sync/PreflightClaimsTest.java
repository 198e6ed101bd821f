package io.beadhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
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
  static Smoke fresh() {
    Smoke s = new Smoke(server, "claims-" + (n++));
    assertThat(s.full(s.alice, Smoke.S4, "update sm-2 --status in_progress").status()).isEqualTo(200);
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
    Smoke s = fresh();
    Resp r = s.preflight(s.bob, "update sm-2 --status in_progress");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.get("approved").asBoolean()).isFalse();
    assertThat(r.get("reason").asText()).isEqualTo("sm-2 is being worked on by alice-dev (Alice)");
    JsonNode held = r.get("context").path("beads_in_progress");
    assertThat(held).hasSize(1);
    assertThat(held.get(0).path("bead_id").asText()).isEqualTo("sm-2");
    assertThat(held.get(0).path("title").asText()).isEqualTo("Fix login bug");
    assertThat(held.get(0).path("repo").asText()).isEqualTo(Smoke.R);
  }

  @Test
  void approvedPreflightHoldsAPendingClaimFor120Seconds() {
    Smoke s = fresh();
    assertThat(s.preflight(s.bob, "update sm-1 --status=in_progress").get("approved").asBoolean()).isTrue();
    Resp alice = s.preflight(s.alice, "update sm-1 -s in_progress");
    assertThat(alice.get("approved").asBoolean()).isFalse();
    assertThat(alice.get("reason").asText()).isEqualTo("sm-1 is being worked on by bob-rev (Bob)");
    server.sql().useHandle(h -> h.execute(
        "UPDATE server.bead_claims SET expires_at = now() - interval '1 second' WHERE state = 'pending'"));
    assertThat(s.preflight(s.alice, "update sm-1 -s in_progress").get("approved").asBoolean()).isTrue();
  }

  @Test
  void syncWithAConflictingClaimStillSyncsButRejectsTheClaim() {
    Smoke s = fresh();
    Resp r = s.full(s.bob, Smoke.S4, "update sm-2 --status in_progress");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("claim_rejected").asBoolean()).isTrue();
    assertThat(r.get("claim_rejected_reason").asText()).isEqualTo("sm-2 is being worked on by alice-dev (Alice)");
    Resp claims = server.get("/v1/claims?workspace_id=" + s.bob.ws(), s.bob.key());
    assertThat(claims.get("claims")).isEmpty();
  }

  @Test
  void closeReleasesOnceAndSetsClosedBy() {
    Smoke s = fresh();
    long before = maxEvent();
    String closed = Smoke.rec("sm-2", "Fix login bug", "closed", "2026-03-03T00:00:00Z");
    assertThat(s.incr(s.alice, closed, "close sm-2").status()).isEqualTo(200);
    assertThat(unclaimedSince(before, s.alice.ws())).isEqualTo(1);
    assertThat(server.get("/v1/claims", s.alice.key()).get("claims")).isEmpty();
    long again = maxEvent();
    s.incr(s.alice, closed, "close sm-2");
    assertThat(unclaimedSince(again, s.alice.ws())).isZero();
    String closedBy = server.sql().withHandle(h -> h.createQuery(
        "SELECT closed_by_workspace_id::text FROM beads.issues WHERE bead_id = 'sm-2' AND project_id = CAST(:p AS uuid)")
        .bind("p", s.alice.project()).mapTo(String.class).one());
    assertThat(closedBy).isEqualTo(s.alice.ws());
  }

  @Test
  void severalIdsAndLeadingFlagsClaim() {
    Smoke s = fresh();
    s.incr(s.alice, Smoke.rec("sm-1", "Set up CI", "in_progress", "2026-03-04T00:00:00Z"),
        "update sm-1 sm-3 --status in_progress");
    s.incr(s.alice, Smoke.rec("sm-4", "Old cleanup", "in_progress", "2026-03-04T00:00:00Z"),
        "--actor alice update sm-4 --claim");
    Resp r = server.get("/v1/claims", s.alice.key());
    List<String> ids = new java.util.ArrayList<>();
    r.get("claims").forEach(c -> ids.add(c.path("bead_id").asText()));
    assertThat(ids).containsExactlyInAnyOrder("sm-1", "sm-2", "sm-3", "sm-4");
  }

  @Test
  void aClosedUploadReleasesTheClaim() {
    Smoke s = fresh();
    Map<String, Object> body = Map.of("repo", Smoke.R, "issues", List.of(Map.of("id", "sm-2", "title", "Fix login bug",
        "status", "closed", "updated_at", "2026-03-05T00:00:00Z")));
    Resp r = server.post("/v1/beads/upload", body, s.bob.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(server.get("/v1/claims", s.alice.key()).get("claims")).isEmpty();
  }

  @Test
  void claimsAreKeyedByRepo() {
    Smoke s = fresh();
    Smoke.Agent dave = s.init("claims-" + (n - 1), "dave-dev", "Dave", "git@github.com:example/zeta.git");
    Map<String, Object> b = Smoke.body(dave, "full", Smoke.S4, "update sm-2 --status in_progress");
    b.put("repo_origin", "git@github.com:example/zeta.git");
    Map<String, Object> pre = new java.util.LinkedHashMap<>(b);
    pre.remove("issues_jsonl");
    pre.remove("sync_mode");
    assertThat(server.post("/v1/bdh/command", pre, dave.key()).get("approved").asBoolean()).isTrue();
    Resp r = server.post("/v1/bdh/sync", b, dave.key());
    assertThat(r.get("claim_rejected").asBoolean()).isFalse();
    Resp claims = server.get("/v1/claims?bead_id=sm-2", s.alice.key());
    assertThat(claims.get("claims")).hasSize(2);
    Resp alice = s.preflight(s.alice, "show sm-2");
    assertThat(alice.get("context").path("beads_in_progress")).hasSize(1);
    assertThat(alice.get("context").path("beads_in_progress").get(0).path("workspace_id").asText())
        .isEqualTo(s.alice.ws());
  }

  @Test
  void claimsListValidatesAndPaginates() {
    Smoke s = fresh();
    s.incr(s.alice, Smoke.rec("sm-1", "Set up CI", "in_progress", "2026-03-04T00:00:00Z"),
        "update sm-1 sm-3 --status in_progress");
    assertThat(server.get("/v1/claims?limit=0", s.alice.key()).status()).isEqualTo(422);
    Resp bad = server.get("/v1/claims?cursor=!!", s.alice.key());
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.detail()).startsWith("Invalid cursor");
    Resp p1 = server.get("/v1/claims?limit=2", s.alice.key());
    assertThat(p1.get("claims")).hasSize(2);
    assertThat(p1.get("has_more").asBoolean()).isTrue();
    Resp p2 = server.get("/v1/claims?limit=2&cursor=" + p1.get("next_cursor").asText(), s.alice.key());
    assertThat(p2.get("claims")).hasSize(1);
    assertThat(p2.get("has_more").asBoolean()).isFalse();
    assertThat(p2.get("claims").get(0).path("bead_id").asText())
        .isNotIn(p1.get("claims").get(0).path("bead_id").asText(), p1.get("claims").get(1).path("bead_id").asText());
    assertThat(server.get("/v1/claims", s.carol.key()).get("claims")).isEmpty();
  }

  @Test
  void preflightValidatesTheCommandLine() {
    Smoke s = fresh();
    assertThat(s.preflight(s.bob, "").status()).isEqualTo(422);
    assertThat(s.preflight(s.bob, "x".repeat(8193)).status()).isEqualTo(422);
    Resp help = s.preflight(s.bob, "--help");
    assertThat(help.status()).isEqualTo(200);
    assertThat(help.get("approved").asBoolean()).isTrue();
  }

  @Test
  void deregisteringAnAgentReleasesItsClaimsWithEvents() {
    Smoke s = fresh();
    long before = maxEvent();
    Resp r = server.delete("/v1/agents/me", s.alice.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(server.get("/v1/claims", s.bob.key()).get("claims")).isEmpty();
    assertThat(unclaimedSince(before, s.alice.ws())).isEqualTo(1);
  }
}
