package io.beadhub.dataplane;

import io.beadhub.beads.Graph;
import io.beadhub.db.Batch;
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
 * The affected closure of a write that kept the known repos and every repo's id prefix (spec 60 §4.7;
 * {@link RepoResolution}): then every resolution to a row that was not written, added or removed stays as
 * it was, so only these rows can change state:
 * <ul>
 *   <li>the written rows (status, edges, flags; added and revived rows);</li>
 *   <li>rows with an edge to a written id (any repo) or a {@code waits-for} spawner id naming one;</li>
 *   <li>rows of the written repo and branch whose implicit parent ({@code a-1} of {@code a-1.2}) may be a
 *       written id;</li>
 *   <li>{@code waits-for} gates over the old and new parents of those rows (their children changed);</li>
 *   <li>the descendants of all of these and of the removed rows (stored parents: the parents of other rows
 *       did not change).</li>
 * </ul>
 * The removed rows' state and parent rows are dropped. The closure is evaluated on a graph of itself plus
 * the rows it resolves to (all live rows bearing a referenced id) and the stored children of its gates'
 * spawners; rows outside it keep and lend their stored state. Whenever that graph could resolve
 * differently from the whole project (a reference that needs another repo's id prefix or the set of known
 * repos, external capabilities), or the closure is large, the caller recomputes the whole project instead.
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
   * Whether the closure of {@code written} can be refreshed narrowly (else: the whole project); a write
   * that changed the live set also needs the same {@link RepoResolution} before and after (the caller's).
   */
  private static boolean narrow(BeadWriteHook.Written written) {
    return written.beadIds().size() <= MAX_WRITTEN;
  }

  /**
   * Adds to {@code b} the read of the seeds ({@link StateStore#seeds}): the written rows and the rows whose
   * resolution or implicit parent a written id may change; null live seeds when capability resolution needs
   * every repo's name and prefix. Nothing is added (null) when there is nothing to read.
   */
  static Seeded seeds(Batch b, UUID project, String repo, String branch, BeadWriteHook.Written written) {
    if (!narrow(written) || written.nothing()) {
      return null;
    }
    return new Seeded(StateStore.seeds(b, project, repo, branch, written.beadIds()),
        StateStore.closure(b, project, repo, branch, written.beadIds(), MAX_CLOSURE + 1));
  }

  /**
   * What the write's round trip read for the closure: the seeds, and the closure (the seeds, the waits-for
   * gates over their parents, old and new, and the stored descendants of these, at most MAX_CLOSURE + 1)
   * with its live rows.
   */
  record Seeded(Batch.Result<StateStore.Seeds> seeds, java.util.function.Supplier<StateStore.Closure> closure) {
  }

  /**
   * Refreshes the closure, from the seeds read in the write's batch ({@link #seeds}); returns the rows
   * that became ready ({@link StateRefresh#write}), or null when the whole project must be refreshed instead.
   */
  static List<Long> refresh(Handle h, UUID project, String repo, String branch, BeadWriteHook.Written written,
                         Instant now, Seeded seedRead) {
    if (!narrow(written)) {
      return null;
    }
    if (written.nothing()) {
      return List.of();
    }
    StateStore.Seeds seedIds = seedRead.seeds().one();
    if (seedIds.live() == null) {
      return null; // capability resolution needs every repo's name and prefix
    }
    List<Long> gone = Arrays.asList(seedIds.gone());
    StateStore.Closure found = seedRead.closure().get();
    Set<Long> closure = new HashSet<>(found.ids());
    if (closure.size() > MAX_CLOSURE) {
      return wide(h);
    }

    // The evaluation graph: the closure, the rows its references name, the stored children of its
    // gates' spawners, and the rows those children name.
    StateStore.LiveRows inside = found.rows();
    Set<String> named = referenced(inside, STATE_EDGES);
    inside.nodes().forEach(n -> addParentId(named, n));
    Map<Long, Graph.Node> nodes = new HashMap<>();
    inside.nodes().forEach(n -> nodes.put(n.id(), n));
    // The rows named, and in the same round trip the stored state of the closure's rows and of those,
    // the stored parents of the closure, and the end of the generic plans.
    StateStore.Named read = StateStore.named(h, project, named, nodes.keySet(), closure);
    StateStore.LiveRows targets = read.rows();
    targets.nodes().forEach(n -> nodes.put(n.id(), n));
    Set<String> spawnerIds = referenced(inside, Set.of("waits-for"));
    List<Long> spawners = nodes.values().stream().filter(n -> spawnerIds.contains(n.beadId())).map(Graph.Node::id)
        .toList();
    StateStore.LiveRows children = spawners.isEmpty() ? StateStore.LiveRows.EMPTY
        : StateStore.children(h, project, spawners, nodes.keySet());
    children.nodes().forEach(n -> nodes.put(n.id(), n));
    Map<Long, StateStore.StoredState> stored = new HashMap<>(read.stored().state());
    if (!children.nodes().isEmpty()) {
      stored.putAll(StateStore.storedState(h, project,
          new HashSet<>(children.nodes().stream().map(Graph.Node::id).toList())));
    }
    List<Graph.Edge> edges = new ArrayList<>(inside.edges());
    edges.addAll(targets.edges());
    edges.addAll(children.edges());
    // Resolution must not depend on rows or prefixes the graph lacks: every reference of the closure,
    // and the parent references of the other rows (they decide the children a gate counts).
    for (StateStore.LiveRows l : List.of(inside, targets, children)) {
      for (Graph.Edge e : l.edges()) {
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
      StateStore.StoredState s = stored.get(id);
      fixed.put(id, s != null && s.blocked());
    }
    Graph g = new Graph(new ArrayList<>(nodes.values()), edges, fixed);
    List<Long> readied = StateRefresh.write(h, project, now, g, inside.nodes(), closure, stored,
        read.stored().parents(), gone);
    NARROW.increment();
    return readied;
  }

  /** A dotted id's parent id ({@code a-1.2} → {@code a-1}) joins the ids to resolve. */
  private static void addParentId(Set<String> ids, Graph.Node n) {
    int dot = n.beadId().lastIndexOf('.');
    if (dot > 0) {
      ids.add(n.beadId().substring(0, dot));
    }
  }

  /** The whole project is refreshed instead; null. */
  private static List<Long> wide(Handle h) {
    return null;
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

  /** Bead ids named by edges of the given types (and the spawner ids of waits-for edges). */
  private static Set<String> referenced(StateStore.LiveRows rows, Set<String> types) {
    Set<String> out = new LinkedHashSet<>();
    for (Graph.Edge e : rows.edges()) {
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
