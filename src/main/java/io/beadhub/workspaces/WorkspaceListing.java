package io.beadhub.workspaces;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The read SQL of the workspace listings (spec 30 §2.4, §2.5, §2.7, §6): rows with their project slug
 * and live repo, filtered by the caller's project (idx_workspaces_project_updated).
 */
public final class WorkspaceListing {
  private static final String FROM = "SELECT " + WorkspaceStore.COLUMNS + """
      , p.slug AS project_slug, r.canonical_origin AS repo
        FROM server.workspaces w
        JOIN server.projects p ON p.id = w.project_id AND p.deleted_at IS NULL
        LEFT JOIN server.repos r ON r.id = w.repo_id AND r.deleted_at IS NULL
       WHERE w.project_id = :project
      """;

  /** Optional filters; null = absent. {@code afterUpdated}/{@code afterId} are the cursor keys. */
  public record Filter(String humanName, String repo, String alias, String hostname, boolean includeDeleted,
                       OffsetDateTime afterUpdated, UUID afterId) {
    public static Filter live() {
      return new Filter(null, null, null, null, false, null, null);
    }
  }

  private WorkspaceListing() {
  }

  static WorkspaceInfo.Row map(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new WorkspaceInfo.Row(WorkspaceStore.map(rs), rs.getString("project_slug"), rs.getString("repo"));
  }

  /** A page ordered {@code updated_at DESC, workspace_id DESC}, at most {@code limit} rows. */
  public static List<WorkspaceInfo.Row> list(Handle h, UUID projectId, Filter f, int limit) {
    StringBuilder sql = new StringBuilder(FROM);
    Map<String, Object> binds = new LinkedHashMap<>();
    binds.put("project", projectId);
    if (!f.includeDeleted()) {
      sql.append(" AND w.deleted_at IS NULL");
    }
    add(sql, binds, "w.human_name = :human", "human", f.humanName());
    add(sql, binds, "r.canonical_origin = :repo", "repo", f.repo());
    add(sql, binds, "w.alias = :alias", "alias", f.alias());
    add(sql, binds, "w.hostname = :hostname", "hostname", f.hostname());
    if (f.afterUpdated() != null && f.afterId() != null) {
      sql.append(" AND (w.updated_at, w.workspace_id) < (:cu, :ci)");
      binds.put("cu", f.afterUpdated());
      binds.put("ci", f.afterId());
    } else if (f.afterUpdated() != null) {
      sql.append(" AND w.updated_at < :cu");
      binds.put("cu", f.afterUpdated());
    }
    sql.append(" ORDER BY w.updated_at DESC, w.workspace_id DESC LIMIT :limit");
    binds.put("limit", limit);
    Query q = h.createQuery(sql.toString());
    binds.forEach(q::bind);
    return q.map((rs, c) -> map(rs)).list();
  }

  private static void add(StringBuilder sql, Map<String, Object> binds, String cond, String name, Object v) {
    if (v != null) {
      sql.append(" AND ").append(cond);
      binds.put(name, v);
    }
  }

  /** One workspace of the project, deleted or not. */
  public static Optional<WorkspaceInfo.Row> one(Handle h, UUID projectId, UUID workspaceId) {
    return h.createQuery(FROM + " AND w.workspace_id = :id")
        .bind("project", projectId).bind("id", workspaceId).map((rs, c) -> map(rs)).findOne();
  }

  /**
   * Team candidates (spec 30 §2.5 step 1): live workspaces with their claim count and newest claim
   * time, ordered has-claims, last_seen_at, newest claim, alias.
   */
  public record TeamRow(WorkspaceInfo.Row row, long claimCount, OffsetDateTime newestClaim) {
  }

  public static List<TeamRow> team(Handle h, UUID projectId, String humanName, String repo, boolean onlyWithClaims,
                                    UUID forced, int limit) {
    StringBuilder sql = new StringBuilder("""
        SELECT * FROM (
          SELECT x.*, coalesce(c.n, 0) AS claim_count, c.newest AS newest_claim FROM (
        """).append(FROM).append(" AND w.deleted_at IS NULL");
    Map<String, Object> binds = new LinkedHashMap<>();
    binds.put("project", projectId);
    add(sql, binds, "w.human_name = :human", "human", humanName);
    add(sql, binds, "r.canonical_origin = :repo", "repo", repo);
    sql.append("""
          ) x
          LEFT JOIN LATERAL (SELECT count(*) AS n, max(b.claimed_at) AS newest FROM server.bead_claims b
                              WHERE b.workspace_id = x.workspace_id AND b.state = 'active') c ON true
        ) t
        """);
    String order = " ORDER BY (claim_count > 0) DESC, last_seen_at DESC NULLS LAST, newest_claim DESC NULLS LAST,"
        + " alias COLLATE \"C\" ASC";
    String main = sql + (onlyWithClaims ? " WHERE claim_count > 0" : "") + order + " LIMIT :limit";
    binds.put("limit", limit);
    List<TeamRow> rows = new ArrayList<>(query(h, main, binds));
    if (forced != null && rows.stream().noneMatch(r -> r.row().w().workspaceId().equals(forced))) {
      binds.remove("limit");
      binds.put("forced", forced);
      rows.addAll(query(h, sql + " WHERE workspace_id = :forced", binds));
    }
    return rows;
  }

  private static List<TeamRow> query(Handle h, String sql, Map<String, Object> binds) {
    Query q = h.createQuery(sql);
    binds.forEach(q::bind);
    return q.map((rs, c) -> new TeamRow(map(rs), rs.getLong("claim_count"),
        rs.getObject("newest_claim", OffsetDateTime.class))).list();
  }

}
