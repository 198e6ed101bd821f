package io.beadhub.wake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agents with a {@code /v1/agents/me/events} stream on this replica: events created while an agent
 * streamed reached it live, so they need no webhook wake. An agent that closed its stream counts as having
 * streamed until it closed, because the dispatcher may read those events after the close.
 */
public final class AgentStreams {
  private static final Duration FORGET_AFTER = Duration.ofMinutes(10);

  /** How many streams an agent has open, and when its last one closed. */
  private record State(int open, Instant closedAt) {
  }

  /** An agent that streamed: events created up to {@code until} (null: still streaming) reached it. */
  record Streamed(UUID agentId, Instant until) {
  }

  private final Map<UUID, State> states = new ConcurrentHashMap<>();
  private final Clock clock;

  public AgentStreams(Clock clock) {
    this.clock = clock;
  }

  /** Marks the agent streaming until the returned handle is closed. */
  public AutoCloseable open(UUID agentId) {
    states.merge(agentId, new State(1, null), (a, b) -> new State(a.open() + 1, null));
    return () -> states.computeIfPresent(agentId, (k, s) -> new State(s.open() - 1,
        s.open() <= 1 ? clock.instant() : null));
  }

  List<Streamed> streamed() {
    Instant forget = clock.instant().minus(FORGET_AFTER);
    states.entrySet().removeIf(e -> e.getValue().open() == 0 && e.getValue().closedAt().isBefore(forget));
    return states.entrySet().stream().map(e -> new Streamed(e.getKey(), e.getValue().closedAt())).toList();
  }
}
