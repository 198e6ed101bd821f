package io.beadhub.repos;

import java.time.OffsetDateTime;
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
}
