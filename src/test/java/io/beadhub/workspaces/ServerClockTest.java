package io.beadhub.workspaces;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Times the workspace, repo and status routes write or compare come from the server's clock, not the
 * database's: moving the clock forward moves them.
 */
class ServerClockTest {
  static TestServer s;

  @BeforeAll
  static void start() {
    s = TestServer.start();
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  @Test
  void anEscalationPastItsExpiryOnTheServerClockIsNoLongerPendingInStatus() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp created = s.post("/v1/escalations", Map.of("workspace_id", w.wa(), "alias", "alice-dev", "subject", "S",
        "situation", "X", "expires_in_hours", 1), w.ka());
    assertThat(created.status()).isEqualTo(200);
    assertThat(s.get("/v1/status", w.ka()).get("escalations_pending").asInt()).isEqualTo(1);
    s.clock().advance(Duration.ofHours(2));
    assertThat(s.get("/v1/status", w.ka()).get("escalations_pending").asInt()).isZero();
  }

  @Test
  void aDeletedWorkspaceIsStampedWithTheServerClock() {
    TwoProjects w = TwoProjects.workspaces(s);
    s.clock().advance(Duration.ofDays(1));
    Resp r = s.delete("/v1/workspaces/" + w.wb(), w.kb());
    assertThat(r.status()).isEqualTo(200);
    Instant deletedAt = OffsetDateTime.parse(r.get("deleted_at").asText()).toInstant();
    assertThat(deletedAt).isAfter(Instant.now().plus(Duration.ofHours(23)));
  }

  @Test
  void aDeletedRepoIsStampedWithTheServerClock() {
    TwoProjects w = TwoProjects.workspaces(s);
    s.clock().advance(Duration.ofDays(1));
    assertThat(s.delete("/v1/repos/" + w.repoP(), w.ka()).status()).isEqualTo(200);
    Instant deletedAt = s.sql().withHandle(h -> h.createQuery(
            "SELECT deleted_at FROM server.repos WHERE id = CAST(:id AS uuid)")
        .bind("id", w.repoP()).mapTo(OffsetDateTime.class).one()).toInstant();
    assertThat(deletedAt).isAfter(Instant.now().plus(Duration.ofHours(23)));
  }
}
