package io.beadhub.wake;

import io.beadhub.common.BackgroundLoop;
import io.beadhub.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /v1/agents/me/events} streams open on this replica, recorded in {@code server.agent_streams}
 * so that the wake worker of every replica sees them: events created while an agent streamed reached it
 * live and need no webhook wake. A closed stream's row keeps its close time (the worker may read those
 * events after the close); this replica refreshes the heartbeat of its open rows every {@link #HEARTBEAT},
 * so the rows of a replica that died stop counting after {@link #TTL}.
 */
public final class AgentStreams implements AutoCloseable {
  static final Duration HEARTBEAT = Duration.ofSeconds(20);
  /** A heartbeat older than this is a dead replica's: its streams covered events only up to it. */
  static final Duration TTL = Duration.ofSeconds(90);
  static final Duration FORGET_AFTER = Duration.ofMinutes(10);
  private static final Logger log = LoggerFactory.getLogger(AgentStreams.class);

  private final Database db;
  private final Clock clock;
  private final UUID replica = UUID.randomUUID();
  private final AtomicInteger open = new AtomicInteger();
  private final BackgroundLoop heartbeat;

  public AgentStreams(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
    this.heartbeat = new BackgroundLoop("agent-stream-heartbeat", HEARTBEAT, closing -> beat());
  }

  /** Records the agent streaming until the returned handle is closed. */
  public AutoCloseable open(UUID projectId, UUID agentId) {
    UUID stream = UUID.randomUUID();
    db.read(h -> {
      WakeStore.streamOpened(h, stream, projectId, agentId, replica, clock.instant());
      return null;
    });
    open.incrementAndGet();
    return () -> {
      open.decrementAndGet();
      try {
        db.read(h -> {
          WakeStore.streamClosed(h, stream, clock.instant());
          return null;
        });
      } catch (RuntimeException e) {
        // The row's heartbeat stops; after the TTL it covers events only up to its last heartbeat.
        log.warn("agent stream close not recorded: {}", e.getMessage());
      }
    };
  }

  private void beat() {
    db.read(h -> {
      if (open.get() > 0) {
        WakeStore.heartbeat(h, replica, clock.instant());
      }
      WakeStore.forgetStreams(h, clock.instant().minus(FORGET_AFTER));
      return null;
    });
  }

  @Override
  public void close() {
    heartbeat.close();
  }
}
