package io.beadhub.workspaces;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The read SQL of the workspace listings (spec 30 §2.4, §2.5, §2.7, §6): rows with their project slug
 * and live repo, filtered by the caller's project (idx_workspaces_project_updated).
 */
public final class WorkspaceListingStore {
  private static final String OF_PROJECT = "SELECT " + WorkspaceStore.COLUMNS + """
      , p.slug AS project_slug, r.canonical_origin AS repo
        FROM server.workspaces w
        JOIN server.projects p ON p.id = w.project_id AND p.deleted_at IS NULL
        LEFT JOIN server.repos r ON r.id = w.repo_id AND r.deleted_at IS NULL
       WHERE w.project_id = :project
      """;

  private static final String FROM = OF_PROJECT + """
         AND (CAST(:humanName AS text) IS NULL OR w.human_name = :humanName)
         AND (CAST(:repo AS text) IS NULL OR r.canonical_origin = :repo)
      """;

  /** A cursor without an id compares with the nil UUID, below every id: "strictly older". */
  private static final String LIST = FROM + """
         AND (:includeDeleted OR w.deleted_at IS NULL)
         AND (CAST(:alias AS text) IS NULL OR w.alias = :alias)
         AND (CAST(:hostname AS text) IS NULL OR w.hostname = :hostname)
         AND (CAST(:afterUpdated AS timestamptz) IS NULL OR (w.updated_at, w.workspace_id)
              < (:afterUpdated, coalesce(:afterId, CAST('00000000-0000-0000-0000-000000000000' AS uuid))))
       ORDER BY w.updated_at DESC, w.workspace_id DESC
       LIMIT :limit
      """;

  private static final String ONE = OF_PROJECT + " AND w.workspace_id = :id";

  /** Live workspaces of the team listing with their active claim count and newest claim time. */
  private static final String TEAM = """
      SELECT * FROM (
        SELECT x.*, coalesce(c.n, 0) AS claim_count, c.newest AS newest_claim FROM (
      """ + FROM + """
           AND w.deleted_at IS NULL
        ) x
        LEFT JOIN LATERAL (SELECT count(*) AS n, max(b.claimed_at) AS newest FROM server.bead_claims b
                            WHERE b.workspace_id = x.workspace_id AND b.state = 'active') c ON true
      ) t
      """;

  private static final String TEAM_PAGE = TEAM + """
       WHERE (NOT :onlyWithClaims OR claim_count > 0)
       ORDER BY (claim_count > 0) DESC, last_seen_at DESC NULLS LAST, newest_claim DESC NULLS LAST,
                alias COLLATE "C" ASC
       LIMIT :limit
      """;

  private static final String TEAM_ONE = TEAM + " WHERE workspace_id = :forced";

  private WorkspaceListingStore() {
  }

  private static WorkspaceInfo.Row row(ResultSet rs) throws SQLException {
    return new WorkspaceInfo.Row(WorkspaceStore.map(rs), rs.getString("project_slug"), rs.getString("repo"));
  }

  /** A page ordered {@code updated_at DESC, workspace_id DESC}, at most {@code limit} rows. */
  public static List<WorkspaceInfo.Row> list(Handle h, UUID projectId, WorkspaceFilter f, int limit) {
    return h.createQuery(LIST).bindMethods(f).bind("project", projectId)
        .bind("limit", limit).map((rs, c) -> row(rs)).list();
  }

  /** One workspace of the project, deleted or not. */
  public static Optional<WorkspaceInfo.Row> one(Handle h, UUID projectId, UUID workspaceId) {
    return h.createQuery(ONE).bind("project", projectId).bind("id", workspaceId).map((rs, c) -> row(rs)).findOne();
  }

  /** A team candidate: the row with its active claim count and newest claim time. */
  public record TeamRow(WorkspaceInfo.Row row, long claimCount, OffsetDateTime newestClaim) {
  }

  /**
   * Team candidates (spec 30 §2.5 step 1): live workspaces of the human and repo (null: any), ordered
   * has-claims, last_seen_at, newest claim, alias; {@code forced} is added when the page lacks it.
   */
  public static List<TeamRow> team(Handle h, UUID projectId, String humanName, String repo, boolean onlyWithClaims,
                                   UUID forced, int limit) {
    List<TeamRow> rows = new ArrayList<>(h.createQuery(TEAM_PAGE).bind("project", projectId)
        .bind("humanName", humanName).bind("repo", repo).bind("onlyWithClaims", onlyWithClaims)
        .bind("limit", limit).map((rs, c) -> teamRow(rs)).list());
    if (forced != null && rows.stream().noneMatch(r -> r.row().w().workspaceId().equals(forced))) {
      rows.addAll(h.createQuery(TEAM_ONE).bind("project", projectId).bind("humanName", humanName)
          .bind("repo", repo).bind("forced", forced).map((rs, c) -> teamRow(rs)).list());
    }
    return rows;
  }

  private static TeamRow teamRow(ResultSet rs) throws SQLException {
    return new TeamRow(row(rs), rs.getLong("claim_count"), rs.getObject("newest_claim", OffsetDateTime.class));
  }
}
