package io.beadhub.dashboard;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL of the dashboard's own routes: its workspace, and the project-wide view of chat sessions. */
final class DashboardStore {
  /** A live workspace holding an alias: what the identity route needs to decide get, create or refuse. */
  record AliasHolder(UUID workspaceId, String workspaceType, String humanName) {
  }

  /** One session of the admin list, before its participants are added. */
  record SessionRow(UUID sessionId, OffsetDateTime lastActivity, String lastMessage, String lastFrom,
                    long messageCount) {
  }

  record ParticipantRow(UUID sessionId, UUID workspaceId, String alias) {
  }

  /** A message with each other participant's delivery state, aliases and states in the same order. */
  record MessageRow(UUID messageId, String fromAgent, String body, OffsetDateTime createdAt, List<String> recipients,
                    List<String> states) {
  }

  /** An agent with unread mail: how much, and how much of it is high or urgent. */
  record AttentionRow(String alias, long unreadMail, long urgentMail) {
  }

  private DashboardStore() {
  }

  /** The project's live agents with unread mail, by alias (idx_messages_unread_recent). */
  static List<AttentionRow> attention(Handle h, UUID projectId) {
    return h.createQuery("""
            SELECT a.alias, count(*) AS unread,
                   count(*) FILTER (WHERE m.priority IN ('high', 'urgent')) AS urgent
              FROM aweb.messages m JOIN aweb.agents a ON a.agent_id = m.to_agent_id
             WHERE m.project_id = :p AND m.read_at IS NULL AND a.deleted_at IS NULL
             GROUP BY a.alias ORDER BY a.alias
            """)
        .bind("p", projectId)
        .map((rs, c) -> new AttentionRow(rs.getString(1), rs.getLong(2), rs.getLong(3))).list();
  }

  static Optional<AliasHolder> liveWorkspaceWithAlias(Handle h, UUID projectId, String alias) {
    return h.createQuery("""
            SELECT workspace_id, workspace_type, human_name FROM server.workspaces
             WHERE project_id = :project AND alias = :alias AND deleted_at IS NULL
            """)
        .bind("project", projectId).bind("alias", alias)
        .map((rs, c) -> new AliasHolder(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
        .findOne();
  }

  static void setHumanName(Handle h, UUID workspaceId, String humanName) {
    h.createUpdate("UPDATE server.workspaces SET human_name = :human WHERE workspace_id = :id AND human_name <> :human")
        .bind("human", humanName).bind("id", workspaceId).execute();
  }

  /** A live dashboard workspace of the project. */
  static boolean isDashboardWorkspace(Handle h, UUID projectId, UUID workspaceId) {
    return h.createQuery("""
            SELECT EXISTS (SELECT 1 FROM server.workspaces
                            WHERE workspace_id = :id AND project_id = :project AND deleted_at IS NULL
                              AND workspace_type = 'dashboard')
            """)
        .bind("id", workspaceId).bind("project", projectId).mapTo(Boolean.class).one();
  }

  static boolean sessionInProject(Handle h, UUID projectId, UUID sessionId) {
    return h.createQuery("""
            SELECT EXISTS (SELECT 1 FROM aweb.chat_sessions WHERE session_id = :s AND project_id = :project)
            """)
        .bind("s", sessionId).bind("project", projectId).mapTo(Boolean.class).one();
  }

  /**
   * A page of the project's sessions, newest activity (last message, else creation) first; {@code after}
   * is the last row of the previous page. One row more than {@code limit} tells that another page exists.
   */
  static List<SessionRow> sessions(Handle h, UUID projectId, SessionCursor after, int limit) {
    return h.createQuery("""
            SELECT session_id, last_activity, last_body, last_from, message_count FROM (
              SELECT s.session_id, coalesce(last.created_at, s.created_at) AS last_activity,
                     last.body AS last_body, last.from_alias AS last_from,
                     (SELECT count(*) FROM aweb.chat_messages m WHERE m.session_id = s.session_id) AS message_count
                FROM aweb.chat_sessions s
                LEFT JOIN LATERAL (
                  SELECT m.body, m.from_alias, m.created_at FROM aweb.chat_messages m
                   WHERE m.session_id = s.session_id ORDER BY m.seq DESC LIMIT 1) last ON true
               WHERE s.project_id = :project
            ) page
             WHERE CAST(:afterAt AS timestamptz) IS NULL
                OR (last_activity, session_id) < (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid))
             ORDER BY last_activity DESC, session_id DESC
             LIMIT :limit
            """)
        .bind("project", projectId)
        .bind("afterAt", after == null ? null : after.lastActivity())
        .bind("afterId", after == null ? null : after.sessionId())
        .bind("limit", limit + 1)
        .map((rs, c) -> new SessionRow(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class),
            rs.getString(3), rs.getString(4), rs.getLong(5)))
        .list();
  }

  static List<ParticipantRow> participants(Handle h, List<UUID> sessionIds) {
    if (sessionIds.isEmpty()) {
      return List.of();
    }
    return h.createQuery("""
            SELECT session_id, agent_id, alias FROM aweb.chat_session_participants
             WHERE session_id = ANY(:ids) ORDER BY joined_at, alias COLLATE "C"
            """)
        .bind("ids", sessionIds.toArray(new UUID[0]))
        .map((rs, c) -> new ParticipantRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)))
        .list();
  }

  /**
   * The newest {@code limit} messages of a session, oldest first, each with its delivery state per other
   * participant (docs/delivery.md): {@code seen} when its read receipt or its chat stream reached the
   * message, {@code notified} when a webhook wake covering it was accepted, else {@code stored}.
   */
  static List<MessageRow> messages(Handle h, UUID sessionId, int limit) {
    return h.createQuery("""
            WITH cur AS (
              SELECT p.agent_id, p.alias,
                     GREATEST(COALESCE(r.last_read_seq, 0), COALESCE(sm.seq, 0)) AS seen_seq
                FROM aweb.chat_session_participants p
                LEFT JOIN aweb.chat_read_receipts r ON r.session_id = p.session_id AND r.agent_id = p.agent_id
                LEFT JOIN aweb.chat_stream_seen ss ON ss.session_id = p.session_id AND ss.agent_id = p.agent_id
                LEFT JOIN aweb.chat_messages sm ON sm.message_id = ss.seen_message_id
               WHERE p.session_id = :s)
            SELECT newest.message_id, newest.from_alias, newest.body, newest.created_at, d.aliases, d.states FROM (
              SELECT message_id, from_agent_id, from_alias, body, created_at, seq FROM aweb.chat_messages
               WHERE session_id = :s ORDER BY seq DESC LIMIT :limit
            ) newest
            CROSS JOIN LATERAL (
              SELECT COALESCE(array_agg(cur.alias ORDER BY cur.alias), '{}') AS aliases,
                     COALESCE(array_agg(CASE WHEN cur.seen_seq >= newest.seq THEN 'seen'
                                  WHEN EXISTS (SELECT 1 FROM server.wake_outbox o
                                                WHERE o.agent_id = cur.agent_id AND o.status = 'sent'
                                                  AND o.window_start <= newest.created_at
                                                  AND o.window_end > newest.created_at) THEN 'notified'
                                  ELSE 'stored' END ORDER BY cur.alias), '{}') AS states
                FROM cur WHERE cur.agent_id <> newest.from_agent_id) d
            ORDER BY newest.seq
            """)
        .bind("s", sessionId).bind("limit", limit)
        .map((rs, c) -> new MessageRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
            rs.getObject(4, OffsetDateTime.class), List.of((String[]) rs.getArray(5).getArray()),
            List.of((String[]) rs.getArray(6).getArray())))
        .list();
  }

  /** Adds the participant unless present; returns when it joined ({@code now}, or its earlier join). */
  static OffsetDateTime join(Handle h, UUID sessionId, UUID agentId, String alias, OffsetDateTime now) {
    h.createUpdate("""
            INSERT INTO aweb.chat_session_participants (session_id, agent_id, alias, joined_at)
            VALUES (:s, :agent, :alias, :now)
            ON CONFLICT (session_id, agent_id) DO NOTHING
            """)
        .bind("s", sessionId).bind("agent", agentId).bind("alias", alias).bind("now", now).execute();
    return h.createQuery("""
            SELECT joined_at FROM aweb.chat_session_participants WHERE session_id = :s AND agent_id = :agent
            """)
        .bind("s", sessionId).bind("agent", agentId).mapTo(OffsetDateTime.class).one();
  }
}
