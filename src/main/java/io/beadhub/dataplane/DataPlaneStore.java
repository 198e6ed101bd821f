package io.beadhub.dataplane;

import io.beadhub.common.Json;
import io.beadhub.common.Times;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** The SQL of the data-plane views: each view is one indexed query over live rows and their state. */
final class DataPlaneStore {
  static final String COLUMNS = """
      SELECT i.id, i.repo, i.branch, i.bead_id, i.title, i.description, i.status, i.priority, i.issue_type,
             i.assignee, i.labels, i.created_at, i.updated_at, i.closed_at, i.ephemeral, i.pinned, i.is_mail,
             i.sender, i.created_by, i.hook_bead, i.attached_molecule,
             COALESCE(s.blocked, false) AS blocked, COALESCE(s.blocked_reasons, '[]'::jsonb)::text AS reasons,
             COALESCE(s.blocked_by, '[]'::jsonb)::text AS blockers,
             (COALESCE(s.defer_max > :now, false) OR COALESCE(s.ancestor_deferred, false)) AS deferred,
             (SELECT d.ref_bead FROM beads.issue_deps d WHERE d.issue_id = i.id AND d.type = 'replies-to'
               ORDER BY d.ordinal LIMIT 1) AS replies_to
        FROM beads.issues i LEFT JOIN beads.issue_state s ON s.issue_id = i.id
      """;
  /** Live rows of the project: not removed, not expired. */
  static final String LIVE = " i.project_id = :p AND i.deleted_at IS NULL AND (i.expires_at IS NULL OR i.expires_at > :now) ";

  private DataPlaneStore() {
  }

  static OffsetDateTime odt(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  static Query q(Handle h, String sql, UUID project, Instant now) {
    return h.createQuery(sql).bind("p", project).bind("now", odt(now));
  }

  static List<Bead> list(Query q) {
    return q.map((rs, c) -> map(rs)).list();
  }

  static Bead map(ResultSet rs) throws SQLException {
    return new Bead(rs.getLong("id"), rs.getString("repo"), rs.getString("branch"), rs.getString("bead_id"),
        rs.getString("title"), rs.getString("description"), rs.getString("status"), rs.getInt("priority"),
        rs.getString("issue_type"), rs.getString("assignee"),
        Arrays.asList((String[]) rs.getArray("labels").getArray()), inst(rs, "created_at"),
        inst(rs, "updated_at"), inst(rs, "closed_at"), rs.getBoolean("ephemeral"), rs.getBoolean("pinned"),
        rs.getBoolean("is_mail"), rs.getString("sender"), rs.getString("created_by"), rs.getString("hook_bead"),
        rs.getString("attached_molecule"), rs.getBoolean("blocked"), rs.getString("reasons"),
        rs.getString("blockers"), rs.getBoolean("deferred"), rs.getString("replies_to"));
  }

  static Instant inst(ResultSet rs, String col) throws SQLException {
    OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static String[] arr(Collection<String> xs) {
    return xs.toArray(new String[0]);
  }

  /** Live rows with this bead id (optionally in a repo / branch), newest sync first. */
  static List<Bead> byBeadId(Handle h, UUID p, String beadId, String repo, String branch, Instant now) {
    return list(q(h, COLUMNS + " WHERE" + LIVE + """
         AND i.bead_id = :b AND (CAST(:r AS text) IS NULL OR i.repo = :r)
         AND (CAST(:br AS text) IS NULL OR i.branch = :br)
        ORDER BY i.repo, (i.branch = 'main') DESC, i.synced_at DESC, i.branch
        """, p, now).bind("b", beadId).bind("r", repo).bind("br", branch));
  }

  /** A plain reference from {@code repo}/{@code branch}: same repo first, then other repos with the same id prefix. */
  static Bead resolvePlain(Handle h, UUID p, String repo, String branch, String beadId, Instant now) {
    List<Bead> rows = list(q(h, COLUMNS + " WHERE" + LIVE + """
         AND i.bead_id = :b AND i.branch = :br
        ORDER BY (i.repo = :r) DESC, i.repo
        """, p, now).bind("b", beadId).bind("br", branch).bind("r", repo));
    for (Bead b : rows) {
      if (b.repo().equals(repo)) {
        return b;
      }
    }
    String prefix = prefix(beadId);
    for (Bead b : rows) {
      if (prefix.equals(repoPrefix(h, p, b.repo(), now))) {
        return b;
      }
    }
    return null;
  }

  static String prefix(String id) {
    int d = id.indexOf('-');
    return d < 0 ? id : id.substring(0, d);
  }

  /** A repo's id prefix: the most frequent id prefix among its live rows, ties by the smallest. */
  static String repoPrefix(Handle h, UUID p, String repo, Instant now) {
    return q(h, """
        SELECT split_part(i.bead_id, '-', 1) AS px FROM beads.issues i WHERE""" + LIVE + """
           AND i.repo = :r GROUP BY 1 ORDER BY count(*) DESC, 1 COLLATE "C" LIMIT 1
        """, p, now).bind("r", repo).mapTo(String.class).findOne().orElse(null);
  }

  /** Direct children (resolved parent links) of a row. */
  static List<Bead> children(Handle h, UUID p, long parentId, Instant now) {
    return list(q(h, COLUMNS + " JOIN beads.issue_parents ip ON ip.child_id = i.id WHERE" + LIVE
        + " AND ip.parent_id = :parent", p, now).bind("parent", parentId));
  }

  /** Node ids of the tree under {@code root} (recursive over resolved parent links), with parent and depth. */
  record TreeEdge(long child, long parent, int depth) {
  }

  static List<TreeEdge> tree(Handle h, UUID p, long root, int maxDepth, int maxNodes) {
    return h.createQuery("""
            WITH RECURSIVE t(child, parent, depth, path) AS (
              SELECT ip.child_id, ip.parent_id, 1, ARRAY[ip.parent_id, ip.child_id]
                FROM beads.issue_parents ip WHERE ip.parent_id = :root AND ip.project_id = :p
              UNION ALL
              SELECT ip.child_id, ip.parent_id, t.depth + 1, t.path || ip.child_id
                FROM t CROSS JOIN LATERAL (SELECT child_id, parent_id FROM beads.issue_parents
                                            WHERE parent_id = t.child OFFSET 0) ip
               WHERE t.depth < :max AND NOT (t.child = ANY(t.path[1 : cardinality(t.path) - 1]))
            )
            SELECT child, parent, depth FROM t LIMIT :limit
            """).bind("p", p).bind("root", root).bind("max", maxDepth).bind("limit", maxNodes + 1)
        .map((rs, c) -> new TreeEdge(rs.getLong("child"), rs.getLong("parent"), rs.getInt("depth"))).list();
  }

  static List<Bead> byIds(Handle h, UUID p, Collection<Long> ids, Instant now) {
    return list(q(h, COLUMNS + " WHERE" + LIVE + " AND i.id = ANY(CAST(:ids AS bigint[]))", p, now)
        .bind("ids", ids.stream().map(String::valueOf).toArray(String[]::new)));
  }

  /**
   * The live rows that may be an agent's hook (spec 60 §5.1 steps 2–5): hooked, in progress or pinned and
   * assigned to one of {@code identities}, or a pinned handoff bead titled one of {@code handoffs}; most
   * recently updated first.
   */
  static List<Bead> hookCandidates(Handle h, UUID project, String repo, Collection<String> identities,
                                   Collection<String> handoffs, Instant now) {
    return list(q(h, COLUMNS + " WHERE" + LIVE + """
         AND (CAST(:repo AS text) IS NULL OR i.repo = :repo)
         AND ((i.assignee = ANY(:ids) AND (i.status IN ('hooked', 'in_progress', 'pinned') OR i.pinned))
              OR (i.status = 'pinned' AND i.title = ANY(:handoffs)))
        ORDER BY i.updated_at DESC NULLS LAST, i.repo, i.bead_id
        """, project, now).bind("repo", repo).bind("ids", arr(identities)).bind("handoffs", arr(handoffs)));
  }

  /**
   * The most recently updated agent bead (spec 60 §5.1 step 1) titled one of {@code identities}, bearing
   * one of the ids {@code exact}, or an id ending in one of {@code suffixes}.
   */
  static Optional<Bead> agentBead(Handle h, UUID project, String repo, Collection<String> identities,
                                  Collection<String> exact, Collection<String> suffixes, Instant now) {
    return list(q(h, COLUMNS + " WHERE" + LIVE + """
         AND (CAST(:repo AS text) IS NULL OR i.repo = :repo)
         AND (i.issue_type = 'agent' OR 'gt:agent' = ANY(i.labels))
         AND (i.title = ANY(:ids) OR i.bead_id = ANY(:exact) OR i.bead_id LIKE ANY(:like))
        ORDER BY i.updated_at DESC NULLS LAST, i.repo, i.bead_id LIMIT 1
        """, project, now).bind("repo", repo).bind("ids", arr(identities)).bind("exact", arr(exact))
        .bind("like", suffixes.stream().map(x -> "%" + x.replace("\\", "\\\\").replace("%", "\\%")
            .replace("_", "\\_")).toArray(String[]::new))).stream().findFirst();
  }

  /** A page of the blocked rows (spec 60 §5.7) matching {@code f}, after {@code after} (null: the first page). */
  static List<Bead> blocked(Handle h, UUID project, DataPlaneService.BlockedFilter f, DataPlaneCursor.Key after,
                            int limit, Instant now) {
    StringBuilder sql = new StringBuilder(COLUMNS).append(" WHERE").append(LIVE).append(" AND s.blocked");
    and(sql, f.repo(), " AND i.repo = :repo");
    and(sql, f.branch(), " AND i.branch = :branch");
    and(sql, f.assignee(), " AND i.assignee = :assignee");
    and(sql, f.types(), " AND i.issue_type = ANY(:types)");
    and(sql, f.labels(), " AND i.labels @> CAST(:labels AS text[])");
    and(sql, f.kind(), " AND s.blocked_reasons @> CAST(:kind AS jsonb)");
    and(sql, after, """
         AND (i.priority > :kp OR (i.priority = :kp AND (COALESCE(i.created_at, 'infinity') > CAST(:kc AS timestamptz)
              OR (COALESCE(i.created_at, 'infinity') = CAST(:kc AS timestamptz) AND (i.repo, i.bead_id) > (:kr, :kb)))))
        """);
    sql.append(" ORDER BY i.priority, COALESCE(i.created_at, 'infinity'), i.repo, i.bead_id LIMIT :limit");
    // Parameters of a filter not given are bound but unused.
    Query q = q(h, sql.toString(), project, now).bind("limit", limit).bind("repo", f.repo())
        .bind("branch", f.branch()).bind("assignee", f.assignee())
        .bind("types", f.types() == null ? null : arr(f.types()))
        .bind("labels", f.labels() == null ? null : arr(f.labels()))
        .bind("kind", f.kind() == null ? null : Json.string(List.of(Map.of("kind", f.kind()))));
    if (after != null) {
      q.bind("kp", after.priority()).bind("kc", after.createdAtOr("infinity")).bind("kr", after.repo())
          .bind("kb", after.beadId());
    }
    return list(q);
  }

  /** Appends {@code condition} to {@code sql} when its parameter {@code value} is given. */
  private static void and(StringBuilder sql, Object value, String condition) {
    if (value != null) {
      sql.append(condition);
    }
  }

  /**
   * Each repo with live rows: its most frequent id prefix (ties by the smallest), its live count and its
   * last sync (spec 60 §5.9).
   */
  static List<DataPlaneViews.RepoRoute> routes(Handle h, UUID project, Instant now) {
    return q(h, """
        WITH px AS (
          SELECT i.repo, split_part(i.bead_id, '-', 1) AS prefix, count(*) AS n
            FROM beads.issues i WHERE""" + LIVE + """
           GROUP BY 1, 2
        ), best AS (
          SELECT DISTINCT ON (repo) repo, prefix FROM px ORDER BY repo, n DESC, prefix COLLATE "C"
        )
        SELECT b.repo, b.prefix, (SELECT sum(n) FROM px WHERE px.repo = b.repo) AS live,
               (SELECT max(last_sync_at) FROM beads.sync_state ss WHERE ss.project_id = :p AND ss.repo = b.repo) AS ls
          FROM best b ORDER BY b.repo
        """, project, now).map((rs, c) -> {
          String repo = rs.getString("repo");
          return new DataPlaneViews.RepoRoute(repo, repo.substring(repo.lastIndexOf('/') + 1), rs.getString("prefix"),
              rs.getLong("live"), Times.isoOffset(inst(rs, "ls")));
        }).list();
  }

  /** A live workspace as the data plane shows it. */
  record Ws(UUID id, String alias, String humanName, Instant lastSeenAt) {
  }

  private static final String WORKSPACE = """
      SELECT workspace_id, alias, human_name, last_seen_at FROM server.workspaces
       WHERE project_id = :p AND deleted_at IS NULL""";

  static Optional<Ws> workspace(Handle h, UUID project, UUID id) {
    return h.createQuery(WORKSPACE + " AND workspace_id = :id").bind("p", project).bind("id", id)
        .map((rs, c) -> ws(rs)).findOne();
  }

  /** The live workspaces bearing one of {@code aliases}. */
  static List<Ws> workspacesByAlias(Handle h, UUID project, Collection<String> aliases) {
    return h.createQuery(WORKSPACE + " AND alias = ANY(:a)").bind("p", project)
        .bind("a", aliases.toArray(new String[0])).map((rs, c) -> ws(rs)).list();
  }

  private static Ws ws(ResultSet rs) throws SQLException {
    return new Ws(rs.getObject("workspace_id", UUID.class), rs.getString("alias"), rs.getString("human_name"),
        inst(rs, "last_seen_at"));
  }
}
