package io.beadhub.dataplane;

import io.beadhub.beads.Graph;
import io.beadhub.db.Batch;
import io.beadhub.db.MultiQuery;
import io.beadhub.db.TextArray;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The SQL of the materialised blocked state (spec 60 §4.7): beads.issue_state and beads.issue_parents,
 * and the reads of the closure a narrow write refreshes ({@link ClosureRefresh}). The closure's reads go
 * several statements to a round trip.
 */
final class StateStore {
  private StateStore() {
  }

  /** A stored beads.issue_state row, as text for the JSON columns. */
  record StoredState(boolean blocked, String reasons, String blockers, Instant deferMax, boolean ad) {
  }

  /** Stored state and stored parents (in order) by issue id. */
  record Stored(Map<Long, StoredState> state, Map<Long, List<Long>> parents) {
  }

  /** Live rows and their edges. */
  record LiveRows(List<Graph.Node> nodes, List<Graph.Edge> edges) {
    static final LiveRows EMPTY = new LiveRows(List.of(), List.of());
  }

  /**
   * The closure's reads are small keyed statements over beads.issues, whose many partial indexes make
   * planning them cost more than running them: PostgreSQL re-plans them on every execution, rating the
   * generic plan of an {@code = ANY(array)} worse. So they run on generic plans, and only they: a generic
   * plan made on a then-empty table and kept (a claim lookup) scanned every claim of the project.
   */
  private static final String GENERIC_PLANS = "SELECT set_config('plan_cache_mode', 'force_generic_plan', true)";
  private static final String AUTO_PLANS = "SELECT set_config('plan_cache_mode', 'auto', true)";

  /**
   * The seeds: the ids of the written live rows, of the rows naming a written id and of the rows whose
   * implicit parent (spec 60 §4.5: {@code a-1} of {@code a-1.2}) a written id may be; NULL when an external
   * edge exists. Then the ids of the written rows that are not live (removed).
   */
  private static final String LIVE_SEEDS = """
      ARRAY(SELECT id FROM beads.issues
             WHERE project_id = :p AND repo = :r AND branch = :b AND bead_id = ANY(:ids) AND deleted_at IS NULL
            UNION
            SELECT d.issue_id FROM beads.issue_deps d JOIN beads.issues i ON i.id = d.issue_id
             WHERE d.project_id = :p AND d.ref_bead = ANY(:ids) AND i.deleted_at IS NULL
            UNION
            SELECT d.issue_id FROM beads.issue_deps d JOIN beads.issues i ON i.id = d.issue_id
             WHERE d.project_id = :p AND d.type = 'waits-for'
               AND d.metadata->>'spawner_id' = ANY(:ids) AND i.deleted_at IS NULL
            UNION
            SELECT c.id FROM unnest(CAST(:ids AS text[])) w(bead) CROSS JOIN LATERAL (
              SELECT id FROM beads.issues
               WHERE project_id = :p AND repo = :r AND bead_id > w.bead || '.'
                 AND bead_id < w.bead || '/' AND branch = :b AND deleted_at IS NULL OFFSET 0) c)""";
  private static final String GONE_SEEDS = """
      ARRAY(SELECT id FROM beads.issues
             WHERE project_id = :p AND repo = :r AND branch = :b AND bead_id = ANY(:ids)
               AND deleted_at IS NOT NULL)""";
  private static final String SEEDS = """
      SELECT CASE WHEN EXISTS (SELECT 1 FROM beads.issue_deps WHERE project_id = :p AND ref_kind = 'external')
                  THEN NULL ELSE %s END AS live,
             %s AS gone""".formatted(LIVE_SEEDS, GONE_SEEDS);

  /** A repo's live row counts by id prefix over its branches (beads.repo_prefixes, kept by triggers). */
  private static final String PREFIXES = """
      SELECT prefix, sum(live)::bigint FROM beads.repo_prefixes WHERE project_id = :p AND repo = :r GROUP BY prefix""";

  /**
   * The closure of the seeds (:ids, as {@link #SEEDS}): the seeds, the waits-for gates over their parents
   * (old: stored; new: named by their parent-child edges or implied by a dotted id), and the stored
   * descendants of these, at most :limit. The OFFSET 0 keeps each step an index lookup per row: joined
   * plainly, the planner hashes the work table and scans every project's links.
   */
  private static final String CLOSURE = """
      WITH RECURSIVE s AS (SELECT %s || %s AS ids),
      pp AS (SELECT ARRAY(
               SELECT d.ref_bead FROM beads.issue_deps d JOIN beads.issues i ON i.id = d.issue_id
                WHERE i.project_id = :p AND i.deleted_at IS NULL
                  AND i.id = ANY(CAST((SELECT ids FROM s) AS bigint[]))
                  AND d.type = 'parent-child' AND d.ref_bead IS NOT NULL
               UNION
               SELECT substring(i.bead_id FROM '^(.+)\\.[^.]*$') FROM beads.issues i
                WHERE i.project_id = :p AND i.deleted_at IS NULL
                  AND i.id = ANY(CAST((SELECT ids FROM s) AS bigint[]))
                  AND i.bead_id ~ '^.+\\.'
               UNION
               SELECT i.bead_id FROM beads.issue_parents pa JOIN beads.issues i ON i.id = pa.parent_id
                WHERE pa.child_id = ANY(CAST((SELECT ids FROM s) AS bigint[]))) AS ids),
      c(id) AS (SELECT unnest((SELECT ids FROM s))
                UNION SELECT d.issue_id FROM beads.issue_deps d JOIN beads.issues i ON i.id = d.issue_id
                       WHERE d.project_id = :p AND d.type = 'waits-for' AND i.deleted_at IS NULL
                         AND (d.ref_bead = ANY(CAST((SELECT ids FROM pp) AS text[]))
                              OR d.metadata->>'spawner_id' = ANY(CAST((SELECT ids FROM pp) AS text[])))
                UNION SELECT pa.child_id FROM c CROSS JOIN LATERAL (
                  SELECT child_id FROM beads.issue_parents WHERE parent_id = c.id OFFSET 0) pa),
      cl AS (SELECT id FROM c LIMIT :limit)
      """.formatted(LIVE_SEEDS, GONE_SEEDS);

  private static final String STATE = """
      SELECT issue_id, blocked, blocked_reasons::text AS reasons, blocked_by::text AS blockers, defer_max,
             ancestor_deferred
        FROM beads.issue_state WHERE project_id = :p""";
  private static final String PARENTS = "SELECT child_id, parent_id FROM beads.issue_parents WHERE project_id = :p";

  private static final RowMapper<Map.Entry<Long, StoredState>> STATE_MAPPER = (rs, c) -> {
    OffsetDateTime dm = rs.getObject("defer_max", OffsetDateTime.class);
    return Map.entry(rs.getLong("issue_id"), new StoredState(rs.getBoolean("blocked"), rs.getString("reasons"),
        rs.getString("blockers"), dm == null ? null : dm.toInstant(), rs.getBoolean("ancestor_deferred")));
  };
  private static final RowMapper<Map.Entry<Long, Long>> PARENT_MAPPER = (rs, c) -> Map.entry(rs.getLong("child_id"),
      rs.getLong("parent_id"));
  private static final RowMapper<Graph.Node> NODE_MAPPER = (rs, c) -> node(rs);
  private static final RowMapper<Graph.Edge> EDGE_MAPPER = (rs, c) -> new Graph.Edge(rs.getLong("issue_id"),
      rs.getInt("ordinal"), rs.getString("type"), rs.getString("target_raw"), rs.getString("ref_kind"),
      rs.getString("ref_repo"), rs.getString("ref_branch"), rs.getString("ref_bead"), rs.getString("metadata"));

  // ---- the closure of a narrow write (ClosureRefresh), in the order it reads ----

  /** The seeds of a closure: live rows to start from, and written rows that are no longer live. */
  record Seeds(Long[] live, Long[] gone) {
  }

  /**
   * Adds to {@code b} (the write's round trip) a switch to generic plans and the read of the seeds (see
   * {@link #SEEDS}); {@link #closure} follows, and switches back. The live seeds are null when an external
   * edge makes capability resolution need every repo's name and prefix.
   */
  static Batch.Result<Seeds> seeds(Batch b, UUID project, String repo, String branch, Collection<String> ids) {
    b.update(GENERIC_PLANS, q -> { });
    Batch.Result<Seeds> seeds = b.query(SEEDS, q -> bindSeeds(q, project, repo, branch, ids),
        (rs, c) -> new Seeds(rs.getArray(1) == null ? null : (Long[]) rs.getArray(1).getArray(),
            (Long[]) rs.getArray(2).getArray()));
    return seeds;
  }

  private static Batch.Params bindSeeds(Batch.Params q, UUID project, String repo, String branch,
                                        Collection<String> ids) {
    return q.bind("p", project).bind("r", repo).bind("b", branch).bind("ids", ids.toArray(new String[0]));
  }

  /** Adds to {@code b} the read of what resolution reads of {@code repo} (its prefixes and whether it is known). */
  static Supplier<RepoResolution> resolution(Batch b, UUID project, String repo) {
    Batch.Result<Map.Entry<String, Long>> rows = b.query(PREFIXES, q -> q.bind("p", project).bind("r", repo),
        (rs, c) -> Map.entry(rs.getString(1), rs.getLong(2)));
    return () -> RepoResolution.of(rows.list());
  }

  /** The closure's ids (at most {@code limit}) and its live rows and edges. */
  record Closure(List<Long> ids, LiveRows rows) {
  }

  /**
   * Adds to {@code b}, after {@link #seeds}, the read of the closure of the seeds ({@link #CLOSURE}: its ids,
   * at most {@code limit}, and its live rows and edges), each statement computing the seeds and their
   * parents again (a few index probes, cheaper than a round trip of their own), then the end of the generic
   * plans.
   */
  static Supplier<Closure> closure(Batch b, UUID project, String repo, String branch, Collection<String> ids,
                                   int limit) {
    String[] rows = liveRows(CLOSURE, "i.id IN (SELECT id FROM cl)").split(";\n");
    Batch.Result<Long> cl = b.query(CLOSURE + "SELECT id FROM cl",
        q -> bindSeeds(q, project, repo, branch, ids).bind("limit", limit), (rs, c) -> rs.getLong(1));
    Batch.Result<Graph.Node> nodes = b.query(rows[0],
        q -> bindSeeds(q, project, repo, branch, ids).bind("limit", limit), NODE_MAPPER);
    Batch.Result<Graph.Edge> edges = b.query(rows[1],
        q -> bindSeeds(q, project, repo, branch, ids).bind("limit", limit), EDGE_MAPPER);
    b.update(AUTO_PLANS, q -> { });
    return () -> new Closure(cl.list(), new LiveRows(nodes.list(), edges.list()));
  }

  /** The live rows bearing a {@code named} id that are not {@code known}, and the stored state read with them. */
  record Named(LiveRows rows, Stored stored) {
  }

  /**
   * In one round trip, on generic plans: the live rows bearing a {@code named} id outside {@code known}, the stored state of
   * {@code known} and of those rows (one id array, so the state is read by index: an OR with a subquery
   * scanned the project's states), the stored parents of {@code closure}, and the end of the generic plans.
   */
  static Named named(Handle h, UUID project, Set<String> named, Set<Long> known, Set<Long> closure) {
    String targets = "i.bead_id = ANY(:named) AND NOT (i.id = ANY(:known))";
    String stateOf = named.isEmpty() ? "issue_id = ANY(:known)" : """
        issue_id = ANY(CAST(:known AS bigint[]) || ARRAY(SELECT i.id FROM beads.issues i
                                                       WHERE i.project_id = :p AND i.deleted_at IS NULL
                                                         AND (%s)))""".formatted(targets);
    List<RowMapper<?>> mappers = new ArrayList<>();
    if (!named.isEmpty()) {
      mappers.addAll(List.of(NODE_MAPPER, EDGE_MAPPER));
    }
    mappers.addAll(List.of(STATE_MAPPER, PARENT_MAPPER));
    mappers.add(null);
    mappers.add(0, null);
    String sql = GENERIC_PLANS + ";\n" + (named.isEmpty() ? "" : liveRows(targets) + ";\n") + STATE + " AND (" + stateOf + ");\n" + PARENTS
        + " AND child_id = ANY(:pids) ORDER BY child_id, ordinal;\n" + AUTO_PLANS;
    List<List<?>> r = MultiQuery.rows(h.createQuery(sql).bind("p", project)
        .bind("named", named.toArray(new String[0])).bind("known", known.toArray(new Long[0]))
        .bind("pids", closure.toArray(new Long[0])), mappers.toArray(new RowMapper<?>[0]));
    int at = named.isEmpty() ? 1 : 3;
    return new Named(named.isEmpty() ? LiveRows.EMPTY : rows(r, 1),
        new Stored(states(MultiQuery.at(r, at)), parents(MultiQuery.at(r, at + 1))));
  }

  /** The live stored children of {@code spawners} that are not {@code known}. */
  static LiveRows children(Handle h, UUID project, List<Long> spawners, Set<Long> known) {
    return rows(MultiQuery.rows(h.createQuery(liveRows("""
            i.id IN (SELECT child_id FROM beads.issue_parents WHERE parent_id = ANY(:spawners))
            AND NOT (i.id = ANY(:known))""")).bind("p", project).bind("spawners", spawners.toArray(new Long[0]))
        .bind("known", known.toArray(new Long[0])), NODE_MAPPER, EDGE_MAPPER), 0);
  }

  /**
   * Two statements: the project's live rows matching {@code cond} (on {@code i}), their edges. The edges
   * are looked up row by row (the OFFSET 0 keeps the lateral apart): joined plainly, the planner, rating a
   * closure at a hundred rows, hashed them against a scan of every project's edges.
   */
  private static String liveRows(String cond) {
    return liveRows("", cond);
  }

  /** As {@link #liveRows(String)}, each statement opening with {@code with} (a WITH clause {@code cond} uses). */
  private static String liveRows(String with, String cond) {
    return """
        %2$sSELECT i.id, i.repo, i.branch, i.bead_id, i.status, i.issue_type, i.labels, i.pinned, i.ephemeral,
               i.is_template, i.defer_until, i.is_mail
          FROM beads.issues i WHERE i.project_id = :p AND i.deleted_at IS NULL AND (%1$s);
        %2$sSELECT d.issue_id, d.ordinal, d.type, d.target_raw, d.ref_kind, d.ref_repo, d.ref_branch, d.ref_bead,
               d.metadata::text AS metadata
          FROM beads.issues i CROSS JOIN LATERAL (
                 SELECT * FROM beads.issue_deps d WHERE d.issue_id = i.id OFFSET 0) d
         WHERE i.project_id = :p AND i.deleted_at IS NULL AND (%1$s)""".formatted(cond, with);
  }

  private static LiveRows rows(List<List<?>> results, int at) {
    return new LiveRows(MultiQuery.at(results, at), MultiQuery.at(results, at + 1));
  }

  private static Graph.Node node(ResultSet rs) throws SQLException {
    OffsetDateTime deferUntil = rs.getObject("defer_until", OffsetDateTime.class);
    return new Graph.Node(rs.getLong("id"), rs.getString("repo"), rs.getString("branch"), rs.getString("bead_id"),
        rs.getString("status"), rs.getString("issue_type"),
        Arrays.asList((String[]) rs.getArray("labels").getArray()), rs.getBoolean("pinned"),
        rs.getBoolean("ephemeral"), rs.getBoolean("is_template"), deferUntil == null ? null : deferUntil.toInstant(),
        rs.getBoolean("is_mail"));
  }

  // ---- stored state and parents ----

  /** Stored state of the project's rows ({@code ids} null) or of some rows. */
  static Map<Long, StoredState> storedState(Handle h, UUID project, Set<Long> ids) {
    return states(h.createQuery(STATE + (ids == null ? "" : " AND issue_id = ANY(:ids)")).bind("p", project)
        .bind("ids", ids == null ? new Long[0] : ids.toArray(new Long[0])).map(STATE_MAPPER).list());
  }

  /** Stored parents (in order) of the project's rows. */
  static Map<Long, List<Long>> storedParents(Handle h, UUID project) {
    return parents(h.createQuery(PARENTS + " ORDER BY child_id, ordinal").bind("p", project)
        .bind("ids", new Long[0]).map(PARENT_MAPPER).list());
  }

  private static Map<Long, StoredState> states(List<Map.Entry<Long, StoredState>> rows) {
    Map<Long, StoredState> out = new HashMap<>();
    rows.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static Map<Long, List<Long>> parents(List<Map.Entry<Long, Long>> rows) {
    Map<Long, List<Long>> out = new HashMap<>();
    rows.forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    return out;
  }

  /**
   * The state rows to write ({@code ids} with their columns, index by index), the state rows to delete
   * ({@code cleared}: nothing left to say), the issues whose parents changed ({@code reparented}) and
   * their new parent rows ({@code childIds}, {@code parentIds}, {@code ordinals}).
   */
  record Changes(List<Long> ids, List<Boolean> blocked, List<String> reasons, List<String> blockers,
                 List<OffsetDateTime> deferMax, List<Boolean> ancestorDeferred, List<Long> cleared,
                 List<Long> reparented, List<Long> childIds, List<Long> parentIds, List<Integer> ordinals) {
    Changes() {
      this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
          new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
          new ArrayList<>());
    }
  }

  private static final String UPSERT_STATE = """
      INSERT INTO beads.issue_state (issue_id, project_id, blocked, blocked_reasons, blocked_by, defer_max,
                                     ancestor_deferred, computed_at)
      SELECT t.id, :p, t.blocked, t.reasons::jsonb, t.blockers::jsonb, t.defer_max, t.ad, :now
        FROM unnest(:ids::bigint[], :blocked::boolean[], :reasons::text[], :blockers::text[],
                    :defer_max::timestamptz[], :ad::boolean[])
             AS t(id, blocked, reasons, blockers, defer_max, ad)
      ON CONFLICT (issue_id) DO UPDATE SET blocked = EXCLUDED.blocked,
             blocked_reasons = EXCLUDED.blocked_reasons, blocked_by = EXCLUDED.blocked_by,
             defer_max = EXCLUDED.defer_max, ancestor_deferred = EXCLUDED.ancestor_deferred,
             computed_at = EXCLUDED.computed_at""";
  private static final String INSERT_PARENTS = """
      INSERT INTO beads.issue_parents (project_id, child_id, parent_id, ordinal)
      SELECT :p, t.c, t.pa, t.o FROM unnest(:c::bigint[], :pa::bigint[], :o::int[]) AS t(c, pa, o)
      ON CONFLICT DO NOTHING""";

  /** Writes {@code c} as one text (one round trip); each statement only when it has rows. */
  static void write(Handle h, UUID project, Instant now, Changes c) {
    List<String> sql = new ArrayList<>();
    if (!c.ids().isEmpty()) {
      sql.add(UPSERT_STATE);
    }
    if (!c.cleared().isEmpty()) {
      sql.add("DELETE FROM beads.issue_state WHERE issue_id = ANY(:cleared)");
    }
    if (!c.reparented().isEmpty()) {
      sql.add("DELETE FROM beads.issue_parents WHERE child_id = ANY(:reparented)");
    }
    if (!c.childIds().isEmpty()) {
      sql.add(INSERT_PARENTS);
    }
    if (sql.isEmpty()) {
      return;
    }
    var u = h.createUpdate(String.join(";\n", sql));
    if (!c.ids().isEmpty() || !c.childIds().isEmpty()) {
      u.bind("p", project);
    }
    if (!c.ids().isEmpty()) {
      u.bind("now", OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC)).bind("ids", strs(c.ids()))
          .bind("blocked", strs(c.blocked())).bind("reasons", strs(c.reasons())).bind("blockers", strs(c.blockers()))
          .bind("defer_max", strs(c.deferMax())).bind("ad", strs(c.ancestorDeferred()));
    }
    if (!c.cleared().isEmpty()) {
      u.bind("cleared", c.cleared().toArray(new Long[0]));
    }
    if (!c.reparented().isEmpty()) {
      u.bind("reparented", c.reparented().toArray(new Long[0]));
    }
    if (!c.childIds().isEmpty()) {
      u.bind("c", strs(c.childIds())).bind("pa", strs(c.parentIds())).bind("o", strs(c.ordinals()));
    }
    u.execute();
  }

  private static org.jdbi.v3.core.argument.Argument strs(List<?> xs) {
    String[] out = new String[xs.size()];
    for (int i = 0; i < out.length; i++) {
      Object x = xs.get(i);
      out[i] = x == null ? null : x.toString();
    }
    return TextArray.of(out);
  }
}
