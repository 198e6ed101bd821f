package io.beadhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.claims.Claims;
import io.beadhub.testing.Beads;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pending claim ends 120 s after its pre-flight (spec 40 §4.2): from then on no read returns it and
 * no claim is refused for it, and the background sweep deletes it (that the pre-flight itself writes
 * nothing is {@link PreflightRoundTripsTest}'s). The workspace's last-seen time reaches the database shortly after, a new name at once.
 */
class PreflightExpiryTest {
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
    TwoProjects s = TwoProjects.sync(server, "expiry-" + (n++));
    assertThat(Beads.full(server, s.a(), Beads.S4, "update sm-2 --status in_progress").status()).isEqualTo(200);
    return s;
  }

  static List<String> inProgress(Resp r) {
    List<String> ids = new ArrayList<>();
    r.get("context").path("beads_in_progress").forEach(c -> ids.add(c.path("bead_id").asText()));
    return ids;
  }

  static int pendingRows(TwoProjects s, String bead) {
    return server.sql().withHandle(h -> h.createQuery("""
        SELECT count(*) FROM server.bead_claims
         WHERE project_id = CAST(:p AS uuid) AND bead_id = :b AND state = 'pending'""")
        .bind("p", s.a().projectId()).bind("b", bead).mapTo(Integer.class).one());
  }

  @Test
  void anExpiredPendingClaimIsNotReturnedNorRefusesAClaimAndIsSweptInTheBackground() {
    TwoProjects s = fresh();
    assertThat(Beads.preflight(server, s.b(), "update sm-1 --status in_progress").get("approved").asBoolean()).isTrue();
    Resp before = Beads.preflight(server, s.a(), "list");
    assertThat(inProgress(before)).containsExactly("sm-1", "sm-2");
    assertThat(before.get("context").path("beads_in_progress").get(0).path("title").asText()).isEqualTo("Set up CI");

    server.clock().advance(Duration.ofSeconds(Claims.PENDING_SECONDS + 1));
    assertThat(inProgress(Beads.preflight(server, s.a(), "list"))).containsExactly("sm-2");
    Resp alice = Beads.preflight(server, s.a(), "update sm-1 --status in_progress");
    assertThat(alice.get("approved").asBoolean()).isTrue();
    assertThat(inProgress(alice)).containsExactly("sm-1", "sm-2");
    assertThat(alice.get("context").path("beads_in_progress").get(0).path("workspace_id").asText())
        .isEqualTo(s.a().workspaceId());
    assertThat(Beads.preflight(server, s.b(), "update sm-1 --status in_progress").get("reason").asText())
        .isEqualTo("sm-1 is being worked on by alice-dev (Alice)");

    TwoProjects other = fresh();
    assertThat(Beads.preflight(server, other.b(), "update sm-3 --status in_progress").get("approved").asBoolean()).isTrue();
    server.clock().advance(Duration.ofSeconds(Claims.PENDING_SECONDS + 1));
    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
        .until(() -> pendingRows(other, "sm-3") == 0);
  }

  @Test
  void lastSeenReachesTheDatabaseSoonAndANewHumanNameAtOnce() {
    TwoProjects s = fresh();
    server.sql().useHandle(h -> h.execute("UPDATE server.workspaces SET last_seen_at = now() - interval '1 hour'"
        + " WHERE workspace_id = CAST(? AS uuid)", s.b().workspaceId()));
    assertThat(Beads.preflight(server, s.b(), "list").status()).isEqualTo(200);
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .until(() -> server.sql().withHandle(h -> h.createQuery("""
            SELECT last_seen_at > now() - interval '1 minute' FROM server.workspaces
             WHERE workspace_id = CAST(:w AS uuid)""").bind("w", s.b().workspaceId()).mapTo(Boolean.class).one()));

    Map<String, Object> renamed = new java.util.LinkedHashMap<>(Map.of("workspace_id", s.b().workspaceId(),
        "alias", s.b().alias(), "human_name", "Robert", "repo_origin", Beads.SMOKE_ORIGIN, "command_line", "list"));
    assertThat(server.post("/v1/bdh/command", renamed, s.b().key()).status()).isEqualTo(200);
    JsonNode held = Beads.preflight(server, s.b(), "update sm-1 --status in_progress").get("context").path("beads_in_progress");
    assertThat(held.get(0).path("human_name").asText()).isEqualTo("Robert");
  }
}
