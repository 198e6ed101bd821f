package io.beadhub.projects;

import io.beadhub.names.Names;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL for projects and namespaces, on both sides (aweb.projects and server.projects). */
public final class ProjectStore {
  /** A live aweb project with its namespace slug (null when it has none). */
  public record Project(UUID projectId, String slug, String name, UUID tenantId, UUID namespaceId,
                        String namespaceSlug) {
  }

  private static final String SELECT = """
      SELECT p.project_id, p.slug, p.name, p.tenant_id, p.namespace_id, n.slug AS ns_slug
        FROM aweb.projects p
        LEFT JOIN aweb.namespaces n ON n.namespace_id = p.namespace_id AND n.deleted_at IS NULL
      """;

  private ProjectStore() {
  }

  private static Project map(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Project(rs.getObject("project_id", UUID.class), rs.getString("slug"), rs.getString("name"),
        rs.getObject("tenant_id", UUID.class), rs.getObject("namespace_id", UUID.class), rs.getString("ns_slug"));
  }

  /**
   * The project's slug, for event envelopes and views: the domain row's, else the protocol row's, else
   * {@code ""} (a project known to authentication only, 30 §6.1).
   */
  public static String slug(Handle h, UUID projectId) {
    return h.createQuery("""
            SELECT coalesce((SELECT slug FROM server.projects WHERE id = :id),
                            (SELECT slug FROM aweb.projects WHERE project_id = :id), '')
            """)
        .bind("id", projectId).mapTo(String.class).one();
  }

  public static Optional<Project> findLive(Handle h, UUID projectId) {
    return h.createQuery(SELECT + " WHERE p.project_id = :id AND p.deleted_at IS NULL")
        .bind("id", projectId).map((rs, c) -> map(rs)).findOne();
  }

  /** The live single-tenant project with that slug. */
  public static Optional<Project> findLiveBySlug(Handle h, String slug) {
    return h.createQuery(SELECT + " WHERE p.slug = :slug AND p.tenant_id IS NULL AND p.deleted_at IS NULL")
        .bind("slug", slug).map((rs, c) -> map(rs)).findOne();
  }

  /**
   * Finds or creates the live single-tenant aweb project with {@code slug} (race-safe), giving it a
   * namespace if it has none.
   */
  public static Project ensure(Handle h, UUID wantedId, String slug, String name, UUID tenantId) {
    Optional<Project> found = tenantId == null && wantedId == null ? findLiveBySlug(h, slug)
        : (wantedId == null ? Optional.empty() : findLive(h, wantedId));
    if (found.isEmpty()) {
      UUID id = wantedId != null ? wantedId : UUID.randomUUID();
      int inserted = h.createUpdate("""
              INSERT INTO aweb.projects (project_id, slug, name, tenant_id)
              VALUES (:id, :slug, :name, :tenant)
              ON CONFLICT DO NOTHING
              """)
          .bind("id", id).bind("slug", slug).bind("name", name).bind("tenant", tenantId).execute();
      found = inserted == 1 ? findLive(h, id) : findLiveBySlug(h, slug);
    }
    Project p = found.orElseThrow(() -> new IllegalStateException("project " + slug + " vanished"));
    if (p.namespaceId() == null || p.namespaceSlug() == null) {
      assignNamespace(h, p.projectId(), p.slug());
      p = findLive(h, p.projectId()).orElseThrow();
    }
    return p;
  }

  /**
   * Gives the project a namespace derived from its slug; a slug whose namespace belongs to another
   * live project gets {@code -2}, {@code -3}, … (spec 10 §3.1).
   */
  static void assignNamespace(Handle h, UUID projectId, String projectSlug) {
    String base = Names.namespaceBase(projectSlug);
    for (int n = 1; ; n++) {
      String suffix = n == 1 ? "" : "-" + n;
      String candidate = Names.cut(base, 64 - suffix.length()) + suffix;
      h.createUpdate("INSERT INTO aweb.namespaces (slug) VALUES (:slug) ON CONFLICT DO NOTHING")
          .bind("slug", candidate).execute();
      UUID nsId = h.createQuery("SELECT namespace_id FROM aweb.namespaces WHERE slug = :slug AND deleted_at IS NULL")
          .bind("slug", candidate).mapTo(UUID.class).one();
      boolean taken = h.createQuery("""
              SELECT EXISTS (SELECT 1 FROM aweb.projects
                              WHERE namespace_id = :ns AND deleted_at IS NULL AND project_id <> :id)
              """)
          .bind("ns", nsId).bind("id", projectId).mapTo(Boolean.class).one();
      if (!taken) {
        h.createUpdate("UPDATE aweb.projects SET namespace_id = :ns WHERE project_id = :id")
            .bind("ns", nsId).bind("id", projectId).execute();
        return;
      }
    }
  }

  /** Keeps server.projects in step with aweb.projects (spec 30 §10.4). */
  public static void upsertServerProject(Handle h, UUID id, String slug, String name, UUID tenantId) {
    h.createUpdate("""
            INSERT INTO server.projects (id, slug, name, tenant_id)
            VALUES (:id, :slug, :name, :tenant)
            ON CONFLICT (id) DO UPDATE SET slug = EXCLUDED.slug, name = EXCLUDED.name, deleted_at = NULL
            """)
        .bind("id", id).bind("slug", slug).bind("name", name).bind("tenant", tenantId).execute();
  }

  /** A live server.projects row: (slug, tenant_id). */
  public record ServerProject(UUID id, String slug, String name, UUID tenantId) {
  }

  public static Optional<ServerProject> findLiveServerProject(Handle h, UUID id) {
    return h.createQuery("SELECT id, slug, name, tenant_id FROM server.projects WHERE id = :id AND deleted_at IS NULL")
        .bind("id", id)
        .map((rs, c) -> new ServerProject(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
            rs.getObject(4, UUID.class)))
        .findOne();
  }
}
