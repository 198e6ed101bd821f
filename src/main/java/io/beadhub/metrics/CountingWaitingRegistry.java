package io.beadhub.metrics;

import io.beadhub.chat.WaitingRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link WaitingRegistry} that also knows how many chat waiters this process holds (for a gauge). */
final class CountingWaitingRegistry implements WaitingRegistry {
  private record Waiter(UUID sessionId, UUID agentId, String connectionId) {
  }

  private final WaitingRegistry inner;
  private final Set<Waiter> here = ConcurrentHashMap.newKeySet();

  CountingWaitingRegistry(WaitingRegistry inner) {
    this.inner = inner;
  }

  int count() {
    return here.size();
  }

  @Override
  public void register(UUID sessionId, UUID agentId, String connectionId) {
    inner.register(sessionId, agentId, connectionId);
    here.add(new Waiter(sessionId, agentId, connectionId));
  }

  @Override
  public void unregister(UUID sessionId, UUID agentId, String connectionId) {
    here.remove(new Waiter(sessionId, agentId, connectionId));
    inner.unregister(sessionId, agentId, connectionId);
  }

  @Override
  public Map<UUID, Set<UUID>> waiting(Collection<UUID> sessionIds) {
    return inner.waiting(sessionIds);
  }

  @Override
  public void close() {
    inner.close();
  }
}
