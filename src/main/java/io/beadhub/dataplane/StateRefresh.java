package io.beadhub.dataplane;

import io.beadhub.beads.BeadsStore;
import io.beadhub.beads.Graph;
import io.beadhub.common.Json;
import io.beadhub.db.Batch;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Materialises the rule set of spec 60 §4 ({@link Graph} is its one implementation) into
 * beads.issue_state and beads.issue_parents, inside the writer's transaction, so that every read
 * view is an indexed query and never sees a state older than the last commit.
 *
 * <p>A write that changed the known repos or a repo's id prefix (on which resolution anywhere depends:
 * {@link RepoResolution}) recomputes the whole project; any other write its closure
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

  /**
   * Whole project: every live row evaluated, state of rows no longer live dropped. Returns the rows that
   * became ready ({@link #write}).
   */
  public static List<Long> refresh(Handle h, UUID project, Instant now) {
    Graph g = BeadsStore.graph(h, project);
    Map<Long, StateStore.StoredState> stored = StateStore.storedState(h, project, null);
    Map<Long, List<Long>> storedParents = StateStore.storedParents(h, project);
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
    return write(h, project, now, g, g.nodes(), live, stored, storedParents, gone);
  }

  /** A refresh whose first read is in a batch; {@link #refresh} once the batch has run. */
  interface Staged {
    /** Refreshes; returns the rows that became ready ({@link #write}). */
    List<Long> refresh(Handle h, Instant now);
  }

  /**
   * Narrow write (spec 60 §4.7): refreshes the affected closure when {@link ClosureRefresh} can
   * bound it, else the whole project. Its first reads go into {@code b}, a batch sent after the write:
   * the seeds and, when rows appeared or disappeared, the written repo's resolution data to compare with
   * {@code before} (read before the write; null: unknown).
   */
  static Staged stage(Batch b, UUID project, String repo, String branch, BeadWriteHook.Written written,
                      RepoResolution before) {
    ClosureRefresh.Seeded seeds = written == null ? null : ClosureRefresh.seeds(b, project, repo, branch, written);
    Supplier<RepoResolution> after = seeds == null || !written.liveSetChanged() || before == null ? null
        : StateStore.resolution(b, project, repo);
    return (h, now) -> {
      List<Long> readied = written == null || written.liveSetChanged() && (after == null || !before.known()
          || !before.equals(after.get())) ? null
          : ClosureRefresh.refresh(h, project, repo, branch, written, now, seeds);
      return readied != null ? readied : refresh(h, project, now);
    };
  }

  /**
   * Evaluates {@code evaluated} (a subset of {@code g}'s nodes) and writes the rows whose state or
   * parents differ from the stored ones, and drops the state and parent rows of {@code gone} (rows no
   * longer live). Ancestors outside {@code evaluated} contribute their stored deferral state;
   * {@code stored} must hold them. Returns the rows that became ready: stored as blocked, now an open
   * work item neither blocked nor deferred (the {@code bead.ready} events, docs/delivery.md).
   */
  static List<Long> write(Handle h, UUID project, Instant now, Graph g, java.util.Collection<Graph.Node> evaluated,
                    Set<Long> inside, Map<Long, StateStore.StoredState> stored, Map<Long, List<Long>> storedParents,
                    List<Long> gone) {
    StateStore.Changes c = new StateStore.Changes();
    List<Long> readied = new ArrayList<>();
    c.cleared().addAll(gone);
    c.reparented().addAll(gone);
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
          StateStore.StoredState outside = stored.get(cur.id());
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
      StateStore.StoredState old = stored.get(x.id());
      if (old != null && old.blocked() && r.isEmpty() && !ad && (dm == null || !dm.isAfter(now))
          && Graph.workItem(x, false)) {
        readied.add(x.id());
      }
      if (r.isEmpty() && b.isEmpty() && dm == null && !ad) {
        if (old != null) {
          c.cleared().add(x.id());
        }
      } else if (old == null || old.blocked() != !r.isEmpty() || old.ad() != ad
          || !java.util.Objects.equals(old.deferMax(), dm)
          || !sameJson(old.reasons(), r)
          || !sameJson(old.blockers(), b)) {
        c.ids().add(x.id());
        c.blocked().add(!r.isEmpty());
        c.reasons().add(Json.string(r));
        c.blockers().add(Json.string(b));
        c.deferMax().add(dm == null ? null : OffsetDateTime.ofInstant(dm, ZoneOffset.UTC));
        c.ancestorDeferred().add(ad);
      }
      List<Long> ps = g.parentsOf(x).stream().map(Graph.Node::id).toList();
      if (!ps.equals(storedParents.getOrDefault(x.id(), List.of()))) {
        c.reparented().add(x.id());
        int i = 0;
        for (Long p : ps) {
          c.childIds().add(x.id());
          c.parentIds().add(p);
          c.ordinals().add(i++);
        }
      }
    }
    StateStore.write(h, project, now, c);
    return readied;
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
}
