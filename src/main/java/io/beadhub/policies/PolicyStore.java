package io.beadhub.policies;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL for server.project_policies, the project's active-policy pointer and the policy audit rows. */
final class PolicyStore {
  /** The live project row as seen under its lock. */
  record LockedProject(UUID id, UUID activePolicyId) {
  }

  /** A history item. */
  record HistoryRow(UUID policyId, int version, Instant createdAt, UUID createdByWorkspaceId) {
  }

  private static final String COLUMNS = """
      policy_id, project_id, version, bundle_json::text AS bundle, created_by_workspace_id, created_at, updated_at
      """;

  private PolicyStore() {
  }

  private static PolicyRow map(ResultSet rs) throws SQLException {
    return new PolicyRow(rs.getObject("policy_id", UUID.class), rs.getObject("project_id", UUID.class),
        rs.getInt("version"), (ObjectNode) Json.tree(rs.getString("bundle")),
        rs.getObject("created_by_workspace_id", UUID.class), instant(rs, "created_at"), instant(rs, "updated_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /**
   * Creates the domain row of a project that has only its identity record (projects carried over
   * from a repo-less init, spec 50 §1). A deleted row stays deleted.
   */
  static void ensureProjectRow(Handle h, UUID projectId) {
    h.createUpdate("""
            INSERT INTO server.projects (id, slug, name, tenant_id)
            SELECT project_id, slug, name, tenant_id FROM aweb.projects
             WHERE project_id = :id AND deleted_at IS NULL
            ON CONFLICT DO NOTHING
            """)
        .bind("id", projectId).execute();
  }

  /** The active policy id of a live project, without locking; empty when the project is not live. */
  static Optional<Optional<UUID>> activeId(Handle h, UUID projectId) {
    return h.createQuery("SELECT active_policy_id FROM server.projects WHERE id = :id AND deleted_at IS NULL")
        .bind("id", projectId)
        .map((rs, c) -> Optional.ofNullable(rs.getObject(1, UUID.class))).findOne();
  }

  /**
   * Locks the live project row for version allocation. NO KEY UPDATE serialises policy writers
   * without blocking inserts elsewhere that only reference the project (FK checks take KEY SHARE).
   */
  static Optional<LockedProject> lock(Handle h, UUID projectId) {
    return h.createQuery("""
            SELECT id, active_policy_id FROM server.projects
             WHERE id = :id AND deleted_at IS NULL
               FOR NO KEY UPDATE
            """)
        .bind("id", projectId)
        .map((rs, c) -> new LockedProject(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).findOne();
  }

  static int nextVersion(Handle h, UUID projectId) {
    return h.createQuery("SELECT COALESCE(MAX(version), 0) + 1 FROM server.project_policies WHERE project_id = :id")
        .bind("id", projectId).mapTo(Integer.class).one();
  }

  static PolicyRow insert(Handle h, UUID projectId, int version, ObjectNode bundle, UUID createdBy, Instant now) {
    OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    return h.createQuery("""
            INSERT INTO server.project_policies (project_id, version, bundle_json, created_by_workspace_id,
                                                 created_at, updated_at)
            VALUES (:project, :version, CAST(:bundle AS jsonb), :createdBy, :at, :at)
            RETURNING
            """ + COLUMNS)
        .bind("project", projectId).bind("version", version).bind("bundle", bundle.toString())
        .bind("createdBy", createdBy).bind("at", at)
        .map((rs, c) -> map(rs)).one();
  }

  /** A version of the given project; another project's version is absent. */
  static Optional<PolicyRow> find(Handle h, UUID projectId, UUID policyId) {
    return h.createQuery("SELECT " + COLUMNS + " FROM server.project_policies WHERE policy_id = :id AND project_id = :project")
        .bind("id", policyId).bind("project", projectId).map((rs, c) -> map(rs)).findOne();
  }

  static void setActive(Handle h, UUID projectId, UUID policyId) {
    h.createUpdate("UPDATE server.projects SET active_policy_id = :policy WHERE id = :id")
        .bind("policy", policyId).bind("id", projectId).execute();
  }

  static List<HistoryRow> history(Handle h, UUID projectId, int limit) {
    return h.createQuery("""
            SELECT policy_id, version, created_at, created_by_workspace_id
              FROM server.project_policies
             WHERE project_id = :project
             ORDER BY version DESC
             LIMIT :limit
            """)
        .bind("project", projectId).bind("limit", limit)
        .map((rs, c) -> new HistoryRow(rs.getObject(1, UUID.class), rs.getInt(2), instant(rs, "created_at"),
            rs.getObject(4, UUID.class)))
        .list();
  }

  /** Whether {@code workspaceId} is a live workspace of the project. */
  static boolean liveWorkspace(Handle h, UUID projectId, UUID workspaceId) {
    return h.createQuery("""
            SELECT EXISTS (SELECT 1 FROM server.workspaces
                            WHERE workspace_id = :ws AND project_id = :project AND deleted_at IS NULL)
            """)
        .bind("ws", workspaceId).bind("project", projectId).mapTo(Boolean.class).one();
  }

  static void audit(Handle h, UUID projectId, UUID workspaceId, String eventType, Map<String, ?> details,
                    Instant now) {
    h.createUpdate("""
            INSERT INTO server.audit_log (project_id, workspace_id, event_type, details, created_at)
            VALUES (:project, :ws, :type, CAST(:details AS jsonb), :at)
            """)
        .bind("project", projectId).bind("ws", workspaceId).bind("type", eventType)
        .bind("details", Json.string(details)).bind("at", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
        .execute();
  }
}
