package io.beadhub.escalations;

import com.fasterxml.jackson.core.type.TypeReference;
import io.beadhub.common.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * SQL for server.escalations. Every read joins the workspace and keeps only live ones: an
 * escalation whose workspace was deleted has disappeared (spec 50 §4.1).
 */
public final class EscalationStore {
  /** The escalation's workspace when it is live and in the project: its alias. */
  record Workspace(UUID id, String alias) {
  }

  private static final String COLUMNS = """
      e.id, e.project_id, e.workspace_id, e.alias, e.member_email, e.subject, e.situation, e.options::text AS options,
      e.status, e.response, e.response_note, e.created_at, e.responded_at, e.expires_at
      """;
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
  };

  private EscalationStore() {
  }

  private static Escalation map(ResultSet rs) throws SQLException {
    String options = rs.getString("options");
    List<String> opts = options == null ? null : Json.MAPPER.convertValue(Json.tree(options), STRINGS);
    return new Escalation(rs.getObject("id", UUID.class), rs.getObject("project_id", UUID.class),
        rs.getObject("workspace_id", UUID.class), rs.getString("alias"), rs.getString("member_email"),
        rs.getString("subject"), rs.getString("situation"), opts, rs.getString("status"), rs.getString("response"),
        rs.getString("response_note"), instant(rs, "created_at"), instant(rs, "responded_at"),
        instant(rs, "expires_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime at(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  /** Expiry applied on read (spec 50 §4.1, Ours): the project's due pending escalations become expired. */
  public static int expireDue(Handle h, UUID projectId, Instant now) {
    return h.createUpdate("""
            UPDATE server.escalations SET status = 'expired'
             WHERE project_id = :project AND status = 'pending' AND expires_at <= :now
            """)
        .bind("project", projectId).bind("now", at(now)).execute();
  }

  /**
   * {@code escalations_pending} of {@code GET /v1/status} (spec 30 §6.1): expires due escalations,
   * then counts the pending ones whose workspace is live. Call it inside a transaction.
   */
  public static int pendingCount(Handle h, UUID projectId, Instant now) {
    expireDue(h, projectId, now);
    return h.createQuery("""
            SELECT count(*) FROM server.escalations e
              JOIN server.workspaces w ON w.workspace_id = e.workspace_id AND w.deleted_at IS NULL
             WHERE e.project_id = :project AND e.status = 'pending'
            """)
        .bind("project", projectId).mapTo(Integer.class).one();
  }

  static Optional<Workspace> liveWorkspace(Handle h, UUID projectId, UUID workspaceId) {
    return h.createQuery("""
            SELECT workspace_id, alias FROM server.workspaces
             WHERE workspace_id = :ws AND project_id = :project AND deleted_at IS NULL
            """)
        .bind("ws", workspaceId).bind("project", projectId)
        .map((rs, c) -> new Workspace(rs.getObject(1, UUID.class), rs.getString(2))).findOne();
  }


  /** A pending escalation (also raised by the server for a message nobody saw in time). */
  public static Escalation insert(Handle h, UUID projectId, UUID workspaceId, String alias, String memberEmail,
                           String subject, String situation, List<String> options, Instant createdAt,
                           Instant expiresAt) {
    return h.createQuery("""
            INSERT INTO server.escalations AS e (project_id, workspace_id, alias, member_email, subject, situation,
                                                 options, status, created_at, expires_at)
            VALUES (:project, :ws, :alias, :email, :subject, :situation, CAST(:options AS jsonb), 'pending',
                    :created, :expires)
            RETURNING
            """ + COLUMNS)
        .bind("project", projectId).bind("ws", workspaceId).bind("alias", alias).bind("email", memberEmail)
        .bind("subject", subject).bind("situation", situation)
        .bind("options", options == null ? null : Json.string(options))
        .bind("created", at(createdAt)).bind("expires", at(expiresAt))
        .map((rs, c) -> map(rs)).one();
  }

  /** An escalation of the project whose workspace is live. */
  static Optional<Escalation> find(Handle h, UUID projectId, UUID id) {
    return h.createQuery("SELECT " + COLUMNS + """
              FROM server.escalations e
              JOIN server.workspaces w ON w.workspace_id = e.workspace_id AND w.deleted_at IS NULL
             WHERE e.id = :id AND e.project_id = :project
            """)
        .bind("id", id).bind("project", projectId).map((rs, c) -> map(rs)).findOne();
  }

  /** Records an answer (overwriting an earlier one); empty when not found as {@link #find}. */
  static Optional<Escalation> respond(Handle h, UUID projectId, UUID id, String response, String note, Instant now) {
    return h.createQuery("""
            UPDATE server.escalations AS e
               SET status = 'responded', response = :response, response_note = :note, responded_at = :now
              FROM server.workspaces w
             WHERE e.id = :id AND e.project_id = :project
               AND w.workspace_id = e.workspace_id AND w.deleted_at IS NULL
            RETURNING
            """ + COLUMNS)
        .bind("id", id).bind("project", projectId).bind("response", response).bind("note", note)
        .bind("now", at(now)).map((rs, c) -> map(rs)).findOne();
  }

  /**
   * Newest first, {@code limit + 1} rows (the extra one says whether there is more). A cursor without an
   * id compares with the nil UUID, below every id: "strictly older".
   */
  static List<Escalation> list(Handle h, UUID projectId, EscalationFilter f) {
    return h.createQuery("SELECT " + COLUMNS + """
              FROM server.escalations e
              JOIN server.workspaces w ON w.workspace_id = e.workspace_id AND w.deleted_at IS NULL
             WHERE e.project_id = :project
               AND (CAST(:workspaceId AS uuid) IS NULL OR e.workspace_id = :workspaceId)
               AND (CAST(:repoId AS uuid) IS NULL OR w.repo_id = :repoId)
               AND (CAST(:status AS text) IS NULL OR e.status = :status)
               AND (CAST(:alias AS text) IS NULL OR e.alias = :alias)
               AND (CAST(:cursorAt AS timestamptz) IS NULL OR (e.created_at, e.id) < (:cursorAt, :cursorId))
             ORDER BY e.created_at DESC, e.id DESC
             LIMIT :rows
            """)
        .bindMethods(f).bind("project", projectId).bind("rows", f.limit() + 1)
        .bind("cursorAt", f.cursor() == null ? null : at(f.cursor().createdAt()))
        .bind("cursorId", f.cursor() == null || f.cursor().id() == null ? new UUID(0, 0) : f.cursor().id())
        .map((rs, c) -> map(rs)).list();
  }
}
