package io.beadhub.chat;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The in-process waiting registry: authoritative for a single replica (spec 20 §3.3, Ours). */
public final class LocalWaitingRegistry implements WaitingRegistry {
  private record Member(UUID agentId, String connectionId) {
  }

  private final Clock clock;
  private final Map<UUID, Map<Member, Long>> sessions = new ConcurrentHashMap<>();
  private final Runnable beforeAdd;

  public LocalWaitingRegistry(Clock clock) {
    this(clock, () -> { });
  }

  /** {@code beforeAdd} runs between finding a session's members and adding one: tests pause there. */
  LocalWaitingRegistry(Clock clock, Runnable beforeAdd) {
    this.clock = clock;
    this.beforeAdd = beforeAdd;
  }

  /**
   * The member is added inside {@code compute}, atomic with {@link #unregister}'s removal of an emptied
   * session: added to a members map found outside it, it could land in a map just removed, and the
   * stream would read as gone until its next refresh.
   */
  @Override
  public void register(UUID sessionId, UUID agentId, String connectionId) {
    long now = clock.millis();
    sessions.compute(sessionId, (k, found) -> {
      Map<Member, Long> members = found == null ? new ConcurrentHashMap<>() : found;
      beforeAdd.run();
      members.put(new Member(agentId, connectionId), now);
      return members;
    });
  }

  @Override
  public void unregister(UUID sessionId, UUID agentId, String connectionId) {
    sessions.computeIfPresent(sessionId, (k, members) -> {
      members.remove(new Member(agentId, connectionId));
      return members.isEmpty() ? null : members;
    });
  }

  @Override
  public Map<UUID, Set<UUID>> waiting(Collection<UUID> sessionIds) {
    long cutoff = clock.millis() - FRESH_SECONDS * 1000;
    Map<UUID, Set<UUID>> out = new HashMap<>();
    for (UUID s : sessionIds) {
      Map<Member, Long> members = sessions.get(s);
      if (members == null) {
        continue;
      }
      members.entrySet().removeIf(e -> e.getValue() < cutoff);
      Set<UUID> agents = new HashSet<>();
      members.keySet().forEach(m -> agents.add(m.agentId()));
      if (!agents.isEmpty()) {
        out.put(s, agents);
      }
    }
    return out;
  }
}
