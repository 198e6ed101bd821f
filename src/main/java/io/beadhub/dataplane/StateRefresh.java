package io.beadhub.dataplane;

import io.beadhub.beads.BeadsStore;
import io.beadhub.beads.Graph;
import io.beadhub.http.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Materialises the rule set of spec 60 §4 ({@link Graph} is its one implementation) into
 * beads.issue_state and beads.issue_parents, inside the writer's transaction, so that every read
 * view is an indexed query and never sees a state older than the last commit.
 *
 * <p>The whole project is recomputed (the rule set's cross-repo resolution makes any narrower
 * closure depend on the known repos and their id prefixes); only rows whose state changed are
 * rewritten.
 */
public final class StateRefresh {
  private StateRefresh() {
  }

  public static void refresh(Handle h, UUID project, Instant now) {
    Graph g = BeadsStore.graph(h, project);
    int n = g.nodes().size();
    List<Long> ids = new ArrayList<>(n);
    List<Boolean> blocked = new ArrayList<>(n);
    List<String> reasons = new ArrayList<>(n);
    List<String> blockers = new ArrayList<>(n);
    List<OffsetDateTime> deferMax = new ArrayList<>(n);
    List<Boolean> ancestorDeferred = new ArrayList<>(n);
    List<Long> childIds = new ArrayList<>();
    List<Long> parentIds = new ArrayList<>();
    List<Integer> ordinals = new ArrayList<>();
    for (Graph.Node x : g.nodes()) {
      List<Graph.Reason> r = g.reasons(x);
      ids.add(x.id());
      blocked.add(!r.isEmpty());
      reasons.add(Json.string(r.stream().map(StateRefresh::reason).toList()));
      blockers.add(Json.string(g.blockers(x).stream().map(StateRefresh::target).toList()));
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
        todo.addAll(g.parentsOf(cur));
      }
      deferMax.add(dm == null ? null : OffsetDateTime.ofInstant(dm, ZoneOffset.UTC));
      ancestorDeferred.add(ad);
      int i = 0;
      for (Graph.Node p : g.parentsOf(x)) {
        childIds.add(x.id());
        parentIds.add(p.id());
        ordinals.add(i++);
      }
    }
    OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    h.createUpdate("""
        DELETE FROM beads.issue_state s WHERE s.project_id = :p
           AND NOT EXISTS (SELECT 1 FROM beads.issues i WHERE i.id = s.issue_id AND i.deleted_at IS NULL)
        """).bind("p", project).execute();
    h.createUpdate("""
        INSERT INTO beads.issue_state (issue_id, project_id, blocked, blocked_reasons, blocked_by, defer_max,
                                       ancestor_deferred, computed_at)
        SELECT t.id, :p, t.blocked, t.reasons::jsonb, t.blockers::jsonb, t.defer_max, t.ad, :now
          FROM unnest(:ids::bigint[], :blocked::boolean[], :reasons::text[], :blockers::text[],
                      :defer_max::timestamptz[], :ad::boolean[])
               AS t(id, blocked, reasons, blockers, defer_max, ad)
        ON CONFLICT (issue_id) DO UPDATE SET blocked = EXCLUDED.blocked, blocked_reasons = EXCLUDED.blocked_reasons,
               blocked_by = EXCLUDED.blocked_by, defer_max = EXCLUDED.defer_max,
               ancestor_deferred = EXCLUDED.ancestor_deferred, computed_at = EXCLUDED.computed_at
         WHERE beads.issue_state.blocked IS DISTINCT FROM EXCLUDED.blocked
            OR beads.issue_state.blocked_reasons IS DISTINCT FROM EXCLUDED.blocked_reasons
            OR beads.issue_state.blocked_by IS DISTINCT FROM EXCLUDED.blocked_by
            OR beads.issue_state.defer_max IS DISTINCT FROM EXCLUDED.defer_max
            OR beads.issue_state.ancestor_deferred IS DISTINCT FROM EXCLUDED.ancestor_deferred
        """).bind("p", project).bind("now", at)
        .bind("ids", strs(ids)).bind("blocked", strs(blocked))
        .bind("reasons", strs(reasons)).bind("blockers", strs(blockers))
        .bind("defer_max", strs(deferMax))
        .bind("ad", strs(ancestorDeferred)).execute();
    h.createUpdate("DELETE FROM beads.issue_parents WHERE project_id = :p").bind("p", project).execute();
    h.createUpdate("""
        INSERT INTO beads.issue_parents (project_id, child_id, parent_id, ordinal)
        SELECT :p, t.c, t.pa, t.o FROM unnest(:c::bigint[], :pa::bigint[], :o::int[]) AS t(c, pa, o)
        ON CONFLICT DO NOTHING
        """).bind("p", project).bind("c", strs(childIds))
        .bind("pa", strs(parentIds)).bind("o", strs(ordinals)).execute();
  }

  private static String[] strs(List<?> xs) {
    String[] out = new String[xs.size()];
    for (int i = 0; i < out.length; i++) {
      Object x = xs.get(i);
      out[i] = x == null ? null : x.toString();
    }
    return out;
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
