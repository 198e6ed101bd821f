package io.beadhub.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Agents;
import io.beadhub.testing.Beads;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rule set on the real tracker export: the counts of fixtures/beads/README.md (spec 60 §8 check 4). */
class RealExportTest {
  static TestServer server;
  static String key;

  @BeforeAll
  static void load() {
    server = TestServer.start();
    key = Agents.in(server, "real-export").init().key();
    Beads.upload(server, key, "github.com/steveyegge/beads", Beads.text("beads-tracker-v0.49.6.jsonl"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void realExportHas99ReadyAnd14BlockedEachByBlocksOnly() {
    Resp ready = server.get("/v1/beads/ready?limit=1000", key);
    assertThat(ready.json().get("count").asInt()).isEqualTo(99);
    Resp blocked = server.get("/v1/beads/blocked?limit=200", key);
    List<String> ids = new ArrayList<>();
    for (JsonNode i : blocked.json().get("issues")) {
      ids.add(i.get("bead_id").asText());
      for (JsonNode r : i.get("blocked_reasons")) {
        assertThat(r.get("kind").asText()).isEqualTo("blocks");
      }
    }
    assertThat(ids).containsExactlyInAnyOrder("bd-05a8", "bd-4nqq", "bd-74w1", "bd-9g1z", "bd-b3og", "bd-b6xo",
        "bd-dhza", "bd-ork0", "bd-qioh", "bd-rgyd", "bd-n4td", "bd-o4qy", "bd-lfak", "bd-bvec");
    JsonNode bvec = null;
    for (JsonNode i : blocked.json().get("issues")) {
      if (i.get("bead_id").asText().equals("bd-bvec")) {
        bvec = i;
      }
    }
    List<String> targets = new ArrayList<>();
    bvec.get("blocked_reasons").forEach(r -> targets.add(r.get("target").get("bead_id").asText()));
    assertThat(targets).containsExactly("bd-thgk", "bd-tvu3", "bd-n386", "bd-io8c", "bd-llfl", "bd-sh4c",
        "bd-fx7v", "bd-6sm6", "bd-m8ro", "bd-a15d");
  }

  @Test
  void realExportTotalsAndMessagesNeitherReadyNorBlocked() {
    long live = server.sql().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM beads.issues WHERE deleted_at IS NULL").mapTo(Long.class).one());
    long closed = server.sql().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM beads.issues WHERE deleted_at IS NULL AND status = 'closed'").mapTo(Long.class).one());
    assertThat(live).isEqualTo(835);
    assertThat(closed).isEqualTo(719);
    String text = server.get("/v1/beads/ready?limit=1000", key).text() + server.get("/v1/beads/blocked?limit=200",
        key).text();
    assertThat(text).doesNotContain("bd-vpan", "bd-x36g", "bd-d73u");
  }

  /** Only issues with something to say have a state row: the 14 blocked ones (none of the export is deferred). */
  @Test
  void stateRowsAreStoredForTheBlockedIssuesOnly() {
    List<String> stored = server.sql().withHandle(h -> h.createQuery("""
        SELECT i.bead_id FROM beads.issue_state s JOIN beads.issues i ON i.id = s.issue_id
         WHERE i.deleted_at IS NULL ORDER BY i.bead_id""").mapTo(String.class).list());
    assertThat(stored).containsExactlyInAnyOrder("bd-05a8", "bd-4nqq", "bd-74w1", "bd-9g1z", "bd-b3og", "bd-b6xo",
        "bd-dhza", "bd-ork0", "bd-qioh", "bd-rgyd", "bd-n4td", "bd-o4qy", "bd-lfak", "bd-bvec");
  }
}
