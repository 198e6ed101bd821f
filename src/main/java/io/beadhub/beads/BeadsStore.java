package io.beadhub.beads;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Read SQL over beads.issues for the /v1/beads routes. */
public final class BeadsStore {
  /** A stored row as the read routes show it. */
  public record Row(long id, String repo, String branch, String beadId, String title, String description,
                    String status, int priority, String type, String assignee, String createdBy, List<String> labels,
                    Instant createdAt, Instant updatedAt, Instant sortTime, String source, Instant deletedAt,
                    String removalReason, String raw) {
  }

  /** List filters; null = no filter. */
  public record Filter(String repo, String branch, List<String> statuses, List<String> types, String assignee,
                       String createdBy, List<String> labels, String labelPrefix, String q, boolean includeRemoved) {
  }

  /** Keyset position for the list order. */
  public record After(Instant sortTime, int priority, String beadId, String repo, String branch) {
  }

  private static final String COLUMNS = """
      id, repo, branch, bead_id, title, description, status, priority, issue_type, assignee, created_by, labels,
      created_at, updated_at, COALESCE(updated_at, synced_at) AS sort_time, source, deleted_at, removal_reason
      """;

  private BeadsStore() {
  }

  private static Row map(ResultSet rs, boolean raw) throws SQLException {
    String[] labels = (String[]) rs.getArray("labels").getArray();
    return new Row(rs.getLong("id"), rs.getString("repo"), rs.getString("branch"), rs.getString("bead_id"),
        rs.getString("title"), rs.getString("description"), rs.getString("status"), rs.getInt("priority"),
        rs.getString("issue_type"), rs.getString("assignee"), rs.getString("created_by"), Arrays.asList(labels),
        IssueStore.inst(rs, "created_at"), IssueStore.inst(rs, "updated_at"), IssueStore.inst(rs, "sort_time"),
        rs.getString("source"), IssueStore.inst(rs, "deleted_at"), rs.getString("removal_reason"),
        raw ? rs.getString("raw") : null);
  }

  static String likeEscape(String s) {
    return s.replace("^", "^^").replace("%", "^%").replace("_", "^_");
  }

  public static List<Row> list(Handle h, UUID project, Filter f, After after, int limit, boolean raw) {
    StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(raw ? ", raw::text AS raw" : "")
        .append(" FROM beads.issues WHERE project_id = :p");
    if (!f.includeRemoved()) {
      sql.append(" AND deleted_at IS NULL");
    }
    if (f.repo() != null) {
      sql.append(" AND repo = :repo");
    }
    if (f.branch() != null) {
      sql.append(" AND branch = :branch");
    }
    if (f.statuses() != null) {
      sql.append(" AND status = ANY(:statuses)");
    }
    if (f.types() != null) {
      sql.append(" AND issue_type = ANY(:types)");
    }
    if (f.assignee() != null) {
      sql.append(" AND assignee = :assignee");
    }
    if (f.createdBy() != null) {
      sql.append(" AND created_by = :createdBy");
    }
    if (f.labels() != null && !f.labels().isEmpty()) {
      sql.append(" AND labels @> CAST(:labels AS text[])");
    }
    if (f.labelPrefix() != null) {
      sql.append(" AND EXISTS (SELECT 1 FROM unnest(labels) l WHERE starts_with(l, :lprefix))");
    }
    if (f.q() != null) {
      sql.append(" AND (lower(bead_id) LIKE lower(:q) || '%' ESCAPE '^' OR lower(title) LIKE '%' || lower(:q) || '%' ESCAPE '^')");
    }
    if (after != null) {
      sql.append("""
           AND (COALESCE(updated_at, synced_at) < :at
                OR (COALESCE(updated_at, synced_at) = :at AND (priority > :ap
                    OR (priority = :ap AND (bead_id, repo, branch) > (:ab, :ar, :abr)))))
          """);
    }
    sql.append(" ORDER BY COALESCE(updated_at, synced_at) DESC, priority ASC, bead_id ASC, repo ASC, branch ASC LIMIT :limit");
    var q = h.createQuery(sql.toString()).bind("p", project).bind("limit", limit);
    if (f.repo() != null) {
      q.bind("repo", f.repo());
    }
    if (f.branch() != null) {
      q.bind("branch", f.branch());
    }
    if (f.statuses() != null) {
      q.bind("statuses", f.statuses().toArray(new String[0]));
    }
    if (f.types() != null) {
      q.bind("types", f.types().toArray(new String[0]));
    }
    if (f.assignee() != null) {
      q.bind("assignee", f.assignee());
    }
    if (f.createdBy() != null) {
      q.bind("createdBy", f.createdBy());
    }
    if (f.labels() != null && !f.labels().isEmpty()) {
      q.bind("labels", f.labels().toArray(new String[0]));
    }
    if (f.labelPrefix() != null) {
      q.bind("lprefix", f.labelPrefix());
    }
    if (f.q() != null) {
      q.bind("q", likeEscape(f.q()));
    }
    if (after != null) {
      q.bind("at", IssueStore.odt(after.sortTime())).bind("ap", after.priority()).bind("ab", after.beadId())
          .bind("ar", after.repo()).bind("abr", after.branch());
    }
    return q.map((rs, c) -> map(rs, raw)).list();
  }

  /** Rows with a bead id: the exact (repo, branch) row, or all live rows ordered by repo, branch. */
  public static List<Row> byBeadId(Handle h, UUID project, String beadId, String repo, String branch) {
    String sql = "SELECT " + COLUMNS + ", raw::text AS raw FROM beads.issues WHERE project_id = :p AND bead_id = :b"
        + (repo != null && branch != null ? " AND repo = :r AND branch = :br" : " AND deleted_at IS NULL")
        + (repo != null && branch == null ? " AND repo = :r" : "")
        + (repo == null && branch != null ? " AND branch = :br" : "")
        + " ORDER BY repo, branch";
    var q = h.createQuery(sql).bind("p", project).bind("b", beadId);
    if (repo != null) {
      q.bind("r", repo);
    }
    if (branch != null) {
      q.bind("br", branch);
    }
    return q.map((rs, c) -> map(rs, true)).list();
  }

  public static List<String[]> alsoIn(Handle h, UUID project, String beadId) {
    return h.createQuery("""
        SELECT repo, branch FROM beads.issues WHERE project_id = :p AND bead_id = :b AND deleted_at IS NULL
         ORDER BY repo, branch
        """).bind("p", project).bind("b", beadId)
        .map((rs, c) -> new String[] {rs.getString("repo"), rs.getString("branch")}).list();
  }

  public static String description(Handle h, long id) {
    return h.createQuery("SELECT description FROM beads.issues WHERE id = :id").bind("id", id)
        .mapTo(String.class).findOne().orElse(null);
  }

  /** The project's live rows and their edges, for the rule set (two queries). */
  public static Graph graph(Handle h, UUID project) {
    List<Graph.Node> nodes = h.createQuery("""
        SELECT id, repo, branch, bead_id, status, issue_type, labels, pinned, ephemeral, is_template, defer_until,
               is_mail
          FROM beads.issues WHERE project_id = :p AND deleted_at IS NULL
        """).bind("p", project).map((rs, c) -> new Graph.Node(rs.getLong("id"), rs.getString("repo"),
            rs.getString("branch"), rs.getString("bead_id"), rs.getString("status"), rs.getString("issue_type"),
            Arrays.asList((String[]) rs.getArray("labels").getArray()), rs.getBoolean("pinned"),
            rs.getBoolean("ephemeral"), rs.getBoolean("is_template"), IssueStore.inst(rs, "defer_until"),
            rs.getBoolean("is_mail"))).list();
    List<Graph.Edge> edges = h.createQuery("""
        SELECT d.issue_id, d.ordinal, d.type, d.target_raw, d.ref_kind, d.ref_repo, d.ref_branch, d.ref_bead,
               d.metadata::text AS metadata
          FROM beads.issue_deps d JOIN beads.issues i ON i.id = d.issue_id
         WHERE d.project_id = :p AND i.deleted_at IS NULL
        """).bind("p", project).map((rs, c) -> new Graph.Edge(rs.getLong("issue_id"), rs.getInt("ordinal"),
            rs.getString("type"), rs.getString("target_raw"), rs.getString("ref_kind"), rs.getString("ref_repo"),
            rs.getString("ref_branch"), rs.getString("ref_bead"), rs.getString("metadata"))).list();
    return new Graph(nodes, edges);
  }

  /** Ready candidates' display columns by internal id. */
  public static List<Row> rowsById(Handle h, List<Long> ids) {
    if (ids.isEmpty()) {
      return new ArrayList<>();
    }
    return h.createQuery("SELECT " + COLUMNS + " FROM beads.issues WHERE id = ANY(:ids)")
        .bind("ids", ids.toArray(new Long[0])).map((rs, c) -> map(rs, false)).list();
  }

  public static Optional<Instant> lastSync(Handle h, UUID project, String repo) {
    return h.createQuery("""
        SELECT max(last_sync_at) FROM beads.sync_state WHERE project_id = :p AND (CAST(:r AS text) IS NULL OR repo = :r)
        """).bind("p", project).bind("r", repo).mapTo(OffsetDateTime.class).findOne().map(OffsetDateTime::toInstant);
  }

  /** Claims of other workspaces (active or unexpired pending) keyed by repo + bead. */
  public static java.util.Map<String, List<String[]>> claimsOf(Handle h, UUID project, Instant now) {
    java.util.Map<String, List<String[]>> out = new java.util.HashMap<>();
    h.createQuery("""
        SELECT repo, bead_id, workspace_id, alias FROM server.bead_claims
         WHERE project_id = :p AND (state = 'active' OR expires_at > :now)
         ORDER BY claimed_at
        """).bind("p", project).bind("now", IssueStore.odt(now))
        .map((rs, c) -> {
          out.computeIfAbsent(rs.getString("repo") + "\u0000" + rs.getString("bead_id"), k -> new ArrayList<>())
              .add(new String[] {rs.getString("workspace_id"), rs.getString("alias")});
          return null;
        }).list();
    return out;
  }
}
