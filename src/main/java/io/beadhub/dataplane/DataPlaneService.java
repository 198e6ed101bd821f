package io.beadhub.dataplane;

import io.beadhub.common.ApiError;
import io.beadhub.common.Json;
import io.beadhub.common.Uuids;
import io.beadhub.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** The read views of spec 60 (§5.1–5.5, §5.7, §5.9). Never writes a bead. */
public final class DataPlaneService {
  private final Database db;
  private final Clock clock;

  public DataPlaneService(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** The agent of a request: the name echoed as {@code agent} and the identity set I. */
  public record Agent(String name, List<String> identities) {
  }

  Agent agent(Handle h, UUID project, String agent, String workspaceId) {
    if (agent == null && workspaceId == null) {
      throw ApiError.unprocessable("agent or workspace_id is required");
    }
    if (agent != null && workspaceId != null) {
      throw ApiError.unprocessable("Give agent or workspace_id, not both");
    }
    if (workspaceId != null) {
      UUID id = Uuids.parse(workspaceId).orElseThrow(() -> ApiError.unprocessable("Invalid workspace_id format"));
      DataPlaneStore.Ws ws = DataPlaneStore.workspace(h, project, id).orElseThrow(() -> ApiError.notFound("Workspace not found"));
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

  /** A bead named in a path, with the ambiguity rules of §1. */
  Bead bead(Handle h, UUID project, String beadId, String repo, String branch, Instant now) {
    List<Bead> rows = DataPlaneStore.byBeadId(h, project, beadId, repo, branch, now);
    if (rows.isEmpty()) {
      throw ApiError.notFound("Issue not found");
    }
    if (repo != null) {
      return rows.get(0);
    }
    Set<String> repos = new LinkedHashSet<>();
    rows.forEach(b -> repos.add(b.repo()));
    if (repos.size() > 1) {
      List<Map<String, Object>> cands = new ArrayList<>();
      rows.forEach(b -> cands.add(Map.of("repo", b.repo(), "branch", b.branch())));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("detail", "Ambiguous bead_id: " + beadId + " exists in several repos; pass repo");
      body.put("candidates", cands);
      throw new Ambiguous(body);
    }
    return rows.get(0);
  }

  /** 409 with {@code candidates}: the HTTP layer renders the body as is. */
  public static final class Ambiguous extends RuntimeException {
    final transient Map<String, Object> body;

    Ambiguous(Map<String, Object> body) {
      super(body.get("detail").toString(), null, false, false);
      this.body = body;
    }
  }

  // ---- hook (§5.1) ----

  public Map<String, Object> hook(UUID project, String agentParam, String workspaceId, String repo) {
    Instant now = clock.instant();
    return db.read(h -> new HookResolver(h, project, now, repo).resolve(agent(h, project, agentParam, workspaceId)));
  }

  // ---- mail (§5.2–5.4) ----

  public record Page(List<Bead> rows, boolean hasMore) {
  }

  public Map<String, Object> inbox(UUID project, String agentParam, String workspaceId, boolean unreadOnly,
                                   boolean includeCc, String repo, int limit, Map<String, Object> after) {
    Instant now = clock.instant();
    return db.read(h -> {
      Agent a = agent(h, project, agentParam, workspaceId);
      String where = " WHERE" + DataPlaneStore.LIVE + """
           AND i.is_mail AND (CAST(:repo AS text) IS NULL OR i.repo = :repo)
           AND ((i.assignee = ANY(:ids) AND i.status IN ('open', 'hooked'))
                OR (:cc AND i.status = 'open' AND i.labels && CAST(:ccl AS text[])))
          """;
      String unread = unreadOnly ? " AND NOT ('read' = ANY(i.labels))" : "";
      String keyset = after == null ? "" : """
           AND (i.priority > :kp OR (i.priority = :kp AND (COALESCE(i.created_at, '-infinity') < CAST(:kc AS timestamptz)
                OR (COALESCE(i.created_at, '-infinity') = CAST(:kc AS timestamptz) AND (i.repo, i.bead_id) > (:kr, :kb)))))
          """;
      var q = DataPlaneStore.q(h, DataPlaneStore.COLUMNS + where + unread + keyset + """
           ORDER BY i.priority, COALESCE(i.created_at, '-infinity') DESC, i.repo, i.bead_id LIMIT :limit
          """, project, now);
      bindMail(q, a, includeCc, repo).bind("limit", limit + 1);
      bindKeys(q, after);
      List<Bead> rows = DataPlaneStore.list(q);
      var cq = DataPlaneStore.q(h, "SELECT count(*) FROM beads.issues i" + where
          + " AND NOT ('read' = ANY(i.labels))", project, now);
      int unreadCount = bindMail(cq, a, includeCc, repo).mapTo(Integer.class).one();
      Map<String, Object> out = mailPage(a, rows, limit, b -> Map.of("priority", b.priority(),
          "created_at", String.valueOf(io.beadhub.common.Times.isoOffset(b.createdAt())), "repo", b.repo(),
          "bead_id", b.beadId()));
      out.put("unread_count", unreadCount);
      return reorder(out, "agent", "identities", "messages", "count", "unread_count", "has_more", "next_cursor");
    });
  }

  private static <Q extends org.jdbi.v3.core.statement.SqlStatement<Q>> Q bindMail(Q q, Agent a, boolean cc,
                                                                                  String repo) {
    return q.bind("ids", DataPlaneStore.arr(a.identities())).bind("cc", cc).bind("repo", repo)
        .bind("ccl", a.identities().stream().map(x -> "cc:" + x).toArray(String[]::new));
  }

  private static void bindKeys(org.jdbi.v3.core.statement.Query q, Map<String, Object> after) {
    if (after != null) {
      q.bind("kp", ((Number) after.get("priority")).intValue());
      Object kc = after.get("created_at");
      q.bind("kc", kc == null || "null".equals(kc) ? "-infinity" : kc.toString());
      q.bind("kr", after.get("repo").toString()).bind("kb", after.get("bead_id").toString());
    }
  }

  private static Map<String, Object> mailPage(Agent a, List<Bead> rows, int limit,
                                              java.util.function.Function<Bead, Map<String, Object>> key) {
    boolean more = rows.size() > limit;
    List<Bead> page = more ? rows.subList(0, limit) : rows;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("agent", a.name());
    out.put("identities", a.identities());
    out.put("messages", page.stream().map(Mail::item).toList());
    out.put("count", page.size());
    out.put("has_more", more);
    out.put("next_cursor", more ? DataPlaneCursor.encode(key.apply(page.get(page.size() - 1))) : null);
    return out;
  }

  private static Map<String, Object> reorder(Map<String, Object> m, String... keys) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String k : keys) {
      out.put(k, m.get(k));
    }
    return out;
  }

  public Map<String, Object> sent(UUID project, String agentParam, String workspaceId, String repo, int limit,
                                  Map<String, Object> after) {
    Instant now = clock.instant();
    return db.read(h -> {
      Agent a = agent(h, project, agentParam, workspaceId);
      String keyset = after == null ? "" : """
           AND (COALESCE(i.created_at, '-infinity') < CAST(:kc AS timestamptz)
                OR (COALESCE(i.created_at, '-infinity') = CAST(:kc AS timestamptz) AND (i.repo, i.bead_id) > (:kr, :kb)))
          """;
      var q = DataPlaneStore.q(h, DataPlaneStore.COLUMNS + " WHERE" + DataPlaneStore.LIVE + """
           AND i.is_mail AND (CAST(:repo AS text) IS NULL OR i.repo = :repo)
           AND (i.labels && CAST(:from AS text[]) OR i.sender = ANY(:ids))
          """ + keyset + " ORDER BY COALESCE(i.created_at, '-infinity') DESC, i.repo, i.bead_id LIMIT :limit",
          project, now)
          .bind("ids", DataPlaneStore.arr(a.identities())).bind("repo", repo).bind("limit", limit + 1)
          .bind("from", a.identities().stream().map(x -> "from:" + x).toArray(String[]::new));
      if (after != null) {
        Object kc = after.get("created_at");
        q.bind("kc", kc == null || "null".equals(kc) ? "-infinity" : kc.toString());
        q.bind("kr", after.get("repo").toString()).bind("kb", after.get("bead_id").toString());
      }
      return mailPage(a, DataPlaneStore.list(q), limit, b -> Map.of(
          "created_at", String.valueOf(io.beadhub.common.Times.isoOffset(b.createdAt())), "repo", b.repo(),
          "bead_id", b.beadId()));
    });
  }

  public Map<String, Object> thread(UUID project, String threadId, String repo) {
    Instant now = clock.instant();
    return db.read(h -> {
      List<Bead> members = DataPlaneStore.list(DataPlaneStore.q(h, """
          WITH RECURSIVE up(id, hops) AS (
            SELECT i.id, 0 FROM beads.issues i WHERE""" + DataPlaneStore.LIVE + """
               AND i.is_mail AND i.bead_id = :t
            UNION
            SELECT d.issue_id, up.hops + 1 FROM up
              JOIN beads.issues r ON r.id = up.id
              JOIN beads.issue_deps d ON d.project_id = :p AND d.ref_bead = r.bead_id AND d.type = 'replies-to'
             WHERE up.hops < 50
          ), ids AS (
            SELECT id FROM up
            UNION SELECT i.id FROM beads.issues i WHERE i.project_id = :p AND i.labels @> ARRAY[CAST(:tl AS text)]
            UNION SELECT d.issue_id FROM beads.issue_deps d WHERE d.project_id = :p AND d.type = 'replies-to'
                                                              AND d.thread_id = :t
          )
          """ + DataPlaneStore.COLUMNS + " WHERE" + DataPlaneStore.LIVE + """
             AND i.is_mail AND i.id IN (SELECT id FROM ids) AND (CAST(:repo AS text) IS NULL OR i.repo = :repo)
           ORDER BY i.created_at NULLS FIRST, i.repo, i.bead_id
          """, project, now).bind("t", threadId).bind("tl", "thread:" + threadId).bind("repo", repo));
      if (members.isEmpty()) {
        throw ApiError.notFound("Thread not found");
      }
      Map<String, Bead> byId = new HashMap<>();
      members.forEach(b -> byId.putIfAbsent(b.beadId(), b));
      List<Map<String, Object>> items = new ArrayList<>();
      for (Bead b : members) {
        Map<String, Object> m = Mail.item(b);
        m.put("depth", depth(b, byId));
        items.add(m);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("thread_id", threadId);
      out.put("messages", items);
      out.put("count", items.size());
      return out;
    });
  }

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

  public Map<String, Object> progress(UUID project, String beadId, String repo, String branch) {
    Instant now = clock.instant();
    return db.read(h -> {
      Bead root = bead(h, project, beadId, repo, branch, now);
      return Molecules.progress(root, Molecules.ordered(root, DataPlaneStore.children(h, project, root.id(), now)));
    });
  }

  static final int MAX_NODES = 5000;

  public Map<String, Object> tree(UUID project, String beadId, String repo, String branch, int maxDepth) {
    Instant now = clock.instant();
    return db.read(h -> {
      Bead root = bead(h, project, beadId, repo, branch, now);
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
        if (c != null && seenKids.computeIfAbsent(e.parent(), k -> new java.util.HashSet<>()).add(e.child())) {
          kids.computeIfAbsent(e.parent(), k -> new ArrayList<>()).add(c);
        }
      }
      int[] count = {0};
      Map<String, Object> node = node(root, kids, new LinkedHashSet<>(), count, 0, maxDepth);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("root", node);
      out.put("node_count", count[0]);
      out.put("truncated", truncated);
      return out;
    });
  }

  private Map<String, Object> node(Bead b, Map<Long, List<Bead>> kids, Set<Long> path, int[] count, int depth,
                                   int maxDepth) {
    count[0]++;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bead_id", b.beadId());
    m.put("repo", b.repo());
    m.put("branch", b.branch());
    m.put("title", b.title());
    m.put("status", b.status());
    m.put("type", b.type());
    m.put("assignee", b.assignee());
    m.put("priority", b.priority());
    m.put("blocked", b.blocked());
    m.put("blocked_reasons", Json.tree(b.reasonsJson()));
    m.put("ready", b.stepReady());
    boolean cycle = path.contains(b.id());
    m.put("cycle", cycle);
    List<Bead> children = cycle || depth >= maxDepth ? List.of()
        : Molecules.ordered(b, kids.getOrDefault(b.id(), List.of()));
    m.put("progress", Molecules.counts(cycle ? List.of() : Molecules.ordered(b, kids.getOrDefault(b.id(), List.of()))));
    path.add(b.id());
    List<Map<String, Object>> out = new ArrayList<>();
    for (Bead c : children) {
      out.add(node(c, kids, path, count, depth + 1, maxDepth));
    }
    path.remove(b.id());
    m.put("children", out);
    return m;
  }

  // ---- blocked (§5.7), routes (§5.9) ----

  public record BlockedFilter(String repo, String branch, String assignee, List<String> types, List<String> labels,
                              String kind) {
  }

  public Map<String, Object> blocked(UUID project, BlockedFilter f, int limit, Map<String, Object> after) {
    Instant now = clock.instant();
    return db.read(h -> {
      StringBuilder sql = new StringBuilder(DataPlaneStore.COLUMNS).append(" WHERE").append(DataPlaneStore.LIVE)
          .append(" AND s.blocked");
      if (f.repo() != null) {
        sql.append(" AND i.repo = :repo");
      }
      if (f.branch() != null) {
        sql.append(" AND i.branch = :branch");
      }
      if (f.assignee() != null) {
        sql.append(" AND i.assignee = :assignee");
      }
      if (f.types() != null) {
        sql.append(" AND i.issue_type = ANY(:types)");
      }
      if (f.labels() != null) {
        sql.append(" AND i.labels @> CAST(:labels AS text[])");
      }
      if (f.kind() != null) {
        sql.append(" AND s.blocked_reasons @> CAST(:kind AS jsonb)");
      }
      if (after != null) {
        sql.append("""
             AND (i.priority > :kp OR (i.priority = :kp AND (COALESCE(i.created_at, 'infinity') > CAST(:kc AS timestamptz)
                  OR (COALESCE(i.created_at, 'infinity') = CAST(:kc AS timestamptz) AND (i.repo, i.bead_id) > (:kr, :kb)))))
            """);
      }
      sql.append(" ORDER BY i.priority, COALESCE(i.created_at, 'infinity'), i.repo, i.bead_id LIMIT :limit");
      var q = DataPlaneStore.q(h, sql.toString(), project, now).bind("limit", limit + 1);
      if (f.repo() != null) {
        q.bind("repo", f.repo());
      }
      if (f.branch() != null) {
        q.bind("branch", f.branch());
      }
      if (f.assignee() != null) {
        q.bind("assignee", f.assignee());
      }
      if (f.types() != null) {
        q.bind("types", DataPlaneStore.arr(f.types()));
      }
      if (f.labels() != null) {
        q.bind("labels", DataPlaneStore.arr(f.labels()));
      }
      if (f.kind() != null) {
        q.bind("kind", Json.string(List.of(Map.of("kind", f.kind()))));
      }
      if (after != null) {
        q.bind("kp", ((Number) after.get("priority")).intValue());
        Object kc = after.get("created_at");
        q.bind("kc", kc == null || "null".equals(kc) ? "infinity" : kc.toString());
        q.bind("kr", after.get("repo").toString()).bind("kb", after.get("bead_id").toString());
      }
      List<Bead> rows = DataPlaneStore.list(q);
      boolean more = rows.size() > limit;
      List<Bead> page = more ? rows.subList(0, limit) : rows;
      List<Map<String, Object>> items = new ArrayList<>();
      for (Bead b : page) {
        Map<String, Object> m = Molecules.withReasons(b);
        m.put("blocked_by", Json.tree(b.blockedByJson()));
        items.add(m);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("issues", items);
      out.put("count", items.size());
      out.put("has_more", more);
      Bead last = page.isEmpty() ? null : page.get(page.size() - 1);
      out.put("next_cursor", more ? DataPlaneCursor.encode(Map.of("priority", last.priority(), "created_at",
          String.valueOf(io.beadhub.common.Times.isoOffset(last.createdAt())), "repo", last.repo(),
          "bead_id", last.beadId())) : null);
      return out;
    });
  }

  public Map<String, Object> routes(UUID project) {
    Instant now = clock.instant();
    return db.read(h -> {
      List<Map<String, Object>> repos = DataPlaneStore.q(h, """
          WITH px AS (
            SELECT i.repo, split_part(i.bead_id, '-', 1) AS prefix, count(*) AS n
              FROM beads.issues i WHERE""" + DataPlaneStore.LIVE + """
             GROUP BY 1, 2
          ), best AS (
            SELECT DISTINCT ON (repo) repo, prefix FROM px ORDER BY repo, n DESC, prefix COLLATE "C"
          )
          SELECT b.repo, b.prefix, (SELECT sum(n) FROM px WHERE px.repo = b.repo) AS live,
                 (SELECT max(last_sync_at) FROM beads.sync_state ss WHERE ss.project_id = :p AND ss.repo = b.repo) AS ls
            FROM best b ORDER BY b.repo
          """, project, now).map((rs, c) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            String repo = rs.getString("repo");
            m.put("repo", repo);
            m.put("name", repo.substring(repo.lastIndexOf('/') + 1));
            m.put("id_prefix", rs.getString("prefix"));
            m.put("live_count", rs.getLong("live"));
            m.put("last_sync_at", io.beadhub.common.Times.isoOffset(DataPlaneStore.inst(rs, "ls")));
            return m;
          }).list();
      return Map.of("repos", repos);
    });
  }
}
