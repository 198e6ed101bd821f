package io.beadhub.beads;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
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
                    String removalReason, String raw, boolean blocked, String blockedByJson, String reasonsJson,
                    String parentJson) {
  }

  /** List filters; null = no filter. */
  public record Filter(String repo, String branch, List<String> statuses, List<String> types, String assignee,
                       String createdBy, List<String> labels, String labelPrefix, String q, boolean includeRemoved,
                       String parent) {
  }

  /** Keyset position for the list order. */
  public record After(Instant sortTime, int priority, String beadId, String repo, String branch) {
  }

  /**
   * Row columns plus the materialised state (spec 60 §4.7) and the {@code parent_id} of spec 40 §5.3:
   * the first parent-child edge's target, resolved through issue_parents when it resolved.
   */
  private static final String COLUMNS = """
      i.id, i.repo, i.branch, i.bead_id, i.title, i.description, i.status, i.priority, i.issue_type, i.assignee,
      i.created_by, i.labels, i.created_at, i.updated_at, COALESCE(i.updated_at, i.synced_at) AS sort_time, i.source,
      i.deleted_at, i.removal_reason,
      (i.deleted_at IS NULL AND COALESCE(st.blocked, false)) AS st_blocked,
      CASE WHEN i.deleted_at IS NULL THEN st.blocked_by::text END AS st_blocked_by,
      CASE WHEN i.deleted_at IS NULL THEN st.blocked_reasons::text END AS st_reasons,
      CASE WHEN i.deleted_at IS NULL THEN (
        SELECT jsonb_build_object(
                 'repo', COALESCE(pr.repo, CASE WHEN d.ref_kind = 'repo_ref' THEN d.ref_repo ELSE i.repo END),
                 'branch', COALESCE(pr.branch, d.ref_branch, i.branch),
                 'bead_id', COALESCE(pr.bead_id, d.ref_bead))::text
          FROM beads.issue_deps d
          LEFT JOIN LATERAL (
            SELECT pi.repo, pi.branch, pi.bead_id FROM beads.issue_parents ip JOIN beads.issues pi ON pi.id = ip.parent_id
             WHERE ip.child_id = i.id AND pi.bead_id = d.ref_bead AND (d.ref_kind <> 'repo_ref' OR pi.repo = d.ref_repo)
             ORDER BY ip.ordinal LIMIT 1) pr ON true
         WHERE d.issue_id = i.id AND d.type = 'parent-child' AND d.ref_bead IS NOT NULL
         ORDER BY d.ordinal LIMIT 1) END AS st_parent
      """;
  private static final String FROM = " FROM beads.issues i LEFT JOIN beads.issue_state st ON st.issue_id = i.id ";
  /** Live = not removed and not expired (a pushed row past its expires_at counts as removed, spec 60 §5.10). */
  static final String LIVE = " i.deleted_at IS NULL AND (i.expires_at IS NULL OR i.expires_at > :now)";

  private BeadsStore() {
  }

  private static Row map(ResultSet rs, boolean raw) throws SQLException {
    String[] labels = (String[]) rs.getArray("labels").getArray();
    return new Row(rs.getLong("id"), rs.getString("repo"), rs.getString("branch"), rs.getString("bead_id"),
        rs.getString("title"), rs.getString("description"), rs.getString("status"), rs.getInt("priority"),
        rs.getString("issue_type"), rs.getString("assignee"), rs.getString("created_by"), Arrays.asList(labels),
        IssueStore.inst(rs, "created_at"), IssueStore.inst(rs, "updated_at"), IssueStore.inst(rs, "sort_time"),
        rs.getString("source"), IssueStore.inst(rs, "deleted_at"), rs.getString("removal_reason"),
        raw ? rs.getString("raw") : null, rs.getBoolean("st_blocked"), rs.getString("st_blocked_by"),
        rs.getString("st_reasons"), rs.getString("st_parent"));
  }

  static String likeEscape(String s) {
    return s.replace("^", "^^").replace("%", "^%").replace("_", "^_");
  }

  public static List<Row> list(Handle h, UUID project, Filter f, After after, int limit, boolean raw, Instant now) {
    StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(raw ? ", i.raw::text AS raw" : "")
        .append(FROM).append(" WHERE i.project_id = :p");
    and(sql, !f.includeRemoved(), " AND" + LIVE);
    // Direct children through the resolved parent links (spec 40 §5.3 parent filter).
    and(sql, f.parent() != null, """
         AND i.id IN (SELECT ip.child_id FROM beads.issue_parents ip JOIN beads.issues pi ON pi.id = ip.parent_id
                       WHERE ip.project_id = :p AND pi.bead_id = :parent)
        """);
    and(sql, f.repo() != null, " AND i.repo = :repo");
    and(sql, f.branch() != null, " AND i.branch = :branch");
    and(sql, f.statuses() != null, " AND i.status = ANY(:statuses)");
    and(sql, f.types() != null, " AND i.issue_type = ANY(:types)");
    and(sql, f.assignee() != null, " AND i.assignee = :assignee");
    and(sql, f.createdBy() != null, " AND i.created_by = :createdBy");
    and(sql, f.labels() != null && !f.labels().isEmpty(), " AND i.labels @> CAST(:labels AS text[])");
    and(sql, f.labelPrefix() != null,
        " AND EXISTS (SELECT 1 FROM unnest(i.labels) l WHERE starts_with(l, :lprefix))");
    and(sql, f.q() != null, " AND (lower(i.bead_id) LIKE lower(:q) || '%' ESCAPE '^'"
        + " OR lower(i.title) LIKE '%' || lower(:q) || '%' ESCAPE '^')");
    and(sql, after != null, """
         AND (COALESCE(i.updated_at, i.synced_at) < :at
              OR (COALESCE(i.updated_at, i.synced_at) = :at AND (i.priority > :ap
                  OR (i.priority = :ap AND (i.bead_id, i.repo, i.branch) > (:ab, :ar, :abr)))))
        """);
    sql.append(" ORDER BY COALESCE(i.updated_at, i.synced_at) DESC, i.priority ASC, i.bead_id ASC, i.repo ASC,"
        + " i.branch ASC LIMIT :limit");
    // Parameters of a filter not given are bound but unused.
    var q = h.createQuery(sql.toString()).bind("p", project).bind("limit", limit).bind("now", IssueStore.odt(now))
        .bind("parent", f.parent()).bind("repo", f.repo()).bind("branch", f.branch())
        .bind("statuses", arr(f.statuses())).bind("types", arr(f.types())).bind("assignee", f.assignee())
        .bind("createdBy", f.createdBy()).bind("labels", arr(f.labels())).bind("lprefix", f.labelPrefix())
        .bind("q", f.q() == null ? null : likeEscape(f.q()));
    if (after != null) {
      q.bind("at", IssueStore.odt(after.sortTime())).bind("ap", after.priority()).bind("ab", after.beadId())
          .bind("ar", after.repo()).bind("abr", after.branch());
    }
    return q.map((rs, c) -> map(rs, raw)).list();
  }

  /** Appends {@code condition} to {@code sql} when {@code when}. */
  private static void and(StringBuilder sql, boolean when, String condition) {
    if (when) {
      sql.append(condition);
    }
  }

  private static String[] arr(List<String> xs) {
    return xs == null ? null : xs.toArray(new String[0]);
  }

  /** Rows with a bead id: the exact (repo, branch) row, or all live rows ordered by repo, branch. */
  public static List<Row> byBeadId(Handle h, UUID project, String beadId, String repo, String branch,
                                   Instant now) {
    String sql = "SELECT " + COLUMNS + ", i.raw::text AS raw" + FROM + " WHERE i.project_id = :p AND i.bead_id = :b"
        + (repo != null && branch != null ? " AND i.repo = :r AND i.branch = :br" : " AND" + LIVE)
        + (repo != null && branch == null ? " AND i.repo = :r" : "")
        + (repo == null && branch != null ? " AND i.branch = :br" : "")
        + " ORDER BY i.repo, i.branch";
    var q = h.createQuery(sql).bind("p", project).bind("b", beadId);
    if (repo == null || branch == null) {
      q.bind("now", IssueStore.odt(now));
    }
    if (repo != null) {
      q.bind("r", repo);
    }
    if (branch != null) {
      q.bind("br", branch);
    }
    return q.map((rs, c) -> map(rs, true)).list();
  }

  /** The (repo, branch) pairs holding a live row with this bead id. */
  public static List<IssueViews.Place> alsoIn(Handle h, UUID project, String beadId) {
    return h.createQuery("""
        SELECT repo, branch FROM beads.issues WHERE project_id = :p AND bead_id = :b AND deleted_at IS NULL
         ORDER BY repo, branch
        """).bind("p", project).bind("b", beadId)
        .map((rs, c) -> new IssueViews.Place(rs.getString("repo"), rs.getString("branch"))).list();
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

  /** The parameters of the ready list (spec 40 §5.5, spec 60 §5.6); null = no filter. */
  public record ReadyQuery(UUID project, UUID caller, String repo, String branch, int limit, String assignee,
                           boolean unassigned, List<String> labels, List<String> types, Integer priority, String sort,
                           boolean includeClaimed, boolean includeEphemeral, Long under, Instant now) {
    /** The same query under {@code under} (null: anywhere), at {@code now}. */
    public ReadyQuery at(Long under, Instant now) {
      return new ReadyQuery(project, caller, repo, branch, limit, assignee, unassigned, labels, types, priority, sort,
          includeClaimed, includeEphemeral, under, now);
    }
  }

  /** A ready row and the other workspace's claim on it, if any. */
  public record ReadyRow(Row row, String claimedByWorkspace, String claimedByAlias) {
  }

  /**
   * Rules 1–6 of spec 60 §4.6 as one query over the live rows and their materialised state (the
   * clock-dependent deferral and the caller-dependent claims are applied here, at read time).
   */
  public static List<ReadyRow> ready(Handle h, ReadyQuery r) {
    // Others' claims (active or unexpired pending): an anti-join, unless the caller asked to see them.
    String claim = """
        SELECT c.workspace_id::text AS workspace_id, c.alias FROM server.bead_claims c
         WHERE c.project_id = :p AND c.repo = i.repo AND c.bead_id = i.bead_id
           AND (c.state = 'active' OR c.expires_at > :now)
           AND (CAST(:caller AS uuid) IS NULL OR c.workspace_id <> CAST(:caller AS uuid))
        """;
    StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(r.includeClaimed()
        ? ", cl.workspace_id AS cl_ws, cl.alias AS cl_alias" + FROM
          + " LEFT JOIN LATERAL (" + claim + " ORDER BY c.claimed_at LIMIT 1) cl ON true"
        : ", NULL AS cl_ws, NULL AS cl_alias" + FROM).append("""
         WHERE i.project_id = :p AND i.deleted_at IS NULL AND (i.expires_at IS NULL OR i.expires_at > :now)
           AND i.status = 'open' AND NOT i.pinned AND NOT i.is_template AND NOT ('template' = ANY(i.labels))
           AND (:eph OR NOT i.ephemeral) AND NOT i.is_mail AND NOT (i.issue_type = ANY(:infraTypes))
           AND NOT (i.labels && CAST(:infraLabels AS text[]))
           AND NOT COALESCE(st.blocked, false) AND NOT COALESCE(st.ancestor_deferred, false)
           AND (st.defer_max IS NULL OR st.defer_max <= :now)
        """);
    and(sql, !r.includeClaimed(), " AND NOT EXISTS (" + claim + ")");
    and(sql, r.repo() != null, " AND i.repo = :repo");
    and(sql, r.branch() != null, " AND i.branch = :branch");
    and(sql, r.types() != null, " AND i.issue_type = ANY(:types)");
    and(sql, r.labels() != null && !r.labels().isEmpty(), " AND i.labels @> CAST(:labels AS text[])");
    and(sql, r.assignee() != null, " AND i.assignee = :assignee");
    and(sql, r.unassigned(), " AND (i.assignee IS NULL OR i.assignee = '')");
    and(sql, r.priority() != null, " AND i.priority = :priority");
    and(sql, r.under() != null, """
         AND i.id IN (WITH RECURSIVE d(id) AS (
                        SELECT ip.child_id FROM beads.issue_parents ip WHERE ip.parent_id = :under
                        UNION SELECT ip.child_id FROM d CROSS JOIN LATERAL (
                          SELECT child_id FROM beads.issue_parents WHERE parent_id = d.id OFFSET 0) ip)
                      SELECT id FROM d)
        """);
    String ties = ", i.bead_id, i.repo, i.branch";
    sql.append(switch (r.sort()) {
      case "oldest" -> " ORDER BY i.created_at NULLS LAST" + ties;
      case "hybrid" -> " ORDER BY COALESCE(i.created_at > :recent, false) DESC,"
          + " CASE WHEN COALESCE(i.created_at > :recent, false) THEN i.priority END, i.created_at NULLS LAST" + ties;
      default -> " ORDER BY i.priority" + ties;
    }).append(" LIMIT :limit");
    var q = h.createQuery(sql.toString()).bind("p", r.project()).bind("now", IssueStore.odt(r.now()))
        .bind("caller", r.caller()).bind("eph", r.includeEphemeral()).bind("limit", r.limit())
        .bind("infraTypes", Graph.INFRA_TYPES.toArray(new String[0]))
        .bind("infraLabels", Graph.INFRA_LABELS.toArray(new String[0]));
    // Parameters of a filter not given are bound but unused.
    q.bind("repo", r.repo()).bind("branch", r.branch()).bind("types", arr(r.types())).bind("labels", arr(r.labels()))
        .bind("assignee", r.assignee()).bind("priority", r.priority()).bind("under", r.under())
        .bind("recent", IssueStore.odt(r.now().minusSeconds(48 * 3600)));
    return q.map((rs, c) -> new ReadyRow(map(rs, false), rs.getString("cl_ws"), rs.getString("cl_alias"))).list();
  }

  public static Optional<Instant> lastSync(Handle h, UUID project, String repo) {
    return h.createQuery("""
        SELECT max(last_sync_at) FROM beads.sync_state WHERE project_id = :p AND (CAST(:r AS text) IS NULL OR repo = :r)
        """).bind("p", project).bind("r", repo).mapTo(OffsetDateTime.class).findOne().map(OffsetDateTime::toInstant);
  }

}
