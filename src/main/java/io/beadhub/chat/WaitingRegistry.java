package io.beadhub.chat;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Who has a chat stream open on which session (spec 20 §3.3). Registrations are per connection and
 * count while younger than {@link #FRESH_SECONDS}; a stream re-registers every
 * {@link #REFRESH_SECONDS}. Redis-backed when configured (replicas share it), in-process otherwise.
 */
public interface WaitingRegistry extends AutoCloseable {
  long FRESH_SECONDS = 90;
  long REFRESH_SECONDS = 30;

  void register(UUID sessionId, UUID agentId, String connectionId);

  void unregister(UUID sessionId, UUID agentId, String connectionId);

  /** For each session, the agents with at least one fresh registration on it (absent: none). */
  Map<UUID, Set<UUID>> waiting(Collection<UUID> sessionIds);

  default Set<UUID> waiting(UUID sessionId) {
    return waiting(java.util.List.of(sessionId)).getOrDefault(sessionId, Set.of());
  }

  @Override
  default void close() {
  }
}
