package io.beadhub.delivery;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL for tracked delivery: the consumed-through watermarks and the delivery state of one message. */
public final class DeliveryStore {
  private DeliveryStore() {
  }

  /** A mail as its sender tracks it: the recipient, its watermark and the wake that covered the mail. */
  record MailState(UUID fromAgentId, UUID toAgentId, String toAlias, OffsetDateTime createdAt,
                   OffsetDateTime readAt, OffsetDateTime seenThrough, OffsetDateTime notifiedAt) {
  }

  /** One recipient of a chat message: how far it has read the session, and the wake that covered it. */
  record ChatRecipient(UUID agentId, String alias, boolean seen, OffsetDateTime notifiedAt) {
  }

  /** A mail in its sender's sent view, with what its delivery state is made of. */
  record SentMail(UUID messageId, String subject, String priority, UUID threadId, MailState state) {
  }

  record ChatMessage(UUID sessionId, UUID fromAgentId, long seq, OffsetDateTime createdAt) {
  }

  /**
   * Moves the agent's mail watermark up to {@code through} (never down): the one write of an inbox read.
   */
  public static void markMailSeen(Handle h, UUID projectId, UUID agentId, OffsetDateTime through,
                                  OffsetDateTime now) {
    h.createUpdate("""
            INSERT INTO aweb.delivery_watermarks AS w (agent_id, project_id, mail_seen_through, updated_at)
            VALUES (:agent, :project, :through, :now)
            ON CONFLICT (agent_id) DO UPDATE
               SET mail_seen_through = EXCLUDED.mail_seen_through, updated_at = EXCLUDED.updated_at
             WHERE w.mail_seen_through < EXCLUDED.mail_seen_through
            """)
        .bind("agent", agentId).bind("project", projectId).bind("through", through).bind("now", now)
        .execute();
  }

  /**
   * Moves the agent's mail watermark up to the newest of {@code messageIds} that is mail to it in the
   * project (never down; nothing when none is): mail written to its event stream.
   */
  public static void markMailStreamed(Handle h, UUID projectId, UUID agentId, UUID[] messageIds,
                                      OffsetDateTime now) {
    h.createUpdate("""
            INSERT INTO aweb.delivery_watermarks AS w (agent_id, project_id, mail_seen_through, updated_at)
            SELECT :agent, :project, max(m.created_at), :now FROM aweb.messages m
             WHERE m.message_id = ANY(:ids) AND m.to_agent_id = :agent AND m.project_id = :project
            HAVING max(m.created_at) IS NOT NULL
            ON CONFLICT (agent_id) DO UPDATE
               SET mail_seen_through = EXCLUDED.mail_seen_through, updated_at = EXCLUDED.updated_at
             WHERE w.mail_seen_through < EXCLUDED.mail_seen_through
            """)
        .bind("agent", agentId).bind("project", projectId).bind("ids", messageIds).bind("now", now)
        .execute();
  }

  /**
   * Records that the chat message {@code messageId} (and every one before it in the session) was written to
   * the agent's chat stream; never moves back to an older message.
   */
  public static void markChatStreamed(Handle h, UUID sessionId, UUID agentId, UUID messageId, OffsetDateTime now) {
    h.createUpdate("""
            INSERT INTO aweb.chat_stream_seen AS s (session_id, agent_id, seen_message_id, seen_at)
            VALUES (:session, :agent, :message, :now)
            ON CONFLICT (session_id, agent_id) DO UPDATE
               SET seen_message_id = EXCLUDED.seen_message_id, seen_at = EXCLUDED.seen_at
             WHERE (SELECT seq FROM aweb.chat_messages WHERE message_id = s.seen_message_id)
                 < (SELECT seq FROM aweb.chat_messages WHERE message_id = EXCLUDED.seen_message_id)
            """)
        .bind("session", sessionId).bind("agent", agentId).bind("message", messageId).bind("now", now).execute();
  }

  /** Schedules the escalation of an unseen message (the send's transaction). */
  public static void scheduleEscalation(Handle h, UUID messageId, UUID projectId, String kind,
                                        OffsetDateTime escalateAt) {
    h.createUpdate("""
            INSERT INTO aweb.unseen_escalations (message_id, project_id, kind, escalate_at)
            VALUES (:id, :project, :kind, :at)
            ON CONFLICT (message_id) DO NOTHING
            """)
        .bind("id", messageId).bind("project", projectId).bind("kind", kind).bind("at", escalateAt).execute();
  }

  /**
   * What a mail's delivery state is read from: its recipient, times and read mark, the recipient's
   * watermark, and the first wake sent to the recipient whose window covers the mail.
   */
  private static final String MAIL_STATE = """
      SELECT m.message_id, m.subject, m.priority, m.thread_id, m.from_agent_id, m.to_agent_id,
             a.alias AS to_alias, m.created_at, m.read_at, w.mail_seen_through,
             (SELECT min(o.sent_at) FROM server.wake_outbox o
               WHERE o.agent_id = m.to_agent_id AND o.status = 'sent' AND o.window_end > m.created_at
                 AND o.window_start <= m.created_at) AS notified_at
        FROM aweb.messages m
        JOIN aweb.agents a ON a.agent_id = m.to_agent_id
        LEFT JOIN aweb.delivery_watermarks w ON w.agent_id = m.to_agent_id
      """;

  static Optional<MailState> mail(Handle h, UUID projectId, UUID messageId) {
    return h.createQuery(MAIL_STATE + " WHERE m.project_id = :project AND m.message_id = :id")
        .bind("project", projectId).bind("id", messageId)
        .map((rs, c) -> mailState(rs))
        .findOne();
  }

  /** The newest mail the agent sent, newest first (idx_messages_sent). */
  static List<SentMail> sent(Handle h, UUID projectId, UUID fromAgentId, int limit) {
    return h.createQuery(MAIL_STATE + """
             WHERE m.project_id = :project AND m.from_agent_id = :from
             ORDER BY m.created_at DESC, m.message_id DESC
             LIMIT :limit
            """)
        .bind("project", projectId).bind("from", fromAgentId).bind("limit", limit)
        .map((rs, c) -> new SentMail(rs.getObject("message_id", UUID.class), rs.getString("subject"),
            rs.getString("priority"), rs.getObject("thread_id", UUID.class), mailState(rs)))
        .list();
  }

  private static MailState mailState(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new MailState(rs.getObject("from_agent_id", UUID.class), rs.getObject("to_agent_id", UUID.class),
        rs.getString("to_alias"), rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("read_at", OffsetDateTime.class), rs.getObject("mail_seen_through", OffsetDateTime.class),
        rs.getObject("notified_at", OffsetDateTime.class));
  }

  static Optional<ChatMessage> chat(Handle h, UUID projectId, UUID messageId) {
    return h.createQuery("""
            SELECT m.session_id, m.from_agent_id, m.seq, m.created_at
              FROM aweb.chat_messages m JOIN aweb.chat_sessions s ON s.session_id = m.session_id
             WHERE s.project_id = :project AND m.message_id = :id
            """)
        .bind("project", projectId).bind("id", messageId)
        .map((rs, c) -> new ChatMessage(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getLong(3),
            rs.getObject(4, OffsetDateTime.class)))
        .findOne();
  }

  static List<ChatRecipient> chatRecipients(Handle h, ChatMessage m) {
    return h.createQuery("""
            SELECT p.agent_id, p.alias,
                   (COALESCE(r.last_read_seq >= :seq, false)
                    OR EXISTS (SELECT 1 FROM aweb.chat_stream_seen ss
                                JOIN aweb.chat_messages sm ON sm.message_id = ss.seen_message_id
                               WHERE ss.session_id = p.session_id AND ss.agent_id = p.agent_id
                                 AND sm.seq >= :seq)) AS seen,
                   (SELECT min(o.sent_at) FROM server.wake_outbox o
                     WHERE o.agent_id = p.agent_id AND o.status = 'sent' AND o.window_end > :created
                       AND o.window_start <= :created) AS notified_at
              FROM aweb.chat_session_participants p
              LEFT JOIN aweb.chat_read_receipts r ON r.session_id = p.session_id AND r.agent_id = p.agent_id
             WHERE p.session_id = :session AND p.agent_id <> :from
             ORDER BY p.alias
            """)
        .bind("session", m.sessionId()).bind("from", m.fromAgentId()).bind("seq", m.seq())
        .bind("created", m.createdAt())
        .map((rs, c) -> new ChatRecipient(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3),
            rs.getObject(4, OffsetDateTime.class)))
        .list();
  }
}
