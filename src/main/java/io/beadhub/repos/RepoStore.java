package io.beadhub.repos;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL for server.repos. */
public final class RepoStore {
  public record Repo(UUID id, UUID projectId, String originUrl, String canonicalOrigin, String name,
                     OffsetDateTime createdAt, OffsetDateTime deletedAt) {
  }

  /** The result of an upsert: the row and whether it was inserted. */
  public record Upserted(Repo repo, boolean created) {
  }

  private RepoStore() {
  }

  private static Repo map(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Repo(rs.getObject("id", UUID.class), rs.getObject("project_id", UUID.class),
        rs.getString("origin_url"), rs.getString("canonical_origin"), rs.getString("name"),
        rs.getObject("created_at", OffsetDateTime.class), rs.getObject("deleted_at", OffsetDateTime.class));
  }

  /** Registers (or revives) {@code (project, canonical)}; the raw origin is stored as last registered. */
  public static Upserted upsert(Handle h, UUID projectId, String originUrl, String canonical) {
    return h.createQuery("""
            INSERT INTO server.repos (project_id, origin_url, canonical_origin, name)
            VALUES (:project, :origin, :canonical, :name)
            ON CONFLICT (project_id, canonical_origin)
              DO UPDATE SET origin_url = EXCLUDED.origin_url, deleted_at = NULL
            RETURNING id, project_id, origin_url, canonical_origin, name, created_at, deleted_at, (xmax = 0) AS created
            """)
        .bind("project", projectId).bind("origin", originUrl).bind("canonical", canonical)
        .bind("name", GitUrl.name(canonical))
        .map((rs, c) -> new Upserted(map(rs), rs.getBoolean("created")))
        .one();
  }

  public static Optional<Repo> find(Handle h, UUID id) {
    return h.createQuery("""
            SELECT id, project_id, origin_url, canonical_origin, name, created_at, deleted_at
              FROM server.repos WHERE id = :id
            """)
        .bind("id", id).map((rs, c) -> map(rs)).findOne();
  }

  /** The slug of the first (by slug) live project that has a live repo with that canonical origin. */
  public static Optional<String> projectSlugOfOrigin(Handle h, String canonical) {
    return h.createQuery("""
            SELECT p.slug FROM server.repos r JOIN server.projects p ON p.id = r.project_id
             WHERE r.canonical_origin = :canonical AND r.deleted_at IS NULL AND p.deleted_at IS NULL
             ORDER BY p.slug COLLATE "C" LIMIT 1
            """)
        .bind("canonical", canonical).mapTo(String.class).findOne();
  }

  /** A live repo of a live project (repo lookups and name suggestions, spec 30 §2.1, §3.1). */
  public record Candidate(UUID repoId, UUID projectId, String projectSlug, String canonicalOrigin, String name) {
  }

  /** Live repos with that canonical origin in live projects, ordered by project slug (idx_repos_canonical_live). */
  public static List<Candidate> candidates(Handle h, String canonical) {
    return h.createQuery("""
            SELECT r.id, r.project_id, p.slug, r.canonical_origin, r.name
              FROM server.repos r JOIN server.projects p ON p.id = r.project_id
             WHERE r.canonical_origin = :canonical AND r.deleted_at IS NULL AND p.deleted_at IS NULL
             ORDER BY p.slug COLLATE "C"
            """)
        .bind("canonical", canonical)
        .map((rs, c) -> new Candidate(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
            rs.getString(4), rs.getString(5)))
        .list();
  }

  /** The live repo of the project with that canonical origin. */
  public static Optional<UUID> liveRepoId(Handle h, UUID projectId, String canonical) {
    return h.createQuery("""
            SELECT id FROM server.repos
             WHERE project_id = :project AND canonical_origin = :canonical AND deleted_at IS NULL
            """)
        .bind("project", projectId).bind("canonical", canonical).mapTo(UUID.class).findOne();
  }

  /** A page of the project's live repos ordered (created_at, id), with live workspace counts. */
  public record Listed(UUID id, UUID projectId, String canonicalOrigin, String name, OffsetDateTime createdAt,
                       long workspaceCount) {
  }

  /** A cursor without an id compares with the greatest UUID, above every id: "strictly newer". */
  public static List<Listed> list(Handle h, UUID projectId, PageCursor after, int limit) {
    return h.createQuery("""
            SELECT r.id, r.project_id, r.canonical_origin, r.name, r.created_at,
                   (SELECT count(*) FROM server.workspaces w
                     WHERE w.repo_id = r.id AND w.deleted_at IS NULL) AS workspace_count
              FROM server.repos r
             WHERE r.project_id = :project AND r.deleted_at IS NULL
               AND (CAST(:afterCreated AS timestamptz) IS NULL OR (r.created_at, r.id)
                    > (:afterCreated, coalesce(:afterId, CAST('ffffffff-ffff-ffff-ffff-ffffffffffff' AS uuid))))
             ORDER BY r.created_at, r.id
             LIMIT :limit
            """)
        .bind("project", projectId).bind("afterCreated", after == null ? null : after.at())
        .bind("afterId", after == null ? null : after.id()).bind("limit", limit)
        .map((rs, c) -> new Listed(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
            rs.getString(4), rs.getObject(5, OffsetDateTime.class), rs.getLong(6))).list();
  }

  /** Live workspaces of a repo (the repo-delete cascade). */
  public static List<UUID> liveWorkspaces(Handle h, UUID repoId) {
    return h.createQuery("SELECT workspace_id FROM server.workspaces WHERE repo_id = :id AND deleted_at IS NULL")
        .bind("id", repoId).mapTo(UUID.class).list();
  }

  /** Soft-deletes a live repo; false when it was not live. */
  public static boolean softDelete(Handle h, UUID repoId, Instant now) {
    return h.createUpdate("UPDATE server.repos SET deleted_at = :now WHERE id = :id AND deleted_at IS NULL")
        .bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).bind("id", repoId).execute() == 1;
  }

  /** How many claims these workspaces hold. */
  public static int claimCount(Handle h, List<UUID> workspaceIds) {
    if (workspaceIds.isEmpty()) {
      return 0;
    }
    return h.createQuery("SELECT count(*) FROM server.bead_claims WHERE workspace_id = ANY(:ids)")
        .bind("ids", workspaceIds.toArray(new UUID[0])).mapTo(Integer.class).one();
  }
}
