package io.beadhub.dataplane;

import io.beadhub.beads.Graph;
import io.beadhub.common.Json;
import io.beadhub.db.Batch;
import io.beadhub.db.MultiQuery;
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
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

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

  /**
   * The closure's reads are small keyed statements over beads.issues, whose many partial indexes make
   * planning them cost more than running them (0.7 ms against 0.06 ms for the seeds): PostgreSQL
   * re-plans them on every execution, rating the generic plan of an {@code = ANY(array)} worse. So they
   * run on generic plans, and only they: a generic plan made on a then-empty table and kept (a claim
   * lookup) scanned every claim of the project.
   */
  private static final String GENERIC_PLANS = "SELECT set_config('plan_cache_mode', 'force_generic_plan', true)";
  private static final String AUTO_PLANS = "SELECT set_config('plan_cache_mode', 'auto', true)";

  /** Whether the closure of {@code written} is refreshed narrowly (else: the whole project). */
  private static boolean narrow(BeadWriteHook.Written written) {
    return !written.liveSetChanged() && written.beadIds().size() <= MAX_WRITTEN;
  }

  /**
   * Adds to {@code b} the read of the seeds: the written rows and the rows naming a written id (an edge
   * or a waits-for spawner id); null (an array) when capability resolution needs every repo's name and
   * prefix. Nothing is added when there is nothing to read.
   */
  static Batch.Result<Long[]> seeds(Batch b, UUID project, String repo, String branch,
                                    BeadWriteHook.Written written) {
    if (!narrow(written) || written.nothing()) {
      return null;
    }
    b.update(GENERIC_PLANS, q -> { });
    Batch.Result<Long[]> seeds = b.query("""
        SELECT CASE WHEN EXISTS (SELECT 1 FROM beads.issue_deps WHERE project_id = :p AND ref_kind = 'external')
                    THEN NULL
                    ELSE ARRAY(SELECT id FROM beads.issues
                                WHERE project_id = :p AND repo = :r AND branch = :b AND bead_id = ANY(:ids)
                                  AND deleted_at IS NULL
                               UNION
                               SELECT d.issue_id FROM beads.issue_deps d JOIN beads.issues i ON i.id = d.issue_id
                                WHERE d.project_id = :p AND d.ref_bead = ANY(:ids) AND i.deleted_at IS NULL
                               UNION
                               SELECT d.issue_id FROM beads.issue_deps d JOIN beads.issues i ON i.id = d.issue_id
                                WHERE d.project_id = :p AND d.type = 'waits-for'
                                  AND d.metadata->>'spawner_id' = ANY(:ids) AND i.deleted_at IS NULL) END
        """, q -> q.bind("p", project).bind("r", repo).bind("b", branch)
            .bind("ids", written.beadIds().toArray(new String[0])),
        (rs, c) -> (Long[]) (rs.getArray(1) == null ? null : rs.getArray(1).getArray()));
    b.update(AUTO_PLANS, q -> { });
    return seeds;
  }

  /**
   * Refreshes the closure, from the seeds read in the write's batch ({@link #seeds}); false when the
   * whole project must be refreshed instead.
   */
  static boolean refresh(Handle h, UUID project, String repo, String branch, BeadWriteHook.Written written,
                         Instant now, Batch.Result<Long[]> seedRead) {
    if (!narrow(written)) {
      return false;
    }
    if (written.nothing()) {
      return true;
    }
    Long[] seedArray = seedRead.one();
    if (seedArray == null) {
      return false; // capability resolution needs every repo's name and prefix
    }
    Set<Long> seeds = new HashSet<>(Arrays.asList(seedArray));
    // Gates over the parents (old: stored; new: referenced by the seeds' edges) of the seeds.
    // From here to the stored state, generic plans (GENERIC_PLANS).
    var seedQuery = h.createQuery(GENERIC_PLANS + ";\n" + Loaded.sql("i.id = ANY(:ids)") + """
        ;
        SELECT i.bead_id FROM beads.issue_parents pa JOIN beads.issues i ON i.id = pa.parent_id
         WHERE pa.child_id = ANY(:ids)""").bind("p", project).bind("ids", seeds.toArray(new Long[0]));
    List<List<?>> seedResults = MultiQuery.rows(seedQuery, null, Loaded.NODE_MAPPER, Loaded.EDGE_MAPPER,
        (rs, c) -> rs.getString(1)).subList(1, 4);
    Loaded seedRows = Loaded.of(seedResults);
    Set<String> parentIds = new HashSet<>(seedRows.referenced(Set.of("parent-child")));
    seedRows.nodes.forEach(n -> {
      int dot = n.beadId().lastIndexOf('.');
      if (dot > 0) {
        parentIds.add(n.beadId().substring(0, dot));
      }
    });
    parentIds.addAll(MultiQuery.<String>at(seedResults, 2));
    // The closure: the seeds, the waits-for gates over those parents, and the stored descendants of
    // these, at most MAX_CLOSURE + 1 of them; and its live rows. The OFFSET 0 keeps each step an index
    // lookup per row: joined plainly, the planner hashes the work table and scans every project's links.
    String closureCte = """
        WITH RECURSIVE c(id) AS (SELECT unnest(CAST(:start AS bigint[]))
                                 UNION SELECT d.issue_id FROM beads.issue_deps d JOIN beads.issues i ON i.id = d.issue_id
                                        WHERE d.project_id = :p AND d.type = 'waits-for' AND i.deleted_at IS NULL
                                          AND (d.ref_bead = ANY(:parents) OR d.metadata->>'spawner_id' = ANY(:parents))
                                 UNION SELECT pa.child_id FROM c CROSS JOIN LATERAL (
                                   SELECT child_id FROM beads.issue_parents WHERE parent_id = c.id OFFSET 0) pa),
        cl AS (SELECT id FROM c LIMIT :limit)
        """;
    var closureQuery = h.createQuery(closureCte + "SELECT id FROM cl;\n"
            + Loaded.sql(closureCte, "i.id IN (SELECT id FROM cl)"))
        .bind("p", project).bind("start", seeds.toArray(new Long[0]))
        .bind("parents", parentIds.toArray(new String[0])).bind("limit", MAX_CLOSURE + 1);
    List<List<?>> closureResults = MultiQuery.rows(closureQuery, (rs, c) -> rs.getLong(1), Loaded.NODE_MAPPER,
        Loaded.EDGE_MAPPER);
    Set<Long> closure = new HashSet<>(MultiQuery.<Long>at(closureResults, 0));
    if (closure.size() > MAX_CLOSURE) {
      return wide(h);
    }

    // The evaluation graph: the closure, the rows its references name, the stored children of its
    // gates' spawners, and the rows those children name.
    Loaded inside = Loaded.of(closureResults.subList(1, 3));
    Set<String> named = inside.referenced(STATE_EDGES);
    inside.nodes.forEach(n -> {
      int dot = n.beadId().lastIndexOf('.');
      if (dot > 0) {
        named.add(n.beadId().substring(0, dot));
      }
    });
    Map<Long, Graph.Node> nodes = new HashMap<>();
    inside.nodes.forEach(n -> nodes.put(n.id(), n));
    // The rows named, and in the same round trip the stored state of the closure's rows and of those,
    // the stored parents of the closure, and the end of the generic plans.
    String targetCond = "i.bead_id = ANY(:named) AND NOT (i.id = ANY(:known))";
    // One array, so the state is read by index (an OR with a subquery scanned the project's states).
    String stateCond = named.isEmpty() ? "issue_id = ANY(:known)" : """
        issue_id = ANY(CAST(:known AS bigint[]) || ARRAY(SELECT i.id FROM beads.issues i
                                                       WHERE i.project_id = :p AND i.deleted_at IS NULL
                                                         AND (%s)))""".formatted(targetCond);
    List<RowMapper<?>> mappers = new ArrayList<>();
    if (!named.isEmpty()) {
      mappers.addAll(List.of(Loaded.NODE_MAPPER, Loaded.EDGE_MAPPER));
    }
    mappers.addAll(StateRefresh.STORED_MAPPERS);
    mappers.add(null);
    List<List<?>> read = MultiQuery.rows(h.createQuery((named.isEmpty() ? "" : Loaded.sql(targetCond) + ";\n")
            + StateRefresh.storedSql(stateCond) + ";\n" + AUTO_PLANS).bind("p", project)
        .bind("named", named.toArray(new String[0])).bind("known", nodes.keySet().toArray(new Long[0]))
        .bind("pids", closure.toArray(new Long[0])), mappers.toArray(new RowMapper<?>[0]));
    int at = named.isEmpty() ? 0 : 2;
    Loaded targets = named.isEmpty() ? Loaded.EMPTY : Loaded.of(read.subList(0, 2));
    StateRefresh.Stored both = StateRefresh.stored(read.subList(at, at + 2));
    targets.nodes.forEach(n -> nodes.put(n.id(), n));
    Set<String> spawnerIds = inside.referenced(Set.of("waits-for"));
    List<Long> spawners = nodes.values().stream().filter(n -> spawnerIds.contains(n.beadId())).map(Graph.Node::id)
        .toList();
    Loaded children = spawners.isEmpty() ? Loaded.EMPTY : Loaded.load(h.createQuery(Loaded.sql("""
            i.id IN (SELECT child_id FROM beads.issue_parents WHERE parent_id = ANY(:spawners))
            AND NOT (i.id = ANY(:known))""")).bind("p", project).bind("spawners", spawners.toArray(new Long[0]))
        .bind("known", nodes.keySet().toArray(new Long[0])));
    children.nodes.forEach(n -> nodes.put(n.id(), n));
    Map<Long, StateRefresh.StoredState> stored = new HashMap<>(both.state());
    if (!children.nodes.isEmpty()) {
      stored.putAll(StateRefresh.storedState(h, project,
          new HashSet<>(children.nodes.stream().map(Graph.Node::id).toList())));
    }
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
          return wide(h);
        }
        String spawner = spawnerId(e);
        if (spawner != null && !resolvesLocally(nodes.values(), x, "plain", null, null, spawner)) {
          return wide(h);
        }
      }
    }
    Set<Long> outside = new HashSet<>(nodes.keySet());
    outside.removeAll(closure);
    Map<Long, Boolean> fixed = new HashMap<>();
    for (Long id : outside) {
      StateRefresh.StoredState s = stored.get(id);
      fixed.put(id, s != null && s.blocked());
    }
    Graph g = new Graph(new ArrayList<>(nodes.values()), edges, fixed);
    List<Graph.Node> evaluated = inside.nodes;
    StateRefresh.write(h, project, now, g, evaluated, closure, stored, both.parents());
    NARROW.increment();
    return true;
  }

  /** Back to custom plans ({@link #GENERIC_PLANS}) for the whole-project refresh; false. */
  private static boolean wide(Handle h) {
    h.createQuery(AUTO_PLANS).mapTo(String.class).one();
    return false;
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
    var meta = io.beadhub.common.Json.tree(e.metadata());
    return meta.path("spawner_id").isTextual() && !meta.get("spawner_id").textValue().isEmpty()
        ? meta.get("spawner_id").textValue() : null;
  }

  /** Live rows and their edges. */
  private record Loaded(List<Graph.Node> nodes, List<Graph.Edge> edges) {
    static final Loaded EMPTY = new Loaded(List.of(), List.of());
    static final RowMapper<Graph.Node> NODE_MAPPER = (rs, c) -> node(rs);
    static final RowMapper<Graph.Edge> EDGE_MAPPER = (rs, c) -> new Graph.Edge(rs.getLong("issue_id"),
        rs.getInt("ordinal"), rs.getString("type"), rs.getString("target_raw"), rs.getString("ref_kind"),
        rs.getString("ref_repo"), rs.getString("ref_branch"), rs.getString("ref_bead"), rs.getString("metadata"));

    /** Two statements (one round trip): the project's live rows matching {@code cond} (on {@code i}), their edges. */
    static String sql(String cond) {
      return sql("", cond);
    }

    /** As {@link #sql(String)}, each statement opening with {@code with} (a WITH clause {@code cond} uses). */
    static String sql(String with, String cond) {
      return """
          %2$sSELECT i.id, i.repo, i.branch, i.bead_id, i.status, i.issue_type, i.labels, i.pinned, i.ephemeral,
                 i.is_template, i.defer_until, i.is_mail
            FROM beads.issues i WHERE i.project_id = :p AND i.deleted_at IS NULL AND (%1$s);
          %2$sSELECT d.issue_id, d.ordinal, d.type, d.target_raw, d.ref_kind, d.ref_repo, d.ref_branch, d.ref_bead,
                 d.metadata::text AS metadata
            FROM beads.issue_deps d JOIN beads.issues i ON i.id = d.issue_id
           WHERE i.project_id = :p AND i.deleted_at IS NULL AND (%1$s)""".formatted(cond, with);
    }

    static Loaded load(Query q) {
      return of(MultiQuery.rows(q, NODE_MAPPER, EDGE_MAPPER));
    }

    static Loaded of(List<List<?>> results) {
      return new Loaded(MultiQuery.at(results, 0), MultiQuery.at(results, 1));
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
