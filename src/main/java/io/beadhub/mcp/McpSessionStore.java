package io.beadhub.mcp;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL for server.mcp_sessions. */
final class McpSessionStore {
  /** A stored session: whose it is and the initialize params it was opened with (JSON). */
  record Row(UUID sessionId, UUID projectId, UUID agentId, String initialize) {
  }

  private McpSessionStore() {
  }

  private static OffsetDateTime odt(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  static void insert(Handle h, Row r, Instant now) {
    h.createUpdate("""
        INSERT INTO server.mcp_sessions (session_id, project_id, agent_id, initialize, created_at, last_used_at)
        VALUES (:sessionId, :projectId, :agentId, CAST(:initialize AS jsonb), :now, :now)
        """).bind("sessionId", r.sessionId()).bind("projectId", r.projectId()).bind("agentId", r.agentId())
        .bind("initialize", r.initialize()).bind("now", odt(now)).execute();
  }

  static Optional<Row> find(Handle h, UUID sessionId) {
    return h.createQuery("""
        SELECT session_id, project_id, agent_id, initialize::text AS initialize
          FROM server.mcp_sessions WHERE session_id = :id
        """).bind("id", sessionId)
        .map((rs, c) -> new Row(rs.getObject("session_id", UUID.class), rs.getObject("project_id", UUID.class),
            rs.getObject("agent_id", UUID.class), rs.getString("initialize")))
        .findOne();
  }

  static boolean touch(Handle h, UUID sessionId, Instant now) {
    return h.createUpdate("UPDATE server.mcp_sessions SET last_used_at = :now WHERE session_id = :id")
        .bind("id", sessionId).bind("now", odt(now)).execute() > 0;
  }

  static boolean delete(Handle h, UUID sessionId, UUID projectId, UUID agentId) {
    return h.createUpdate("""
        DELETE FROM server.mcp_sessions WHERE session_id = :id AND project_id = :p AND agent_id = :a
        """).bind("id", sessionId).bind("p", projectId).bind("a", agentId).execute() > 0;
  }

  static int deleteIdle(Handle h, Instant before) {
    return h.createUpdate("DELETE FROM server.mcp_sessions WHERE last_used_at < :before")
        .bind("before", odt(before)).execute();
  }
}
