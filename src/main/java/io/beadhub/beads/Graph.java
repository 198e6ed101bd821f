package io.beadhub.beads;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The ready/blocked rule set of spec 60 §4 over a project's live rows, evaluated in memory at read
 * time (so a read never sees a stale state).
 */
public final class Graph {
  public static final Set<String> INFRA_TYPES = Set.of("message", "agent", "role", "rig", "convoy", "event", "gate",
      "merge-request", "molecule", "slot", "queue");
  public static final Set<String> INFRA_LABELS = Set.of("gt:message", "gt:mail", "gt:agent", "gt:role", "gt:rig",
      "gt:convoy", "gt:event", "gt:gate", "gt:merge-request", "gt:molecule", "gt:slot", "gt:queue", "gt:group",
      "gt:channel", "gt:handoff", "gt:merge-slot", "gt:sling-context", "gt:standing-orders", "gt:wisp",
      "gt:escalation");

  public record Node(long id, String repo, String branch, String beadId, String status, String type,
                     List<String> labels, boolean pinned, boolean ephemeral, boolean template, Instant deferUntil,
                     boolean mail) {
    boolean active() {
      return !status.equals("closed") && !status.equals("pinned");
    }

    boolean satisfied() {
      return status.equals("closed") || status.equals("pinned");
    }
  }

  public record Edge(long issueId, int ordinal, String type, String raw, String kind, String repo, String branch,
                     String bead, String metadata) {
  }

  public record Target(String repo, String branch, String beadId) {
  }

  public record Reason(String kind, String edgeType, Target target, String targetRaw, String targetStatus,
                       String gate, String detail) {
  }

  record Key(String repo, String branch, String bead) {
  }

  /** Resolution of a reference: kind is resolved/missing/unknown_repo/capability/malformed. */
  record Res(String kind, Node node, List<String> candidates, String capability) {
  }

  private final Map<Key, Node> byKey = new HashMap<>();
  private final Map<Long, Node> byId = new HashMap<>();
  private final Map<Long, List<Edge>> edges = new HashMap<>();
  private final TreeSet<String> known = new TreeSet<>();
  private final Map<String, String> prefixOf = new HashMap<>();
  private final Map<Long, List<Node>> parents = new HashMap<>();
  private final Map<Long, List<Node>> children = new HashMap<>();
  private final Set<Long> blocked = new HashSet<>();
  private final Map<Long, List<Reason>> direct = new HashMap<>();

  public Graph(List<Node> nodes, List<Edge> allEdges) {
    this(nodes, allEdges, Map.of());
  }

  /**
   * A graph whose nodes in {@code fixed} are not evaluated: their blocked flag is the given one (the
   * materialised state of rows outside a refresh closure) and they only serve as resolution targets,
   * parents and children of the evaluated nodes.
   */
  public Graph(List<Node> nodes, List<Edge> allEdges, Map<Long, Boolean> fixed) {
    Map<String, Map<String, Integer>> prefixCounts = new HashMap<>();
    for (Node n : nodes) {
      byKey.put(new Key(n.repo(), n.branch(), n.beadId()), n);
      byId.put(n.id(), n);
      known.add(n.repo());
      prefixCounts.computeIfAbsent(n.repo(), k -> new TreeMap<>()).merge(idPrefix(n.beadId()), 1, Integer::sum);
    }
    prefixCounts.forEach((repo, counts) -> {
      String best = null;
      int max = -1;
      for (var e : counts.entrySet()) {
        if (e.getValue() > max) {
          max = e.getValue();
          best = e.getKey();
        }
      }
      prefixOf.put(repo, best);
    });
    for (Edge e : allEdges) {
      if (byId.containsKey(e.issueId())) {
        edges.computeIfAbsent(e.issueId(), k -> new ArrayList<>()).add(e);
      }
    }
    edges.values().forEach(l -> l.sort((a, b) -> Integer.compare(a.ordinal(), b.ordinal())));
    for (Node n : nodes) {
      List<Node> ps = computeParents(n);
      parents.put(n.id(), ps);
      for (Node p : ps) {
        children.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(n);
      }
    }
    for (Node n : nodes) {
      Boolean f = fixed.get(n.id());
      if (f != null) {
        if (f) {
          blocked.add(n.id());
        }
      } else if (n.active()) {
        List<Reason> r = directReasons(n);
        direct.put(n.id(), r);
        if (!r.isEmpty()) {
          blocked.add(n.id());
        }
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Node n : nodes) {
        if (n.active() && !blocked.contains(n.id()) && !fixed.containsKey(n.id())) {
          for (Node p : parents.get(n.id())) {
            if (p.active() && blocked.contains(p.id())) {
              blocked.add(n.id());
              changed = true;
              break;
            }
          }
        }
      }
    }
  }

  static String idPrefix(String id) {
    int d = id.indexOf('-');
    return d < 0 ? id : id.substring(0, d);
  }

  static String repoName(String repo) {
    return repo.substring(repo.lastIndexOf('/') + 1);
  }

  /** The edges of a node in record order. */
  public List<Edge> edgesOf(Node n) {
    return edges.getOrDefault(n.id(), List.of());
  }

  public Node find(String repo, String branch, String bead) {
    return byKey.get(new Key(repo, branch, bead));
  }

  private List<Node> computeParents(Node n) {
    List<Node> out = new ArrayList<>();
    boolean any = false;
    for (Edge e : edges.getOrDefault(n.id(), List.of())) {
      if (e.type().equals("parent-child")) {
        any = true;
        Res r = resolve(n, e.kind(), e.repo(), e.branch(), e.bead());
        if (r.kind().equals("resolved") && r.node() != n && !out.contains(r.node())) {
          out.add(r.node());
        }
      }
    }
    if (!any) {
      int dot = n.beadId().lastIndexOf('.');
      if (dot > 0 && dot < n.beadId().length() - 1 && n.beadId().substring(dot + 1).chars().allMatch(Character::isDigit)) {
        Node p = byKey.get(new Key(n.repo(), n.branch(), n.beadId().substring(0, dot)));
        if (p != null) {
          out.add(p);
        }
      }
    }
    return out;
  }

  Res resolve(Node x, String kind, String repo, String branch, String bead) {
    switch (kind) {
      case "repo_ref" -> {
        Node t = byKey.get(new Key(repo, branch == null ? x.branch() : branch, bead));
        if (t != null) {
          return new Res("resolved", t, null, null);
        }
        return new Res(known.contains(repo) ? "missing" : "unknown_repo", null, null, null);
      }
      case "external" -> {
        List<String> cands = new ArrayList<>();
        for (String k : known) {
          if (repoName(k).equalsIgnoreCase(repo) || repo.equalsIgnoreCase(prefixOf.get(k))) {
            cands.add(k);
          }
        }
        if (cands.isEmpty()) {
          return new Res("unknown_repo", null, null, null);
        }
        for (String c : cands) {
          Node t = byKey.get(new Key(c, x.branch(), bead));
          if (t != null) {
            return new Res("resolved", t, null, null);
          }
        }
        return new Res("capability", null, cands, bead);
      }
      case "plain" -> {
        Node t = byKey.get(new Key(x.repo(), x.branch(), bead));
        if (t != null) {
          return new Res("resolved", t, null, null);
        }
        String p = idPrefix(bead);
        for (String k : known) {
          if (!k.equals(x.repo()) && p.equals(prefixOf.get(k))) {
            Node o = byKey.get(new Key(k, x.branch(), bead));
            if (o != null) {
              return new Res("resolved", o, null, null);
            }
          }
        }
        return new Res("missing", null, null, null);
      }
      default -> {
        return new Res("malformed", null, null, null);
      }
    }
  }

  private boolean capabilityProvided(List<String> candidates, String cap) {
    for (Node n : byId.values()) {
      if (candidates.contains(n.repo()) && n.status().equals("closed") && n.labels().contains("provides:" + cap)) {
        return true;
      }
    }
    return false;
  }

  private String ref(Node x, Node t) {
    return t.repo().equals(x.repo()) && t.branch().equals(x.branch()) ? t.beadId() : t.repo() + ":" + t.beadId();
  }

  private static Target target(Node t) {
    return new Target(t.repo(), t.branch(), t.beadId());
  }

  private List<Reason> directReasons(Node x) {
    List<Reason> out = new ArrayList<>();
    List<Edge> es = edges.getOrDefault(x.id(), List.of());
    for (Edge e : es) {
      String type = e.type();
      if (!type.equals("blocks") && !type.equals("blocked-by") && !type.equals("conditional-blocks")) {
        continue;
      }
      Res r = resolve(x, e.kind(), e.repo(), e.branch(), e.bead());
      boolean cond = type.equals("conditional-blocks");
      if (r.kind().equals("resolved") && r.node() != x && !r.node().satisfied()) {
        Node t = r.node();
        out.add(new Reason(cond ? "conditional_blocks" : "blocks", type, target(t), e.raw(), t.status(), null,
            (cond ? "conditionally blocked by " : "blocked by ") + ref(x, t) + " (" + t.status() + ")"));
      } else if (r.kind().equals("unknown_repo")) {
        out.add(new Reason("unresolved", type, null, e.raw(), null, null, "unresolved reference " + e.raw()));
      } else if (r.kind().equals("capability") && !capabilityProvided(r.candidates(), r.capability())) {
        out.add(new Reason("external", type, null, e.raw(), null, null,
            "external capability " + e.raw() + " not provided"));
      }
    }
    for (Edge e : es) {
      if (!e.type().equals("waits-for")) {
        continue;
      }
      String gate = "all-children";
      Node spawner = null;
      JsonNode meta = e.metadata() == null ? null : Json.tree(e.metadata());
      if (meta != null && "any-children".equals(meta.path("gate").asText(null))) {
        gate = "any-children";
      }
      String sid = meta != null && meta.path("spawner_id").isTextual() ? meta.get("spawner_id").textValue() : "";
      Res r = !sid.isEmpty() ? resolve(x, "plain", null, null, sid) : resolve(x, e.kind(), e.repo(), e.branch(), e.bead());
      if (r.kind().equals("resolved")) {
        spawner = r.node();
      }
      List<Node> kids = spawner == null ? List.of() : children.getOrDefault(spawner.id(), List.of());
      long notClosed = kids.stream().filter(k -> !k.status().equals("closed")).count();
      boolean isBlocked = gate.equals("any-children") ? kids.size() == notClosed : notClosed > 0;
      if (isBlocked) {
        String t = spawner == null ? e.raw() : ref(x, spawner);
        out.add(new Reason("waits_for", e.type(), spawner == null ? null : target(spawner), e.raw(),
            spawner == null ? null : spawner.status(), gate, gate.equals("any-children")
            ? "waiting for any child of " + t + " to close"
            : "waiting for all children of " + t + " (" + notClosed + " not closed)"));
      }
    }
    if (x.status().equals("blocked")) {
      out.add(new Reason("status", null, null, null, null, null, "status is blocked"));
    }
    return out;
  }

  public boolean blocked(Node n) {
    return blocked.contains(n.id());
  }

  /** The reasons of an active issue (empty when not blocked). */
  public List<Reason> reasons(Node n) {
    if (!n.active() || !blocked.contains(n.id())) {
      return List.of();
    }
    List<Reason> out = new ArrayList<>(direct.getOrDefault(n.id(), List.of()));
    for (Node p : parents.getOrDefault(n.id(), List.of())) {
      if (p.active() && blocked.contains(p.id())) {
        out.add(new Reason("parent_blocked", null, target(p), null, p.status(), null,
            "parent " + ref(n, p) + " is blocked"));
      }
    }
    return out;
  }

  /** Current unsatisfied resolved blockers ({@code blocked_by} of the list routes). */
  public List<Target> blockers(Node n) {
    Map<Target, Boolean> out = new LinkedHashMap<>();
    if (n.active()) {
      for (Reason r : direct.getOrDefault(n.id(), List.of())) {
        if ((r.kind().equals("blocks") || r.kind().equals("conditional_blocks")) && r.target() != null) {
          out.put(r.target(), true);
        }
      }
    }
    return new ArrayList<>(out.keySet());
  }

  public boolean deferred(Node n, Instant now) {
    Set<Long> seen = new HashSet<>();
    List<Node> todo = new ArrayList<>();
    todo.add(n);
    boolean self = true;
    while (!todo.isEmpty()) {
      Node cur = todo.remove(todo.size() - 1);
      if (!seen.add(cur.id())) {
        continue;
      }
      if (cur.deferUntil() != null && cur.deferUntil().isAfter(now)) {
        return true;
      }
      if (!self && cur.status().equals("deferred")) {
        return true;
      }
      self = false;
      todo.addAll(parents.getOrDefault(cur.id(), List.of()));
    }
    return false;
  }

  /** Rules 1–5 of spec 60 §4.6 (claims are the caller's business). */
  public boolean readyIgnoringClaims(Node n, Instant now, boolean includeEphemeral) {
    return workItem(n, includeEphemeral) && !blocked(n) && !deferred(n, now);
  }

  /** Rules 1–3 of spec 60 §4.6: an open issue that is work (not a template, mail or infrastructure). */
  public static boolean workItem(Node n, boolean includeEphemeral) {
    if (!n.status().equals("open") || n.pinned() || n.template() || n.labels().contains("template")) {
      return false;
    }
    if (n.ephemeral() && !includeEphemeral) {
      return false;
    }
    return !n.mail() && !INFRA_TYPES.contains(n.type()) && n.labels().stream().noneMatch(INFRA_LABELS::contains);
  }

  public List<Node> parentsOf(Node n) {
    return parents.getOrDefault(n.id(), List.of());
  }

  public java.util.Collection<Node> nodes() {
    return byId.values();
  }

  /** The first parent-child edge's target: resolved when possible, else same repo/branch; null if none. */
  public Target parentRef(Node n) {
    for (Edge e : edges.getOrDefault(n.id(), List.of())) {
      if (e.type().equals("parent-child")) {
        Res r = resolve(n, e.kind(), e.repo(), e.branch(), e.bead());
        if (r.kind().equals("resolved")) {
          return target(r.node());
        }
        return e.bead() == null ? null : new Target(e.repo() != null && e.kind().equals("repo_ref") ? e.repo()
            : n.repo(), e.branch() != null ? e.branch() : n.branch(), e.bead());
      }
    }
    return null;
  }
}
