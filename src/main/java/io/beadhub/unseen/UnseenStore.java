package io.beadhub.unseen;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL for aweb.unseen_escalations: the mails to escalate unless their recipient saw them in time. */
final class UnseenStore {
  private UnseenStore() {
  }

  /**
   * A due message, locked: who sent it to whom, and whether it was seen (a mail listed or acked; a chat
   * message read by any recipient, or written to its chat stream).
   */
  record Due(UUID messageId, UUID projectId, String kind, UUID fromAgentId, String fromAlias, String toAlias,
             String subject, String body, OffsetDateTime createdAt, OffsetDateTime escalateAt, boolean seen,
             boolean senderWorkspaceLive) {
  }

  private static OffsetDateTime at(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  static List<UUID> dueIds(Handle h, Instant now, int max) {
    return h.createQuery("""
            SELECT message_id FROM aweb.unseen_escalations
             WHERE settled_at IS NULL AND escalate_at <= :now
             ORDER BY escalate_at, message_id LIMIT :max
            """)
        .bind("now", at(now)).bind("max", max).mapTo(UUID.class).list();
  }

  /** The due entry, locked for settling; empty when another replica holds it or settled it. */
  static Optional<Due> lock(Handle h, UUID messageId) {
    boolean locked = h.createQuery("""
            SELECT 1 FROM aweb.unseen_escalations WHERE message_id = :id AND settled_at IS NULL
               FOR UPDATE SKIP LOCKED
            """).bind("id", messageId).mapTo(Integer.class).findOne().isPresent();
    if (!locked) {
      return Optional.empty();
    }
    return h.createQuery("""
            SELECT u.message_id, u.project_id, u.kind, m.from_agent_id, m.from_alias, ta.alias AS to_alias, m.subject,
                   m.body, m.created_at, u.escalate_at,
                   (m.read_at IS NOT NULL OR COALESCE(w.mail_seen_through >= m.created_at, false)) AS seen,
                   EXISTS (SELECT 1 FROM server.workspaces ws
                            WHERE ws.workspace_id = m.from_agent_id AND ws.deleted_at IS NULL) AS sender_live
              FROM aweb.unseen_escalations u
              JOIN aweb.messages m ON m.message_id = u.message_id
              JOIN aweb.agents ta ON ta.agent_id = m.to_agent_id
              LEFT JOIN aweb.delivery_watermarks w ON w.agent_id = m.to_agent_id
             WHERE u.message_id = :id AND u.kind = 'mail'
            UNION ALL
            SELECT u.message_id, u.project_id, u.kind, m.from_agent_id, m.from_alias,
                   (SELECT string_agg(p.alias, ', ' ORDER BY p.alias) FROM aweb.chat_session_participants p
                     WHERE p.session_id = m.session_id AND p.agent_id <> m.from_agent_id) AS to_alias,
                   'chat ' || m.session_id AS subject, m.body, m.created_at, u.escalate_at,
                   EXISTS (SELECT 1 FROM aweb.chat_read_receipts r
                            WHERE r.session_id = m.session_id AND r.agent_id <> m.from_agent_id
                              AND r.last_read_seq >= m.seq)
                   OR EXISTS (SELECT 1 FROM aweb.chat_stream_seen ss
                               JOIN aweb.chat_messages sm ON sm.message_id = ss.seen_message_id
                              WHERE ss.session_id = m.session_id AND ss.agent_id <> m.from_agent_id
                                AND sm.seq >= m.seq) AS seen,
                   EXISTS (SELECT 1 FROM server.workspaces ws
                            WHERE ws.workspace_id = m.from_agent_id AND ws.deleted_at IS NULL) AS sender_live
              FROM aweb.unseen_escalations u
              JOIN aweb.chat_messages m ON m.message_id = u.message_id
             WHERE u.message_id = :id AND u.kind = 'chat'
            """)
        .bind("id", messageId)
        .map((rs, c) -> new Due(rs.getObject("message_id", UUID.class), rs.getObject("project_id", UUID.class),
            rs.getString("kind"), rs.getObject("from_agent_id", UUID.class), rs.getString("from_alias"), rs.getString("to_alias"),
            rs.getString("subject"), rs.getString("body"), rs.getObject("created_at", OffsetDateTime.class),
            rs.getObject("escalate_at", OffsetDateTime.class), rs.getBoolean("seen"), rs.getBoolean("sender_live")))
        .findOne();
  }

  /** Settles the entry; {@code escalationId} null = nothing to do (seen in time, or no sender left). */
  static void settle(Handle h, UUID messageId, UUID escalationId, Instant now) {
    h.createUpdate("""
            UPDATE aweb.unseen_escalations SET settled_at = :now, escalation_id = :esc WHERE message_id = :id
            """)
        .bind("id", messageId).bind("esc", escalationId).bind("now", at(now)).execute();
  }
}
