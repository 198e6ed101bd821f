package io.beadhub.attention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The attention answer in one statement (one round trip, the caller's liveness check included): each part
 * is a capped read on its own index (idx_messages_unread_recent, idx_messages_unread_urgent,
 * idx_chat_session_participants_agent with the latest message per session, idx_escalations_workspace_responded,
 * idx_bead_claims_workspace_expires, idx_events_attention for the {@code claim.stale} and {@code bead.ready}
 * events of the last 24 h, each then checked against the bead's claim or row by key). The unread count reads
 * the index alone; only the newest unread mail is read from the table.
 */
final class AttentionStore {
  static final int CAP = 100;
  static final int LIST = 5;
  /**
   * The newest events read for a list of {@link #LIST}: some name the same bead twice, or a bead taken or
   * blocked again since, so a few more than the list are read, never an agent's whole day.
   */
  static final int SCAN = 4 * LIST;

  private AttentionStore() {
  }

  private static final String SQL = """
            WITH me AS (
              SELECT a.alias FROM aweb.agents a JOIN aweb.projects p ON p.project_id = a.project_id
               WHERE a.agent_id = :me AND a.project_id = :project AND a.deleted_at IS NULL AND p.deleted_at IS NULL
            ), unread AS (
              SELECT 1 FROM aweb.messages
               WHERE project_id = :project AND to_agent_id = :me AND read_at IS NULL
               ORDER BY created_at DESC LIMIT :cap
            ), latest AS (
              SELECT message_id, from_alias, subject, priority, created_at FROM aweb.messages
               WHERE project_id = :project AND to_agent_id = :me AND read_at IS NULL
               ORDER BY created_at DESC LIMIT 1
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
                 AND responded_at > :now - interval '24 hours'
               ORDER BY responded_at DESC LIMIT :list
            ), stale AS (
              SELECT DISTINCT ON (x.repo, x.bead_id) x.bead_id, x.repo, x.expires_at FROM (
                (SELECT bead_id, repo, expires_at FROM server.bead_claims
                  WHERE workspace_id = :me AND project_id = :project AND state = 'pending'
                    AND expires_at IS NOT NULL AND expires_at < :now
                  ORDER BY expires_at DESC LIMIT :cap)
                UNION ALL
                (SELECT payload ->> 'bead_id', payload ->> 'repo', CAST(payload ->> 'expired_at' AS timestamptz)
                   FROM server.events
                  WHERE workspace_id = :me AND type = 'claim.stale' AND created_at > :now - interval '24 hours'
                    AND project_id = :project
                  ORDER BY created_at DESC LIMIT :scan)) x
               WHERE NOT EXISTS (SELECT 1 FROM server.bead_claims c
                                  WHERE c.project_id = :project AND c.repo = x.repo AND c.bead_id = x.bead_id
                                    AND c.workspace_id = :me AND (c.state = 'active' OR c.expires_at > :now))
               ORDER BY x.repo, x.bead_id, x.expires_at DESC
            ), stale_top AS (
              SELECT bead_id, repo, expires_at FROM stale ORDER BY expires_at DESC LIMIT :list
            ), ready_events AS (
              SELECT payload ->> 'repo' AS repo, payload ->> 'branch' AS branch, payload ->> 'bead_id' AS bead_id,
                     payload ->> 'assignee' AS assignee, created_at
                FROM server.events
               WHERE workspace_id = :me AND type = 'bead.ready' AND created_at > :now - interval '24 hours'
                 AND project_id = :project
               ORDER BY created_at DESC LIMIT :scan
            ), ready AS (
              SELECT DISTINCT ON (i.id) i.bead_id, i.repo, i.title, i.priority, i.updated_at, r.created_at AS ready_at
                FROM ready_events r
                JOIN beads.issues i ON i.project_id = :project AND i.repo = r.repo AND i.bead_id = r.bead_id
                                   AND i.branch = r.branch AND i.deleted_at IS NULL AND i.status = 'open'
                                   AND i.assignee = r.assignee
               WHERE NOT EXISTS (SELECT 1 FROM beads.issue_state st WHERE st.issue_id = i.id AND st.blocked)
               ORDER BY i.id, r.created_at DESC
            ), ready_top AS (
              SELECT * FROM ready ORDER BY ready_at DESC LIMIT :list
            )
            SELECT json_build_object(
              'unread_mail', (SELECT count(*) FROM unread),
              'urgent_mail', (SELECT count(*) FROM urgent),
              'latest_unread', (SELECT json_build_object('message_id', message_id, 'from_alias', from_alias,
                                  'subject', subject, 'priority', priority, 'created_at', aweb.z_second(created_at))
                                  FROM latest),
              'chats_waiting', COALESCE((SELECT json_agg(json_build_object('session_id', session_id,
                                  'from_alias', from_alias, 'last_message_at', aweb.z_second(created_at)) ORDER BY seq DESC)
                                  FROM chats), '[]'),
              'escalation_answers', COALESCE((SELECT json_agg(json_build_object('escalation_id', id,
                                  'subject', subject, 'response', response, 'responded_at', aweb.z_second(responded_at))
                                  ORDER BY responded_at DESC) FROM answers), '[]'),
              'stale_claims', COALESCE((SELECT json_agg(json_build_object('bead_id', bead_id, 'repo', repo,
                                  'expired_at', aweb.z_second(expires_at)) ORDER BY expires_at DESC) FROM stale_top), '[]'),
              'ready_work', COALESCE((SELECT json_agg(json_build_object('bead_id', bead_id, 'repo', repo,
                                  'title', title, 'priority', priority, 'updated_at', aweb.z_second(updated_at),
                                  'ready_at', aweb.z_second(ready_at)) ORDER BY ready_at DESC) FROM ready_top), '[]')
            )::text FROM me
            """;
  private static final List<String> PARAMS = new ArrayList<>();
  private static final String POSITIONAL = positional(SQL, PARAMS);

  /**
   * The agent's attention as a compact JSON object, keys in a fixed order; empty when the agent is not a
   * live agent of the project.
   */
  static Optional<String> json(Connection c, UUID projectId, UUID agentId, OffsetDateTime now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(POSITIONAL)) {
      for (int i = 0; i < PARAMS.size(); i++) {
        switch (PARAMS.get(i)) {
          case "project" -> ps.setObject(i + 1, projectId);
          case "me" -> ps.setObject(i + 1, agentId);
          case "now" -> ps.setObject(i + 1, now);
          case "cap" -> ps.setInt(i + 1, CAP);
          case "list" -> ps.setInt(i + 1, LIST);
          case "scan" -> ps.setInt(i + 1, SCAN);
          default -> throw new IllegalStateException(PARAMS.get(i));
        }
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** {@code :name} → {@code ?}, recording the names in order (a cast {@code ::type} is left alone). */
  private static String positional(String sql, List<String> names) {
    Matcher m = Pattern.compile("(?<!:):([a-z]+)").matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      names.add(m.group(1));
      m.appendReplacement(out, "?");
    }
    m.appendTail(out);
    return out.toString();
  }
}
