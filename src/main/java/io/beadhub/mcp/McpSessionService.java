package io.beadhub.mcp;

import io.beadhub.common.Caller;
import io.beadhub.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The stored side of MCP sessions: a session belongs to the agent that opened it, lives in PostgreSQL so
 * that every replica can serve it, and is forgotten after {@link #IDLE} without use.
 */
public record McpSessionService(Database db, Clock clock) {
  /** A session unused for this long is deleted; its client gets 404 and initializes again. */
  static final Duration IDLE = Duration.ofHours(24);

  void open(Caller c, UUID sessionId, String initializeJson) {
    McpSessionStore.Row row = new McpSessionStore.Row(sessionId, c.projectId(), c.agentId(), initializeJson);
    db.tx(h -> {
      McpSessionStore.insert(h, row, clock.instant());
      return null;
    });
  }

  /** The session, if it exists and belongs to the caller's agent: another agent's session is unknown to it. */
  Optional<McpSessionStore.Row> find(Caller c, UUID sessionId) {
    return db.read(h -> McpSessionStore.find(h, sessionId))
        .filter(r -> r.projectId().equals(c.projectId()) && r.agentId().equals(c.agentId()));
  }

  /** Marks the session used; false when it is gone (ended on another replica, or expired). */
  boolean touch(UUID sessionId) {
    return db.read(h -> McpSessionStore.touch(h, sessionId, clock.instant()));
  }

  /** Whether the caller's session existed (and is now gone). */
  boolean end(Caller c, UUID sessionId) {
    return db.read(h -> McpSessionStore.delete(h, sessionId, c.projectId(), c.agentId()));
  }

  int forgetIdle() {
    return db.read(h -> McpSessionStore.deleteIdle(h, clock.instant().minus(IDLE)));
  }
}
