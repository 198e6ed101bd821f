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

  /**
   * Random additions and removals that keep the known repos and id prefixes: new rows with edges, dotted
   * children of live rows (implicit parents), rows bearing an id other rows already name, ids of the
   * other repo, tombstones and revivals.
   */
  static void addAndRemove(Agent p, String repo, List<ObjectNode> rows, List<String> otherRepoIds, long seed,
                           int rounds) {
    Random rnd = new Random(seed);
    String[] statuses = {"open", "closed", "in_progress", "blocked", "deferred"};
    String[] types = {"blocks", "parent-child", "waits-for"};
    List<ObjectNode> live = new ArrayList<>(rows);
    List<ObjectNode> removed = new ArrayList<>();
    java.util.Set<String> ids = new java.util.HashSet<>();
    rows.forEach(x -> ids.add(x.get("id").asText()));
    List<String> namedMissing = new ArrayList<>();
    rows.forEach(x -> x.path("dependencies").forEach(d -> {
      String t = d.path("depends_on_id").asText();
      if (!t.contains(":") && !ids.contains(t) && !namedMissing.contains(t)) {
        namedMissing.add(t);
      }
    }));
    String prefix = rows.get(0).get("id").asText().split("-")[0];
    long narrowBefore = ClosureRefresh.NARROW.sum();
    for (int round = 0; round < rounds; round++) {
      StringBuilder jsonl = new StringBuilder();
      java.util.Set<String> touched = new java.util.HashSet<>();
      for (int i = 0; i < 1 + rnd.nextInt(3); i++) {
        int what = rnd.nextInt(7);
        ObjectNode x;
        if (what >= 5 && !removed.isEmpty() || what == 4) {
          List<ObjectNode> from = what == 4 ? live : removed;
          x = from.get(rnd.nextInt(from.size()));
          if (!touched.add(x.get("id").asText())) {
            continue;
          }
          from.remove(x);
          (what == 4 ? removed : live).add(x);
          x.put("status", what == 4 ? "tombstone" : statuses[rnd.nextInt(statuses.length)]);
        } else {
          String id = switch (what) {
            case 1 -> live.get(rnd.nextInt(live.size())).get("id").asText() + "." + (round * 10 + i + 1);
            case 2 -> namedMissing.isEmpty() ? null : namedMissing.remove(rnd.nextInt(namedMissing.size()));
            case 3 -> otherRepoIds.isEmpty() ? null : otherRepoIds.remove(rnd.nextInt(otherRepoIds.size()));
            default -> prefix + "-add" + seed + "x" + round + "x" + i;
          };
          if (id == null || ids.contains(id) || !touched.add(id)) {
            continue;
          }
          ids.add(id);
          x = (ObjectNode) Json.tree("{}");
          x.put("id", id).put("title", "added " + id).put("status", statuses[rnd.nextInt(statuses.length)])
              .put("issue_type", "task");
          if (what != 1 && rnd.nextBoolean()) {
            ObjectNode other = live.get(rnd.nextInt(live.size()));
            ObjectNode d = x.putArray("dependencies").addObject().put("issue_id", id)
                .put("depends_on_id", other.get("id").asText()).put("type", types[rnd.nextInt(types.length)]);
            if (d.get("type").asText().equals("waits-for")) {
              d.put("metadata", rnd.nextBoolean() ? "{\"gate\":\"any-children\"}" : "{}");
            }
          }
          live.add(x);
        }
        x.put("updated_at", Instant.parse("2028-01-01T00:00:00Z").plusSeconds(seed * 1000 + round).toString());
        jsonl.append(x).append('\n');
      }
      if (jsonl.isEmpty()) {
        continue;
      }
      Beads.upload(server, p.key(), repo, jsonl.toString());
      assertWholeRecomputeChangesNothing(UUID.fromString(p.projectId()), "seed " + seed + " round " + round + ": " + jsonl);
    }
    assertThat(ClosureRefresh.NARROW.sum() - narrowBefore).as("narrow refreshes taken").isGreaterThan(rounds / 3);
  }

  @Test
  void addingAndRemovingRowsInTheRealExportMatchesAWholeProjectRecompute() {
    Agent p = project("closure-add-real");
    String text = Beads.text("beads-tracker-v0.49.6.jsonl");
    Beads.upload(server, p.key(), Beads.RIG, text);
    addAndRemove(p, Beads.RIG, records(text), new ArrayList<>(), 4, 60);
  }

  @Test
  void addingAndRemovingRowsAcrossTwoRepositoriesMatchesAWholeProjectRecompute() {
    Agent p = project("closure-add-composed");
    String rig = Beads.text("composed-rig.jsonl").lines().filter(l -> !l.contains("external:"))
        .reduce("", (a, b) -> a + b + "\n");
    String town = Beads.text("composed-town.jsonl");
    Beads.upload(server, p.key(), Beads.RIG, rig);
    Beads.upload(server, p.key(), Beads.TOWN, town);
    List<String> rigIds = new ArrayList<>(records(rig).stream().map(x -> x.get("id").asText()).toList());
    List<String> townIds = new ArrayList<>(records(town).stream().map(x -> x.get("id").asText()).toList());
    addAndRemove(p, Beads.RIG, records(rig), townIds, 5, 40);
    addAndRemove(p, Beads.TOWN, records(town), rigIds, 6, 40);
  }

  @Test
  void anAddThatChangesARepositorysIdPrefixRecomputesTheRowsItDoesNotName() {
    Agent p = project("closure-prefix-flip");
    Beads.upload(server, p.key(), Beads.RIG, rec("aa-1", null) + rec("aa-2", null) + rec("aa-3", null)
        + rec("bb-9", null));
    // bb-9 is in another repo whose prefix is aa: the plain reference is missing, tt-2 is not blocked.
    Beads.upload(server, p.key(), Beads.TOWN, rec("tt-1", null) + rec("tt-2", "bb-9"));
    assertThat(blocked(p, "tt-2")).isFalse();
    // Four bb rows against three aa: the rig's prefix becomes bb, and tt-2's reference resolves to bb-9.
    Beads.upload(server, p.key(), Beads.RIG, rec("bb-1", null) + rec("bb-2", null) + rec("bb-3", null));
    assertThat(blocked(p, "tt-2")).isTrue();
    assertWholeRecomputeChangesNothing(UUID.fromString(p.projectId()), "after the prefix changed");
    // And back: removing two bb rows makes aa the prefix again.
    Beads.upload(server, p.key(), Beads.RIG, "{\"id\":\"bb-1\",\"status\":\"tombstone\"}\n"
        + "{\"id\":\"bb-2\",\"status\":\"tombstone\"}\n");
    assertThat(blocked(p, "tt-2")).isFalse();
    assertWholeRecomputeChangesNothing(UUID.fromString(p.projectId()), "after the prefix changed back");
  }

  private static String rec(String id, String blockedBy) {
    return "{\"id\":\"" + id + "\",\"title\":\"" + id + "\",\"status\":\"open\",\"issue_type\":\"task\""
        + (blockedBy == null ? "" : ",\"dependencies\":[{\"issue_id\":\"" + id + "\",\"depends_on_id\":\""
        + blockedBy + "\",\"type\":\"blocks\"}]") + "}\n";
  }

  private static boolean blocked(Agent p, String beadId) {
    return server.sql().withHandle(h -> h.createQuery("""
            SELECT COALESCE(s.blocked, false) FROM beads.issues i
              LEFT JOIN beads.issue_state s ON s.issue_id = i.id
             WHERE i.project_id = :p AND i.bead_id = :b AND i.deleted_at IS NULL""")
        .bind("p", UUID.fromString(p.projectId())).bind("b", beadId).mapTo(Boolean.class).one());
  }
}
