package io.beadhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.testing.Beads;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** issues_count (spec 40 §2.3) is the live rows of the repo after every kind of write, without a count per sync. */
class IssuesCountTest {
  static TestServer server;
  static TwoProjects s;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    s = TwoProjects.sync(server, "count");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private int liveRows() {
    return server.sql().withHandle(h -> h.createQuery("""
        SELECT count(*) FROM beads.issues i JOIN server.projects p ON p.id = i.project_id
         WHERE p.slug = 'count' AND i.repo = :r AND i.branch = 'main' AND i.deleted_at IS NULL
        """).bind("r", Beads.SMOKE_REPO).mapTo(Integer.class).one());
  }

  @Test
  void issuesCountFollowsInsertsRemovalsTombstonesRevivalsAndFullSyncAbsences() {
    Resp r = Beads.full(server, s.a(), Beads.S4);
    assertThat(r.get("issues_count").asInt()).isEqualTo(4).isEqualTo(liveRows());
    r = Beads.incremental(server, s.a(), "{\"id\": \"sm-5\", \"title\": \"New\", \"status\": \"open\"}\n", null);
    assertThat(r.get("issues_count").asInt()).isEqualTo(5).isEqualTo(liveRows());
    r = Beads.deleted(server, s.a(), List.of("sm-5", "sm-404"));
    assertThat(r.get("issues_count").asInt()).isEqualTo(4).isEqualTo(liveRows());
    r = Beads.incremental(server, s.a(),
        "{\"id\": \"sm-4\", \"status\": \"tombstone\", \"updated_at\": \"2026-03-05T08:00:00Z\"}\n",
        null);
    assertThat(r.get("issues_count").asInt()).isEqualTo(3).isEqualTo(liveRows());
    r = Beads.incremental(server, s.a(), "{\"id\": \"sm-5\", \"title\": \"Back\", \"status\": \"open\"}\n", null);
    assertThat(r.get("issues_count").asInt()).isEqualTo(4).isEqualTo(liveRows());
    r = Beads.incremental(server, s.a(),
        "{\"id\": \"sm-1\", \"title\": \"Set up CI again\", \"status\": \"open\"}\n", null);
    assertThat(r.get("issues_count").asInt()).isEqualTo(4).isEqualTo(liveRows());
    r = Beads.full(server, s.a(), Beads.S1 + Beads.S2);
    assertThat(r.get("issues_count").asInt()).isEqualTo(2).isEqualTo(liveRows());
    // Another writer of the same rows (a row removed outside any sync) is counted too.
    server.sql().useHandle(h -> h.execute("""
        UPDATE beads.issues SET deleted_at = now() WHERE bead_id = 'sm-2' AND repo = ?""", Beads.SMOKE_REPO));
    r = Beads.incremental(server, s.a(), Beads.S3, null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.get("issues_count").asInt()).isEqualTo(2).isEqualTo(liveRows());
    server.sql().useHandle(h -> h.execute("DELETE FROM beads.issues WHERE bead_id = 'sm-1' AND repo = ?",
        Beads.SMOKE_REPO));
    r = Beads.incremental(server, s.a(), Beads.S3, null);
    assertThat(r.get("issues_count").asInt()).isEqualTo(1).isEqualTo(liveRows());
  }
}
