package io.beadhub.dataplane;

import io.beadhub.beads.Graph;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The affected closure of a write that kept the live set (spec 60 §4.7): with no row appearing or
 * disappearing, the known repos, the id prefixes and every resolution to a row that was not written
 * stay as they were, so only these rows can change state:
 * <ul>
 *   <li>the written rows (status, edges, flags);</li>
 *   <li>rows with an edge to a written id (any repo) or a {@code waits-for} spawner id naming one;</li>
 *   <li>{@code waits-for} gates over the old and new parents of those rows (their children changed);</li>
 *   <li>the descendants of all of these (stored parents: the parents of other rows did not change).</li>
 * </ul>
 * The closure is evaluated on a graph of itself plus the rows it resolves to (all live rows bearing
 * a referenced id) and the stored children of its gates' spawners; rows outside it keep and lend
 * their stored state. Whenever that graph could resolve differently from the whole project (a
 * reference that needs another repo's id prefix or the set of known repos, external capabilities),
 * or the closure is large, the caller recomputes the whole project instead.
 */
final class ClosureRefresh {
  static final int MAX_WRITTEN = 1_000;
  static final int MAX_CLOSURE = 2_000;
  /** Closures refreshed so far in this process (tests check the narrow path is taken). */
  static final java.util.concurrent.atomic.LongAdder NARROW = new java.util.concurrent.atomic.LongAdder();
  private static final Set<String> STATE_EDGES = Set.of("blocks", "blocked-by", "conditional-blocks", "waits-for",
      "parent-child");

  private ClosureRefresh() {
  }

  /** Refreshes the closure; false when the whole project must be refreshed instead. */
  static boolean refresh(Handle h, UUID project, String repo, String branch, BeadWriteHook.Written written,
                         Instant now) {
    if (written.liveSetChanged() || written.beadIds().size() > MAX_WRITTEN) {
      return false;
    }
    if (written.nothing()) {
      return true;
    }
    if (h.createQuery("SELECT EXISTS (SELECT 1 FROM beads.issue_deps WHERE project_id = :p AND ref_kind = 'external')")
        .bind("p", project).mapTo(Boolean.class).one()) {
      return false; // capability resolution needs every repo's name and prefix
    }
    String[] writtenIds = written.beadIds().toArray(new String[0]);
    Set<Long> seeds = new HashSet<>(ids(h, """
        SELECT id FROM beads.issues
         WHERE project_id = :p AND repo = :r AND branch = :b AND bead_id = ANY(:ids) AND deleted_at IS NULL
        """, project, repo, branch, writtenIds));
    seeds.addAll(ids(h, """
        SELECT DISTINCT d.issue_id FROM beads.issue_deps d JOIN beads.issues i ON i.id = d.issue_id
         WHERE d.project_id = :p AND d.ref_bead = ANY(:ids) AND i.deleted_at IS NULL
        UNION
        SELECT d.issue_id FROM beads.issue_deps d JOIN beads.issues i ON i.id = d.issue_id
         WHERE d.project_id = :p AND d.type = 'waits-for' AND d.metadata->>'spawner_id' = ANY(:ids)
           AND i.deleted_at IS NULL
        """, project, repo, branch, writtenIds));
    // Gates over the parents (old: stored; new: referenced by the seeds' edges) of the seeds.
    Loaded seedRows = Loaded.of(h, project, seeds);
    Set<String> parentIds = new HashSet<>(seedRows.referenced(Set.of("parent-child")));
    seedRows.nodes.forEach(n -> {
      int dot = n.beadId().lastIndexOf('.');
      if (dot > 0) {
        parentIds.add(n.beadId().substring(0, dot));
      }
    });
    parentIds.addAll(h.createQuery("""
        SELECT i.bead_id FROM beads.issue_parents pa JOIN beads.issues i ON i.id = pa.parent_id
         WHERE pa.child_id = ANY(:ids)
        """).bind("ids", seeds.toArray(new Long[0])).mapTo(String.class).list());
    Set<Long> closure = new HashSet<>(seeds);
    if (!parentIds.isEmpty()) {
      closure.addAll(ids(h, """
          SELECT DISTINCT d.issue_id FROM beads.issue_deps d JOIN beads.issues i ON i.id = d.issue_id
           WHERE d.project_id = :p AND d.type = 'waits-for' AND i.deleted_at IS NULL
             AND (d.ref_bead = ANY(:ids) OR d.metadata->>'spawner_id' = ANY(:ids))
          """, project, repo, branch, parentIds.toArray(new String[0])));
    }
    Set<Long> frontier = new HashSet<>(closure);
    while (!frontier.isEmpty()) {
      if (closure.size() > MAX_CLOSURE) {
        return false;
      }
      List<Long> kids = h.createQuery("SELECT child_id FROM beads.issue_parents WHERE parent_id = ANY(:ids)")
          .bind("ids", frontier.toArray(new Long[0])).mapTo(Long.class).list();
      frontier = new HashSet<>();
      for (Long k : kids) {
        if (closure.add(k)) {
          frontier.add(k);
        }
      }
    }
    if (closure.size() > MAX_CLOSURE) {
      return false;
    }

    // The evaluation graph: the closure, the rows its references name, the stored children of its
    // gates' spawners, and the rows those children name.
    Loaded inside = Loaded.of(h, project, closure);
    Set<String> named = inside.referenced(STATE_EDGES);
    inside.nodes.forEach(n -> {
      int dot = n.beadId().lastIndexOf('.');
      if (dot > 0) {
        named.add(n.beadId().substring(0, dot));
      }
    });
    Map<Long, Graph.Node> nodes = new HashMap<>();
    inside.nodes.forEach(n -> nodes.put(n.id(), n));
    Loaded targets = Loaded.byBeadIds(h, project, named, nodes.keySet());
    targets.nodes.forEach(n -> nodes.put(n.id(), n));
    Set<String> spawnerIds = inside.referenced(Set.of("waits-for"));
    List<Long> spawners = nodes.values().stream().filter(n -> spawnerIds.contains(n.beadId())).map(Graph.Node::id)
        .toList();
    Set<Long> gateChildren = spawners.isEmpty() ? new HashSet<>() : new HashSet<>(h.createQuery(
            "SELECT child_id FROM beads.issue_parents WHERE parent_id = ANY(:ids)")
        .bind("ids", spawners.toArray(new Long[0])).mapTo(Long.class).list());
    gateChildren.removeAll(nodes.keySet());
    Loaded children = Loaded.of(h, project, gateChildren);
    children.nodes.forEach(n -> nodes.put(n.id(), n));
    List<Graph.Edge> edges = new ArrayList<>(inside.edges);
    edges.addAll(targets.edges);
    edges.addAll(children.edges);
    // Resolution must not depend on rows or prefixes the graph lacks: every reference of the closure,
    // and the parent references of the other rows (they decide the children a gate counts).
    for (Loaded l : List.of(inside, targets, children)) {
      for (Graph.Edge e : l.edges) {
        Graph.Node x = nodes.get(e.issueId());
        if (l != inside && !e.type().equals("parent-child")) {
          continue;
        }
        if (!STATE_EDGES.contains(e.type())) {
          continue;
        }
        if (!resolvesLocally(nodes.values(), x, e.kind(), e.repo(), e.branch(), e.bead())) {
          return false;
        }
        String spawner = spawnerId(e);
        if (spawner != null && !resolvesLocally(nodes.values(), x, "plain", null, null, spawner)) {
          return false;
        }
      }
    }
    Set<Long> outside = new HashSet<>(nodes.keySet());
    outside.removeAll(closure);
    Set<Long> stateIds = new HashSet<>(nodes.keySet());
    Map<Long, StateRefresh.StoredState> stored = StateRefresh.storedState(h, project, stateIds);
    Map<Long, Boolean> fixed = new HashMap<>();
    for (Long id : outside) {
      StateRefresh.StoredState s = stored.get(id);
      fixed.put(id, s != null && s.blocked());
    }
    Graph g = new Graph(new ArrayList<>(nodes.values()), edges, fixed);
    List<Graph.Node> evaluated = inside.nodes;
    StateRefresh.write(h, project, now, g, evaluated, closure, stored,
        StateRefresh.storedParents(h, project, closure));
    NARROW.increment();
    return true;
  }

  /**
   * True when the graph resolves this reference as the whole project would: a hit in the row's own
   * repo (or the named repo), or no live row with that id anywhere (missing). A miss with the id
   * present in another repo needs that repo's prefix; an explicit repo reference that misses needs
   * the set of known repos.
   */
  private static boolean resolvesLocally(Collection<Graph.Node> nodes, Graph.Node x, String kind, String repo,
                                         String branch, String bead) {
    return switch (kind) {
      case "plain" -> nodes.stream().noneMatch(n -> n.beadId().equals(bead))
          || nodes.stream().anyMatch(n -> n.beadId().equals(bead) && n.repo().equals(x.repo())
          && n.branch().equals(x.branch()));
      case "repo_ref" -> nodes.stream().anyMatch(n -> n.beadId().equals(bead) && n.repo().equals(repo)
          && n.branch().equals(branch == null ? x.branch() : branch));
      case "malformed" -> true;
      default -> false;
    };
  }

  private static String spawnerId(Graph.Edge e) {
    if (!e.type().equals("waits-for") || e.metadata() == null) {
      return null;
    }
    var meta = io.beadhub.http.Json.tree(e.metadata());
    return meta.path("spawner_id").isTextual() && !meta.get("spawner_id").textValue().isEmpty()
        ? meta.get("spawner_id").textValue() : null;
  }

  private static List<Long> ids(Handle h, String sql, UUID project, String repo, String branch, String[] ids) {
    var q = h.createQuery(sql).bind("p", project).bind("ids", ids);
    if (sql.contains(":r")) {
      q.bind("r", repo).bind("b", branch);
    }
    return q.mapTo(Long.class).list();
  }

  /** Live rows and their edges. */
  private record Loaded(List<Graph.Node> nodes, List<Graph.Edge> edges) {
    static final String NODE = """
        SELECT id, repo, branch, bead_id, status, issue_type, labels, pinned, ephemeral, is_template, defer_until,
               is_mail
          FROM beads.issues WHERE project_id = :p AND deleted_at IS NULL
        """;

    static Loaded of(Handle h, UUID project, Set<Long> ids) {
      if (ids.isEmpty()) {
        return new Loaded(new ArrayList<>(), new ArrayList<>());
      }
      List<Graph.Node> nodes = h.createQuery(NODE + " AND id = ANY(:ids)").bind("p", project)
          .bind("ids", ids.toArray(new Long[0])).map((rs, c) -> node(rs)).list();
      List<Graph.Edge> edges = h.createQuery("""
          SELECT issue_id, ordinal, type, target_raw, ref_kind, ref_repo, ref_branch, ref_bead, metadata::text AS metadata
            FROM beads.issue_deps WHERE issue_id = ANY(:ids)
          """).bind("ids", nodes.stream().map(Graph.Node::id).toArray(Long[]::new))
          .map((rs, c) -> new Graph.Edge(rs.getLong("issue_id"), rs.getInt("ordinal"), rs.getString("type"),
              rs.getString("target_raw"), rs.getString("ref_kind"), rs.getString("ref_repo"),
              rs.getString("ref_branch"), rs.getString("ref_bead"), rs.getString("metadata"))).list();
      return new Loaded(nodes, edges);
    }

    /** Every live row bearing one of {@code beadIds} (any repo), except {@code known}, with its edges. */
    static Loaded byBeadIds(Handle h, UUID project, Set<String> beadIds, Set<Long> known) {
      if (beadIds.isEmpty()) {
        return new Loaded(new ArrayList<>(), new ArrayList<>());
      }
      Set<Long> ids = new HashSet<>(h.createQuery(
              "SELECT id FROM beads.issues WHERE project_id = :p AND deleted_at IS NULL AND bead_id = ANY(:ids)")
          .bind("p", project).bind("ids", beadIds.toArray(new String[0])).mapTo(Long.class).list());
      ids.removeAll(known);
      return of(h, project, ids);
    }

    static Graph.Node node(java.sql.ResultSet rs) throws java.sql.SQLException {
      OffsetDateTimeReader t = new OffsetDateTimeReader(rs);
      return new Graph.Node(rs.getLong("id"), rs.getString("repo"), rs.getString("branch"), rs.getString("bead_id"),
          rs.getString("status"), rs.getString("issue_type"),
          Arrays.asList((String[]) rs.getArray("labels").getArray()), rs.getBoolean("pinned"),
          rs.getBoolean("ephemeral"), rs.getBoolean("is_template"), t.instant("defer_until"),
          rs.getBoolean("is_mail"));
    }

    /** Bead ids named by edges of the given types (and the spawner ids of waits-for edges). */
    Set<String> referenced(Set<String> types) {
      Set<String> out = new LinkedHashSet<>();
      for (Graph.Edge e : edges) {
        if (types.contains(e.type())) {
          if (e.bead() != null) {
            out.add(e.bead());
          }
          String s = spawnerId(e);
          if (s != null) {
            out.add(s);
          }
        }
      }
      return out;
    }
  }

  private record OffsetDateTimeReader(java.sql.ResultSet rs) {
    Instant instant(String col) throws java.sql.SQLException {
      java.time.OffsetDateTime t = rs.getObject(col, java.time.OffsetDateTime.class);
      return t == null ? null : t.toInstant();
    }
  }
}
