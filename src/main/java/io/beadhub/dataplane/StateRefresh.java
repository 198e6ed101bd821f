package io.beadhub.dataplane;

import io.beadhub.beads.BeadsStore;
import io.beadhub.beads.Graph;
import io.beadhub.common.Json;
import io.beadhub.db.Batch;
import io.beadhub.db.MultiQuery;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Materialises the rule set of spec 60 §4 ({@link Graph} is its one implementation) into
 * beads.issue_state and beads.issue_parents, inside the writer's transaction, so that every read
 * view is an indexed query and never sees a state older than the last commit.
 *
 * <p>A write that changed the live set (so possibly the known repos and id prefixes, on which
 * resolution anywhere depends) recomputes the whole project; a narrower write its closure
 * ({@link ClosureRefresh}). Either way the computed state is compared with the stored one and only
 * rows whose state or parents changed are written.
 *
 * <p>Only rows with something to say are stored: an issue that is not blocked, has no blocker and no
 * deferral (most of a tracker) has no state row, and every reader takes a missing row as exactly that.
 * A load of 10,000 issues so writes the few hundred that are blocked, not 10,000 rows.
 */
public final class StateRefresh {
  private StateRefresh() {
  }

  /** A stored beads.issue_state row, as text for the JSON columns. */
  record StoredState(boolean blocked, String reasons, String blockers, Instant deferMax, boolean ad) {
  }

  /** Whole project: every live row evaluated, state of rows no longer live dropped. */
  public static void refresh(Handle h, UUID project, Instant now) {
    Graph g = BeadsStore.graph(h, project);
    Map<Long, StoredState> stored = storedState(h, project, null);
    Map<Long, List<Long>> storedParents = storedParents(h, project, null);
    Set<Long> live = new HashSet<>();
    g.nodes().forEach(x -> live.add(x.id()));
    List<Long> gone = new ArrayList<>();
    stored.keySet().forEach(id -> {
      if (!live.contains(id)) {
        gone.add(id);
      }
    });
    storedParents.keySet().forEach(id -> {
      if (!live.contains(id) && !stored.containsKey(id)) {
        gone.add(id);
      }
    });
    if (!gone.isEmpty()) {
      h.createUpdate("DELETE FROM beads.issue_state WHERE issue_id = ANY(:ids)")
          .bind("ids", gone.toArray(new Long[0])).execute();
      h.createUpdate("DELETE FROM beads.issue_parents WHERE child_id = ANY(:ids)")
          .bind("ids", gone.toArray(new Long[0])).execute();
    }
    write(h, project, now, g, g.nodes(), live, stored, storedParents);
  }

  /** A refresh whose first read is in a batch; {@link #refresh} once the batch has run. */
  interface Staged {
    void refresh(Handle h, Instant now);
  }

  /**
   * Narrow write (spec 60 §4.7): refreshes the affected closure when {@link ClosureRefresh} can
   * bound it, else the whole project. Its first read goes into {@code b}, a batch sent after the write.
   */
  static Staged stage(Batch b, UUID project, String repo, String branch, BeadWriteHook.Written written) {
    Batch.Result<Long[]> seeds = written == null ? null : ClosureRefresh.seeds(b, project, repo, branch, written);
    return (h, now) -> {
      if (written == null || !ClosureRefresh.refresh(h, project, repo, branch, written, now, seeds)) {
        refresh(h, project, now);
      }
    };
  }

  /**
   * Evaluates {@code evaluated} (a subset of {@code g}'s nodes) and writes the rows whose state or
   * parents differ from the stored ones. Ancestors outside {@code evaluated} contribute their stored
   * deferral state; {@code stored} must hold them.
   */
  static void write(Handle h, UUID project, Instant now, Graph g, java.util.Collection<Graph.Node> evaluated,
                    Set<Long> inside, Map<Long, StoredState> stored, Map<Long, List<Long>> storedParents) {
    List<Long> ids = new ArrayList<>();
    List<Boolean> blocked = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    List<String> blockers = new ArrayList<>();
    List<OffsetDateTime> deferMax = new ArrayList<>();
    List<Boolean> ancestorDeferred = new ArrayList<>();
    List<Long> cleared = new ArrayList<>();
    List<Long> reparented = new ArrayList<>();
    List<Long> childIds = new ArrayList<>();
    List<Long> parentIds = new ArrayList<>();
    List<Integer> ordinals = new ArrayList<>();
    for (Graph.Node x : evaluated) {
      List<Graph.Reason> r = g.reasons(x);
      List<Graph.Target> b = g.blockers(x);
      Instant dm = null;
      boolean ad = false;
      Set<Long> seen = new HashSet<>();
      Deque<Graph.Node> todo = new ArrayDeque<>();
      todo.add(x);
      while (!todo.isEmpty()) {
        Graph.Node cur = todo.pop();
        if (!seen.add(cur.id())) {
          continue;
        }
        if (cur.deferUntil() != null && (dm == null || cur.deferUntil().isAfter(dm))) {
          dm = cur.deferUntil();
        }
        if (cur != x && cur.status().equals("deferred")) {
          ad = true;
        }
        if (!inside.contains(cur.id())) {
          StoredState outside = stored.get(cur.id());
          if (outside != null) {
            if (outside.deferMax() != null && (dm == null || outside.deferMax().isAfter(dm))) {
              dm = outside.deferMax();
            }
            ad |= outside.ad();
          }
          continue;
        }
        todo.addAll(g.parentsOf(cur));
      }
      StoredState old = stored.get(x.id());
      if (r.isEmpty() && b.isEmpty() && dm == null && !ad) {
        if (old != null) {
          cleared.add(x.id());
        }
      } else if (old == null || old.blocked() != !r.isEmpty() || old.ad() != ad
          || !java.util.Objects.equals(old.deferMax(), dm)
          || !sameJson(old.reasons(), r.stream().map(StateRefresh::reason).toList())
          || !sameJson(old.blockers(), b.stream().map(StateRefresh::target).toList())) {
        ids.add(x.id());
        blocked.add(!r.isEmpty());
        reasons.add(Json.string(r.stream().map(StateRefresh::reason).toList()));
        blockers.add(Json.string(b.stream().map(StateRefresh::target).toList()));
        deferMax.add(dm == null ? null : OffsetDateTime.ofInstant(dm, ZoneOffset.UTC));
        ancestorDeferred.add(ad);
      }
      List<Long> ps = g.parentsOf(x).stream().map(Graph.Node::id).toList();
      if (!ps.equals(storedParents.getOrDefault(x.id(), List.of()))) {
        reparented.add(x.id());
        int i = 0;
        for (Long p : ps) {
          childIds.add(x.id());
          parentIds.add(p);
          ordinals.add(i++);
        }
      }
    }
    // The writes go as one text (one round trip); each statement only when it has rows.
    List<String> sql = new ArrayList<>();
    if (!ids.isEmpty()) {
      sql.add("""
          INSERT INTO beads.issue_state (issue_id, project_id, blocked, blocked_reasons, blocked_by, defer_max,
                                         ancestor_deferred, computed_at)
          SELECT t.id, :p, t.blocked, t.reasons::jsonb, t.blockers::jsonb, t.defer_max, t.ad, :now
            FROM unnest(:ids::bigint[], :blocked::boolean[], :reasons::text[], :blockers::text[],
                        :defer_max::timestamptz[], :ad::boolean[])
                 AS t(id, blocked, reasons, blockers, defer_max, ad)
          ON CONFLICT (issue_id) DO UPDATE SET blocked = EXCLUDED.blocked,
                 blocked_reasons = EXCLUDED.blocked_reasons, blocked_by = EXCLUDED.blocked_by,
                 defer_max = EXCLUDED.defer_max, ancestor_deferred = EXCLUDED.ancestor_deferred,
                 computed_at = EXCLUDED.computed_at""");
    }
    if (!cleared.isEmpty()) {
      sql.add("DELETE FROM beads.issue_state WHERE issue_id = ANY(:cleared)");
    }
    if (!reparented.isEmpty()) {
      sql.add("DELETE FROM beads.issue_parents WHERE child_id = ANY(:reparented)");
    }
    if (!childIds.isEmpty()) {
      sql.add("""
          INSERT INTO beads.issue_parents (project_id, child_id, parent_id, ordinal)
          SELECT :p, t.c, t.pa, t.o FROM unnest(:c::bigint[], :pa::bigint[], :o::int[]) AS t(c, pa, o)
          ON CONFLICT DO NOTHING""");
    }
    if (sql.isEmpty()) {
      return;
    }
    var u = h.createUpdate(String.join(";\n", sql));
    if (!ids.isEmpty() || !childIds.isEmpty()) {
      u.bind("p", project);
    }
    if (!ids.isEmpty()) {
      u.bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).bind("ids", strs(ids)).bind("blocked", strs(blocked))
          .bind("reasons", strs(reasons)).bind("blockers", strs(blockers)).bind("defer_max", strs(deferMax))
          .bind("ad", strs(ancestorDeferred));
    }
    if (!cleared.isEmpty()) {
      u.bind("cleared", cleared.toArray(new Long[0]));
    }
    if (!reparented.isEmpty()) {
      u.bind("reparented", reparented.toArray(new Long[0]));
    }
    if (!childIds.isEmpty()) {
      u.bind("c", strs(childIds)).bind("pa", strs(parentIds)).bind("o", strs(ordinals));
    }
    u.execute();
  }

  /** Stored state and stored parents, as {@link #storedState} and {@link #storedParents} read them. */
  record Stored(Map<Long, StoredState> state, Map<Long, List<Long>> parents) {
  }

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

  /** Stored state of the project's rows ({@code ids} null) or of some rows. */
  static Map<Long, StoredState> storedState(Handle h, UUID project, Set<Long> ids) {
    return states(h.createQuery(STATE + (ids == null ? "" : " AND issue_id = ANY(:ids)")).bind("p", project)
        .bind("ids", ids == null ? new Long[0] : ids.toArray(new Long[0])).map(STATE_MAPPER).list());
  }

  /** Stored parents (in order) of the project's rows ({@code ids} null) or of some rows. */
  static Map<Long, List<Long>> storedParents(Handle h, UUID project, Set<Long> ids) {
    return parents(h.createQuery(PARENTS + (ids == null ? "" : " AND child_id = ANY(:ids)")
            + " ORDER BY child_id, ordinal").bind("p", project)
        .bind("ids", ids == null ? new Long[0] : ids.toArray(new Long[0])).map(PARENT_MAPPER).list());
  }

  /**
   * Two statements of a larger text (:p): the stored state of the rows {@code stateCond} selects (on
   * {@code issue_id}) and the stored parents of :pids, read with {@link #STORED_MAPPERS} into
   * {@link #stored(List)}.
   */
  static String storedSql(String stateCond) {
    return STATE + " AND (" + stateCond + ");\n" + PARENTS + " AND child_id = ANY(:pids) ORDER BY child_id, ordinal";
  }

  static final List<RowMapper<?>> STORED_MAPPERS = List.of(STATE_MAPPER, PARENT_MAPPER);

  /** The two results of {@link #storedSql}. */
  static Stored stored(List<List<?>> results) {
    return new Stored(states(MultiQuery.at(results, 0)), parents(MultiQuery.at(results, 1)));
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

  /** Stored jsonb text against computed values (jsonb reorders keys: compare as trees). */
  private static boolean sameJson(String stored, List<?> computed) {
    if (stored == null) {
      return false;
    }
    if (computed.isEmpty()) {
      return stored.equals("[]");
    }
    return Json.tree(stored).equals(Json.tree(Json.string(computed)));
  }

  private static org.jdbi.v3.core.argument.Argument strs(List<?> xs) {
    String[] out = new String[xs.size()];
    for (int i = 0; i < out.length; i++) {
      Object x = xs.get(i);
      out[i] = x == null ? null : x.toString();
    }
    return io.beadhub.db.TextArray.of(out);
  }

  static java.util.Map<String, Object> target(Graph.Target t) {
    if (t == null) {
      return null;
    }
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("repo", t.repo());
    m.put("branch", t.branch());
    m.put("bead_id", t.beadId());
    return m;
  }

  static java.util.Map<String, Object> reason(Graph.Reason r) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("kind", r.kind());
    m.put("edge_type", r.edgeType());
    m.put("target", target(r.target()));
    m.put("target_raw", r.targetRaw());
    m.put("target_status", r.targetStatus());
    m.put("gate", r.gate());
    m.put("detail", r.detail());
    return m;
  }
}
