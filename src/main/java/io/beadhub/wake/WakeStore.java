package io.beadhub.wake;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL for server.agent_wakes, server.wake_outbox and server.wake_cursor. */
final class WakeStore {
  private WakeStore() {
  }

  record Webhook(String url, String secret, OffsetDateTime updatedAt) {
  }

  /** A wake due for sending, with where it goes. */
  record Due(UUID id, UUID projectId, UUID agentId, OffsetDateTime windowStart, int attempts, String url,
             String secret) {
  }

  private static OffsetDateTime at(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  static void put(Handle h, UUID projectId, UUID agentId, String url, String secret, Instant now) {
    h.createUpdate("""
            INSERT INTO server.agent_wakes (agent_id, project_id, webhook_url, secret, updated_at)
            VALUES (:agent, :project, :url, :secret, :now)
            ON CONFLICT (agent_id) DO UPDATE
               SET webhook_url = EXCLUDED.webhook_url, secret = EXCLUDED.secret, updated_at = EXCLUDED.updated_at
            """)
        .bind("agent", agentId).bind("project", projectId).bind("url", url).bind("secret", secret)
        .bind("now", at(now)).execute();
  }

  static Optional<Webhook> get(Handle h, UUID projectId, UUID agentId) {
    return h.createQuery("""
            SELECT webhook_url, secret, updated_at FROM server.agent_wakes
             WHERE agent_id = :agent AND project_id = :project
            """)
        .bind("agent", agentId).bind("project", projectId)
        .map((rs, c) -> new Webhook(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)))
        .findOne();
  }

  /** Removes the webhook and the wakes still waiting for it; true when there was one. */
  static boolean delete(Handle h, UUID projectId, UUID agentId) {
    h.createUpdate("DELETE FROM server.wake_outbox WHERE agent_id = :agent AND status = 'pending'")
        .bind("agent", agentId).execute();
    return h.createUpdate("DELETE FROM server.agent_wakes WHERE agent_id = :agent AND project_id = :project")
        .bind("agent", agentId).bind("project", projectId).execute() > 0;
  }

  /**
   * One dispatch pass in one statement: reads up to {@code max} numbered events after the cursor, records a
   * wake for each agent with a webhook that they concern (mail to it, a chat message to a session it is in,
   * an answer to its escalation, its bead that became ready, its pending claim gone stale; for a human's
   * dashboard agent, a new or re-notified escalation of its project that it did not raise) and that had no
   * events stream open on any replica when the event was created ({@link AgentStreams}), at most one per
   * agent per aligned window of {@code windowSeconds} (the unique key coalesces), and moves the cursor past
   * them. Returns the events read.
   * The cursor is a scalar subquery so it becomes the index condition: joined, the plan walked the whole
   * events table in key order and filtered it, every pass.
   */
  static int dispatch(Handle h, int max, int windowSeconds, Instant now) {
    return h.createQuery("""
            WITH cur AS (
              SELECT last_event_id FROM server.wake_cursor WHERE id = 1 FOR UPDATE
            ), ev AS (
              SELECT e.event_id, e.project_id, e.workspace_id, e.type, e.payload, e.created_at
                FROM server.events e WHERE e.event_id > (SELECT last_event_id FROM cur)
               ORDER BY e.event_id LIMIT :max
            ), targets AS (
              SELECT event_id, project_id, workspace_id AS agent_id, created_at FROM ev
               WHERE type IN ('message.delivered', 'escalation.responded', 'bead.ready', 'claim.stale')
              UNION ALL
              SELECT ev.event_id, ev.project_id, hs.workspace_id, ev.created_at FROM ev
                JOIN server.workspaces hs ON hs.project_id = ev.project_id AND hs.workspace_type = 'dashboard'
                                         AND hs.deleted_at IS NULL AND hs.workspace_id <> ev.workspace_id
               WHERE ev.type IN ('escalation.created', 'escalation.reminder')
              UNION ALL
              SELECT ev.event_id, ev.project_id, p.agent_id, ev.created_at FROM ev
                JOIN aweb.chat_session_participants p
                  ON p.session_id = CAST(ev.payload ->> 'session_id' AS uuid) AND p.agent_id <> ev.workspace_id
               WHERE ev.type = 'chat.message_sent'
            ), ins AS (
              INSERT INTO server.wake_outbox (id, project_id, agent_id, window_start, window_end, first_event_id,
                                              next_attempt_at, created_at)
              SELECT gen_random_uuid(), t.project_id, t.agent_id, win.start,
                     win.start + make_interval(secs => :window), min(t.event_id), :now, :now
                FROM targets t
                JOIN server.agent_wakes w
                  ON w.agent_id = t.agent_id AND w.project_id = t.project_id AND w.updated_at <= t.created_at
                CROSS JOIN LATERAL (SELECT to_timestamp(floor(extract(epoch FROM t.created_at) / :window) * :window)
                                           AS start) win
               WHERE NOT EXISTS (SELECT 1 FROM server.agent_streams s
                                  WHERE s.agent_id = t.agent_id AND s.opened_at <= t.created_at
                                    AND (t.created_at <= s.closed_at
                                         OR s.closed_at IS NULL AND (s.heartbeat_at > :live
                                                                     OR t.created_at <= s.heartbeat_at)))
               GROUP BY t.project_id, t.agent_id, win.start
              ON CONFLICT (agent_id, window_start) DO NOTHING
            ), adv AS (
              UPDATE server.wake_cursor SET last_event_id = (SELECT max(event_id) FROM ev)
               WHERE id = 1 AND EXISTS (SELECT 1 FROM ev)
            )
            SELECT count(*) FROM ev
            """)
        .bind("max", max).bind("window", windowSeconds).bind("live", at(now.minus(AgentStreams.TTL)))
        .bind("now", at(now))
        .mapTo(Integer.class).one();
  }

  static void streamOpened(Handle h, UUID stream, UUID projectId, UUID agentId, UUID replica, Instant now) {
    h.createUpdate("""
            INSERT INTO server.agent_streams (stream_id, agent_id, project_id, replica_id, opened_at, heartbeat_at)
            VALUES (:stream, :agent, :project, :replica, :now, :now)
            """)
        .bind("stream", stream).bind("agent", agentId).bind("project", projectId).bind("replica", replica)
        .bind("now", at(now)).execute();
  }

  static void streamClosed(Handle h, UUID stream, Instant now) {
    h.createUpdate("UPDATE server.agent_streams SET closed_at = :now WHERE stream_id = :stream")
        .bind("stream", stream).bind("now", at(now)).execute();
  }

  /** The replica's open streams are alive: one statement for all of them. */
  static void heartbeat(Handle h, UUID replica, Instant now) {
    h.createUpdate("""
            UPDATE server.agent_streams SET heartbeat_at = :now WHERE replica_id = :replica AND closed_at IS NULL
            """)
        .bind("replica", replica).bind("now", at(now)).execute();
  }

  /** Deletes the rows of streams closed, or of replicas silent, since before {@code before}. */
  static void forgetStreams(Handle h, Instant before) {
    h.createUpdate("DELETE FROM server.agent_streams WHERE COALESCE(closed_at, heartbeat_at) < :before")
        .bind("before", at(before)).execute();
  }

  static List<Due> due(Handle h, Instant now, int max) {
    return h.createQuery("""
            SELECT o.id, o.project_id, o.agent_id, o.window_start, o.attempts, w.webhook_url, w.secret
              FROM server.wake_outbox o JOIN server.agent_wakes w ON w.agent_id = o.agent_id
             WHERE o.status = 'pending' AND o.next_attempt_at <= :now
             ORDER BY o.window_start, o.id LIMIT :max
            """)
        .bind("now", at(now)).bind("max", max)
        .map((rs, c) -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
            rs.getObject(4, OffsetDateTime.class), rs.getInt(5), rs.getString(6), rs.getString(7)))
        .list();
  }

  /** Takes a due wake for one attempt until {@code leaseUntil}; false when another sender took it first. */
  static boolean lease(Handle h, UUID id, Instant now, Instant leaseUntil) {
    return h.createUpdate("""
            UPDATE server.wake_outbox SET next_attempt_at = :lease
             WHERE id = :id AND status = 'pending' AND next_attempt_at <= :now
            """)
        .bind("id", id).bind("now", at(now)).bind("lease", at(leaseUntil)).execute() == 1;
  }

  static void sent(Handle h, UUID id, Instant now) {
    h.createUpdate("""
            UPDATE server.wake_outbox SET status = 'sent', sent_at = :now, attempts = attempts + 1, last_error = NULL
             WHERE id = :id
            """)
        .bind("id", id).bind("now", at(now)).execute();
  }

  static void failed(Handle h, UUID id, String error, boolean dead, Instant next) {
    h.createUpdate("""
            UPDATE server.wake_outbox
               SET attempts = attempts + 1, last_error = :error, next_attempt_at = :next,
                   status = CASE WHEN :dead THEN 'dead' ELSE status END
             WHERE id = :id
            """)
        .bind("id", id).bind("error", error).bind("dead", dead).bind("next", at(next)).execute();
  }
}
