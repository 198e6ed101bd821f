package io.beadhub.dataplane;

import io.beadhub.common.ApiError;
import io.beadhub.common.Json;
import io.beadhub.common.Uuids;
import io.beadhub.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/** The read views of spec 60 (§5.1–5.5, §5.7, §5.9). Never writes a bead. */
public record DataPlaneService(Database db, Clock clock) {
  /** Whose view: an agent name or a workspace id (exactly one of them). */
  public record AgentRef(String agent, String workspaceId) {
  }

  /** A bead named in a path, in {@code repo} and {@code branch} when given. */
  public record BeadRef(String beadId, String repo, String branch) {
  }

  public record InboxQuery(AgentRef who, boolean unreadOnly, boolean includeCc, String repo, int limit,
                           String cursor) {
  }

  public record SentQuery(AgentRef who, String repo, int limit, String cursor) {
  }

  public record BlockedFilter(String repo, String branch, String assignee, List<String> types, List<String> labels,
                              String kind) {
  }

  /** The agent of a request: the name echoed as {@code agent} and the identity set I. */
  record Agent(String name, List<String> identities) {
  }

  Agent agent(Handle h, UUID project, AgentRef who) {
    String agent = who.agent();
    String workspaceId = who.workspaceId();
    if (agent == null && workspaceId == null) {
      throw ApiError.unprocessable("agent or workspace_id is required");
    }
    if (agent != null && workspaceId != null) {
      throw ApiError.unprocessable("Give agent or workspace_id, not both");
    }
    if (workspaceId != null) {
      UUID id = Uuids.parse(workspaceId).orElseThrow(() -> ApiError.unprocessable("Invalid workspace_id format"));
      DataPlaneStore.Ws ws = DataPlaneStore.workspace(h, project, id)
          .orElseThrow(() -> ApiError.notFound("Workspace not found"));
      return new Agent(ws.alias(), Identities.variants(ws.alias()));
    }
    if (agent.isEmpty() || agent.length() > 255 || agent.chars().anyMatch(Character::isISOControl)) {
      throw ApiError.unprocessable("Invalid agent");
    }
    Optional<UUID> asId = Uuids.parse(agent);
    if (asId.isPresent()) {
      Optional<DataPlaneStore.Ws> ws = DataPlaneStore.workspace(h, project, asId.get());
      if (ws.isPresent()) {
        return new Agent(agent, Identities.variants(ws.get().alias()));
      }
    }
    return new Agent(agent, Identities.variants(agent));
  }

  /** A bead named in a path, with the ambiguity rules of §1: 409 with the candidates when several repos have it. */
  Bead bead(Handle h, UUID project, BeadRef ref, Instant now) {
    List<Bead> rows = DataPlaneStore.byBeadId(h, project, ref.beadId(), ref.repo(), ref.branch(), now);
    if (rows.isEmpty()) {
      throw ApiError.notFound("Issue not found");
    }
    if (ref.repo() == null && rows.stream().map(Bead::repo).distinct().count() > 1) {
      record Candidate(String repo, String branch) {
      }
      throw ApiError.conflict("Ambiguous bead_id: " + ref.beadId() + " exists in several repos; pass repo")
          .with("candidates", rows.stream().map(b -> new Candidate(b.repo(), b.branch())).toList());
    }
    return rows.get(0);
  }

  // ---- hook (§5.1) ----

  public DataPlaneViews.Hook hook(UUID project, AgentRef who, String repo) {
    Instant now = clock.instant();
    return db.read(h -> new HookResolver(h, project, now, repo).resolve(agent(h, project, who)));
  }

  // ---- mail (§5.2–5.4) ----

  public DataPlaneViews.Inbox inbox(UUID project, InboxQuery q) {
    DataPlaneCursor.Key after = DataPlaneCursor.decode(q.cursor(), true);
    Instant now = clock.instant();
    return db.read(h -> {
      Agent a = agent(h, project, q.who());
      MailboxStore.Mailbox box = new MailboxStore.Mailbox(a.identities(), q.includeCc(), q.repo());
      Page page = Page.of(MailboxStore.inbox(h, project, box, q.unreadOnly(), after, q.limit() + 1, now), q.limit(),
          b -> DataPlaneCursor.Key.of(b, true));
      return new DataPlaneViews.Inbox(a.name(), a.identities(), page.messages(), page.rows().size(),
          MailboxStore.unread(h, project, box, now), page.more(), page.nextCursor());
    });
  }

  public DataPlaneViews.Sent sent(UUID project, SentQuery q) {
    DataPlaneCursor.Key after = DataPlaneCursor.decode(q.cursor(), false);
    Instant now = clock.instant();
    return db.read(h -> {
      Agent a = agent(h, project, q.who());
      Page page = Page.of(MailboxStore.sent(h, project, a.identities(), q.repo(), after, q.limit() + 1, now),
          q.limit(), b -> DataPlaneCursor.Key.of(b, false));
      return new DataPlaneViews.Sent(a.name(), a.identities(), page.messages(), page.rows().size(), page.more(),
          page.nextCursor());
    });
  }

  /** A page of a list read with one row more than {@code limit}: whether there is more, and where it goes on. */
  private record Page(List<Bead> rows, boolean more, String nextCursor) {
    static Page of(List<Bead> read, int limit, Function<Bead, DataPlaneCursor.Key> key) {
      boolean more = read.size() > limit;
      List<Bead> rows = more ? read.subList(0, limit) : read;
      return new Page(rows, more, more ? DataPlaneCursor.encode(key.apply(rows.get(rows.size() - 1))) : null);
    }

    List<DataPlaneViews.MailItem> messages() {
      return rows.stream().map(Mail::item).toList();
    }
  }

  public DataPlaneViews.Thread thread(UUID project, String threadId, String repo) {
    Instant now = clock.instant();
    return db.read(h -> {
      List<Bead> members = MailboxStore.thread(h, project, threadId, repo, now);
      if (members.isEmpty()) {
        throw ApiError.notFound("Thread not found");
      }
      Map<String, Bead> byId = new HashMap<>();
      members.forEach(b -> byId.putIfAbsent(b.beadId(), b));
      List<DataPlaneViews.ThreadItem> items = members.stream()
          .map(b -> new DataPlaneViews.ThreadItem(Mail.item(b), depth(b, byId))).toList();
      return new DataPlaneViews.Thread(threadId, items, items.size());
    });
  }

  /** How many replies up the chain of {@code b} reaches a message outside the thread; 0 in a cycle. */
  private static int depth(Bead b, Map<String, Bead> byId) {
    Set<String> seen = new LinkedHashSet<>();
    seen.add(b.beadId());
    int d = 0;
    Bead cur = b;
    while (true) {
      String parent = Mail.replyTo(cur);
      Bead p = parent == null ? null : byId.get(parent);
      if (p == null) {
        return d;
      }
      if (!seen.add(p.beadId())) {
        return 0;
      }
      d++;
      cur = p;
    }
  }

  // ---- molecules (§5.5) ----

  public DataPlaneViews.Progress progress(UUID project, BeadRef ref) {
    Instant now = clock.instant();
    return db.read(h -> {
      Bead root = bead(h, project, ref, now);
      return Molecules.progress(root, Molecules.ordered(root, DataPlaneStore.children(h, project, root.id(), now)));
    });
  }

  static final int MAX_NODES = 5000;

  public DataPlaneViews.Tree tree(UUID project, BeadRef ref, int maxDepth) {
    Instant now = clock.instant();
    return db.read(h -> {
      Bead root = bead(h, project, ref, now);
      List<DataPlaneStore.TreeEdge> edges = DataPlaneStore.tree(h, project, root.id(), maxDepth, MAX_NODES);
      boolean truncated = edges.size() + 1 > MAX_NODES;
      if (truncated) {
        edges = edges.subList(0, MAX_NODES - 1);
      }
      Set<Long> ids = new LinkedHashSet<>();
      edges.forEach(e -> ids.add(e.child()));
      Map<Long, Bead> rows = new HashMap<>();
      rows.put(root.id(), root);
      DataPlaneStore.byIds(h, project, ids, now).forEach(b -> rows.put(b.id(), b));
      Map<Long, List<Bead>> kids = new HashMap<>();
      Map<Long, Set<Long>> seenKids = new HashMap<>();
      for (DataPlaneStore.TreeEdge e : edges) {
        Bead c = rows.get(e.child());
        if (c != null && seenKids.computeIfAbsent(e.parent(), k -> new HashSet<>()).add(e.child())) {
          kids.computeIfAbsent(e.parent(), k -> new ArrayList<>()).add(c);
        }
      }
      int[] count = {0};
      DataPlaneViews.TreeNode node = node(root, kids, new LinkedHashSet<>(), count, 0, maxDepth);
      return new DataPlaneViews.Tree(node, count[0], truncated);
    });
  }

  private static DataPlaneViews.TreeNode node(Bead b, Map<Long, List<Bead>> kids, Set<Long> path, int[] count,
                                              int depth, int maxDepth) {
    count[0]++;
    boolean cycle = path.contains(b.id());
    List<Bead> ordered = cycle ? List.of() : Molecules.ordered(b, kids.getOrDefault(b.id(), List.of()));
    List<Bead> children = depth >= maxDepth ? List.of() : ordered;
    DataPlaneViews.Counts progress = Molecules.counts(ordered);
    path.add(b.id());
    List<DataPlaneViews.TreeNode> out = new ArrayList<>();
    for (Bead c : children) {
      out.add(node(c, kids, path, count, depth + 1, maxDepth));
    }
    path.remove(b.id());
    return new DataPlaneViews.TreeNode(b.beadId(), b.repo(), b.branch(), b.title(), b.status(), b.type(),
        b.assignee(), b.priority(), b.blocked(), Json.tree(b.reasonsJson()), b.stepReady(), cycle, progress, out);
  }

  // ---- blocked (§5.7), routes (§5.9) ----

  public DataPlaneViews.BlockedList blocked(UUID project, BlockedFilter f, int limit, String cursor) {
    DataPlaneCursor.Key after = DataPlaneCursor.decode(cursor, true);
    Instant now = clock.instant();
    return db.read(h -> {
      Page page = Page.of(DataPlaneStore.blocked(h, project, f, after, limit + 1, now), limit,
          b -> DataPlaneCursor.Key.of(b, true));
      List<DataPlaneViews.BlockedItem> items = page.rows().stream().map(b -> new DataPlaneViews.BlockedItem(
          Molecules.summary(b), Json.tree(b.reasonsJson()), Json.tree(b.blockedByJson()))).toList();
      return new DataPlaneViews.BlockedList(items, items.size(), page.more(), page.nextCursor());
    });
  }

  public DataPlaneViews.Routes routes(UUID project) {
    Instant now = clock.instant();
    return db.read(h -> new DataPlaneViews.Routes(DataPlaneStore.routes(h, project, now)));
  }
}
