package io.beadhub.dataplane;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
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
