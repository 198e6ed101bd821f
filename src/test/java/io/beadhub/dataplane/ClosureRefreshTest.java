package io.beadhub.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.Json;
import io.beadhub.testing.Agent;
import io.beadhub.testing.Agents;
import io.beadhub.testing.Beads;
import io.beadhub.testing.TestServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The closure refresh of a narrow write (spec 60 §4.7) leaves exactly the state a whole-project
 * recompute gives: after each of many random narrow writes, recomputing the whole project inside a
 * transaction changes no stored row.
 */
class ClosureRefreshTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A project with one agent (no repo); its key and id are all these checks need. */
  static Agent project(String slug) {
    return Agents.in(server, slug).init();
  }

  static List<ObjectNode> records(String text) {
    List<ObjectNode> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        out.add((ObjectNode) Json.tree(line));
      }
    }
    return out;
  }

  static String snapshot(Handle h, UUID project) {
    return h.createQuery("""
            SELECT s.issue_id, s.blocked, s.blocked_reasons, s.blocked_by, s.defer_max, s.ancestor_deferred
              FROM beads.issue_state s WHERE s.project_id = :p ORDER BY s.issue_id""")
        .bind("p", project).mapToMap().list() + "\n" + h.createQuery("""
            SELECT child_id, parent_id, ordinal FROM beads.issue_parents WHERE project_id = :p
             ORDER BY child_id, ordinal""").bind("p", project).mapToMap().list();
  }

  /** The stored state equals a whole-project recompute (done in a transaction that is rolled back). */
  static void assertWholeRecomputeChangesNothing(UUID project, String round) {
    server.sql().useHandle(h -> {
      h.begin();
      String stored = snapshot(h, project);
      StateRefresh.refresh(h, project, Instant.now());
      String whole = snapshot(h, project);
      h.rollback();
      assertThat(stored).as(round).isEqualTo(whole);
    });
  }

  /** Random narrow writes: status changes, new blocking / parent / waits-for edges, deferrals. */
  static void mutate(Agent p, String repo, List<ObjectNode> rows, long seed, int rounds) {
    Random rnd = new Random(seed);
    String[] statuses = {"open", "closed", "in_progress", "blocked", "deferred", "pinned", "hooked"};
    long narrowBefore = ClosureRefresh.NARROW.sum();
    for (int round = 0; round < rounds; round++) {
      StringBuilder jsonl = new StringBuilder();
      int n = 1 + rnd.nextInt(4);
      for (int i = 0; i < n; i++) {
        ObjectNode x = rows.get(rnd.nextInt(rows.size()));
        ObjectNode other = rows.get(rnd.nextInt(rows.size()));
        x.put("status", statuses[rnd.nextInt(statuses.length)]);
        int what = rnd.nextInt(6);
        ArrayNode deps = x.has("dependencies") && x.get("dependencies").isArray() ? (ArrayNode) x.get("dependencies")
            : x.putArray("dependencies");
        if (what == 0) {
          deps.addObject().put("issue_id", x.get("id").asText()).put("depends_on_id", other.get("id").asText())
              .put("type", "blocks");
        } else if (what == 1) {
          deps.addObject().put("issue_id", x.get("id").asText()).put("depends_on_id", other.get("id").asText())
              .put("type", "parent-child");
        } else if (what == 2) {
          ObjectNode d = deps.addObject().put("issue_id", x.get("id").asText())
              .put("depends_on_id", other.get("id").asText()).put("type", "waits-for");
          d.put("metadata", rnd.nextBoolean() ? "{\"gate\":\"any-children\"}" : "{}");
        } else if (what == 3 && deps.size() > 0) {
          deps.remove(0);
        } else if (what == 4) {
          x.put("defer_until", rnd.nextBoolean() ? "2099-01-01T00:00:00Z" : "2020-01-01T00:00:00Z");
        }
        x.put("updated_at", Instant.parse("2027-01-01T00:00:00Z").plusSeconds(seed * 1000 + round).toString());
        jsonl.append(x).append('\n');
      }
      Beads.upload(server, p.key(), repo, jsonl.toString());
      assertWholeRecomputeChangesNothing(UUID.fromString(p.projectId()),
          "seed " + seed + " round " + round + ": " + jsonl);
    }
    assertThat(ClosureRefresh.NARROW.sum() - narrowBefore).as("narrow refreshes taken").isGreaterThan(rounds / 2);
  }

  @Test
  void narrowWritesToTheRealExportMatchAWholeProjectRecompute() {
    Agent p = project("closure-real");
    String text = Beads.text("beads-tracker-v0.49.6.jsonl");
    Beads.upload(server, p.key(), Beads.RIG, text);
    assertWholeRecomputeChangesNothing(UUID.fromString(p.projectId()), "initial load");
    mutate(p, Beads.RIG, records(text), 1, 60);
  }

  @Test
  void narrowWritesAcrossTwoRepositoriesMatchAWholeProjectRecompute() {
    Agent p = project("closure-composed");
    // Without the external capability edge (it makes every refresh a whole-project one).
    String rig = Beads.text("composed-rig.jsonl").lines().filter(l -> !l.contains("external:"))
        .reduce("", (a, b) -> a + b + "\n");
    String town = Beads.text("composed-town.jsonl");
    Beads.upload(server, p.key(), Beads.RIG, rig);
    Beads.upload(server, p.key(), Beads.TOWN, town);
    assertWholeRecomputeChangesNothing(UUID.fromString(p.projectId()), "initial load");
    mutate(p, Beads.RIG, records(rig), 2, 40);
    mutate(p, Beads.TOWN, records(town), 3, 20);
  }

  @Test
  void aTextOnlyEditRefreshesNoStateButTheNextStatusChangeDoes() {
    Agent p = project("closure-text-only");
    String text = Beads.text("beads-tracker-v0.49.6.jsonl");
    Beads.upload(server, p.key(), Beads.RIG, text);
    List<ObjectNode> rows = records(text);
    StringBuilder edits = new StringBuilder();
    for (ObjectNode x : rows.subList(0, 20)) {
      x.put("title", "Renamed " + x.get("title").asText()).put("description", "new text").put("priority", 3)
          .put("assignee", "someone-else");
      edits.append(x).append('\n');
    }
    long narrow = ClosureRefresh.NARROW.sum();
    Beads.upload(server, p.key(), Beads.RIG, edits.toString());
    assertThat(ClosureRefresh.NARROW.sum()).as("no state input changed: no refresh").isEqualTo(narrow);
    assertWholeRecomputeChangesNothing(UUID.fromString(p.projectId()), "after text-only edits");
    int renamed = server.sql().withHandle(h -> h.createQuery(
            "SELECT count(*) FROM beads.issues WHERE project_id = :p AND title LIKE 'Renamed %'")
        .bind("p", UUID.fromString(p.projectId())).mapTo(Integer.class).one());
    assertThat(renamed).isEqualTo(20);

    ObjectNode x = rows.get(0);
    x.put("status", x.get("status").asText().equals("closed") ? "open" : "closed");
    Beads.upload(server, p.key(), Beads.RIG, x + "\n");
    assertThat(ClosureRefresh.NARROW.sum()).as("a status change refreshes its closure").isEqualTo(narrow + 1);
    assertWholeRecomputeChangesNothing(UUID.fromString(p.projectId()), "after the status change");
  }
}
