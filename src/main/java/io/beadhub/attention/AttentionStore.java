package io.beadhub.attention;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The attention answer in one statement (one round trip): each part is a capped read on its own index
 * (idx_messages_unread_recent, idx_messages_unread_urgent, idx_chat_session_participants_agent with the latest
 * message per session, idx_escalations_workspace_responded, idx_bead_claims_workspace_expires,
 * idx_issues_assignee_status).
 */
final class AttentionStore {
  static final int CAP = 100;
  static final int LIST = 5;

  private AttentionStore() {
  }

  /** The agent's attention as a compact JSON object, keys in a fixed order. */
  static String json(Handle h, UUID projectId, UUID agentId, String alias, OffsetDateTime now) {
    return h.createQuery("""
            WITH unread AS (
              SELECT message_id, from_alias, subject, priority, created_at FROM aweb.messages
               WHERE project_id = :project AND to_agent_id = :me AND read_at IS NULL
               ORDER BY created_at DESC LIMIT :cap
            ), urgent AS (
              SELECT 1 FROM aweb.messages
               WHERE project_id = :project AND to_agent_id = :me AND read_at IS NULL AND priority IN ('high', 'urgent')
               ORDER BY created_at DESC LIMIT :cap
            ), chats AS (
              SELECT p.session_id, lm.from_alias, lm.created_at, lm.seq
                FROM aweb.chat_session_participants p
                JOIN aweb.chat_sessions s ON s.session_id = p.session_id AND s.project_id = :project
                CROSS JOIN LATERAL (SELECT m.from_agent_id, m.from_alias, m.created_at, m.seq
                                      FROM aweb.chat_messages m WHERE m.session_id = p.session_id
                                     ORDER BY m.seq DESC LIMIT 1) lm
                LEFT JOIN aweb.chat_read_receipts r ON r.session_id = p.session_id AND r.agent_id = p.agent_id
               WHERE p.agent_id = :me AND lm.from_agent_id <> :me AND lm.seq > COALESCE(r.last_read_seq, 0)
               ORDER BY lm.seq DESC LIMIT :list
            ), answers AS (
              SELECT id, subject, response, responded_at FROM server.escalations
               WHERE workspace_id = :me AND status = 'responded' AND project_id = :project
                 AND responded_at > CAST(:now AS timestamptz) - interval '24 hours'
               ORDER BY responded_at DESC LIMIT :list
            ), stale AS (
              SELECT bead_id, repo, expires_at FROM server.bead_claims
               WHERE workspace_id = :me AND project_id = :project AND state = 'pending'
                 AND expires_at IS NOT NULL AND expires_at < :now
               ORDER BY expires_at DESC LIMIT :list
            ), ready AS (
              SELECT bead_id, repo, title, priority, updated_at FROM beads.issues
               WHERE project_id = :project AND assignee = :alias AND status = 'open' AND deleted_at IS NULL
                 AND updated_at > CAST(:now AS timestamptz) - interval '24 hours'
               ORDER BY updated_at DESC LIMIT :list
            )
            SELECT json_build_object(
              'unread_mail', (SELECT count(*) FROM unread),
              'urgent_mail', (SELECT count(*) FROM urgent),
              'latest_unread', (SELECT json_build_object('message_id', message_id, 'from_alias', from_alias,
                                  'subject', subject, 'priority', priority, 'created_at', aweb.z_second(created_at))
                                  FROM unread ORDER BY created_at DESC LIMIT 1),
              'chats_waiting', COALESCE((SELECT json_agg(json_build_object('session_id', session_id,
                                  'from_alias', from_alias, 'last_message_at', aweb.z_second(created_at)) ORDER BY seq DESC)
                                  FROM chats), '[]'),
              'escalation_answers', COALESCE((SELECT json_agg(json_build_object('escalation_id', id,
                                  'subject', subject, 'response', response, 'responded_at', aweb.z_second(responded_at))
                                  ORDER BY responded_at DESC) FROM answers), '[]'),
              'stale_claims', COALESCE((SELECT json_agg(json_build_object('bead_id', bead_id, 'repo', repo,
                                  'expired_at', aweb.z_second(expires_at)) ORDER BY expires_at DESC) FROM stale), '[]'),
              'ready_work', COALESCE((SELECT json_agg(json_build_object('bead_id', bead_id, 'repo', repo,
                                  'title', title, 'priority', priority, 'updated_at', aweb.z_second(updated_at))
                                  ORDER BY updated_at DESC) FROM ready), '[]')
            )::text
            """)
        .bind("project", projectId).bind("me", agentId).bind("alias", alias).bind("now", now)
        .bind("cap", CAP).bind("list", LIST)
        .mapTo(String.class).one();
  }
}
