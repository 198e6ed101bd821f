package io.beadhub.presence;

import io.beadhub.common.Times;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-process presence (spec 30 §5.5): per replica. Expired entries are ignored on read and purged
 * lazily on write; the maps stay bounded by the number of live workspaces.
 */
public final class LocalPresence implements Presence {
  private record Entry<T>(T value, Instant expiresAt) {
    boolean live(Instant now) {
      return now.isBefore(expiresAt);
    }
  }

  private final Clock clock;
  private final Map<String, Entry<PresenceRecord>> workspaces = new ConcurrentHashMap<>();
  private final Map<String, Entry<AgentPresence>> agents = new ConcurrentHashMap<>();
  private volatile Instant nextPurge = Instant.EPOCH;

  public LocalPresence(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String upsert(PresenceRecord record, int ttlSeconds) {
    Instant now = clock.instant();
    String lastSeen = Times.isoOffset(now);
    workspaces.compute(record.workspaceId(), (id, old) -> {
      PresenceRecord prev = old != null && old.live(now) ? old.value() : null;
      return new Entry<>(record.withLastSeen(lastSeen).mergedOver(prev), now.plusSeconds(ttlSeconds));
    });
    purgeIfDue(now);
    return lastSeen;
  }

  @Override
  public Optional<PresenceRecord> get(String workspaceId) {
    Entry<PresenceRecord> e = workspaces.get(workspaceId);
    return e != null && e.live(clock.instant()) ? Optional.of(e.value()) : Optional.empty();
  }

  @Override
  public boolean update(String workspaceId, java.util.function.UnaryOperator<PresenceRecord> change) {
    Instant now = clock.instant();
    boolean[] done = new boolean[1];
    workspaces.computeIfPresent(workspaceId, (id, e) -> {
      if (!e.live(now)) {
        return e;
      }
      done[0] = true;
      return new Entry<>(change.apply(e.value()), e.expiresAt());
    });
    return done[0];
  }

  @Override
  public List<PresenceRecord> getMany(Collection<String> workspaceIds) {
    List<PresenceRecord> out = new ArrayList<>();
    for (String id : workspaceIds) {
      get(id).ifPresent(out::add);
    }
    return out;
  }

  @Override
  public List<PresenceRecord> listByProject(String projectId) {
    Instant now = clock.instant();
    List<PresenceRecord> out = new ArrayList<>();
    for (Entry<PresenceRecord> e : workspaces.values()) {
      if (e.live(now) && projectId.equals(e.value().projectId())) {
        out.add(e.value());
      }
    }
    return out;
  }

  @Override
  public Optional<String> aliasOwner(String projectId, String alias) {
    return listByProject(projectId).stream().filter(r -> alias.equals(r.alias()))
        .map(PresenceRecord::workspaceId).findFirst();
  }

  @Override
  public int clear(Collection<String> workspaceIds) {
    Instant now = clock.instant();
    int n = 0;
    for (String id : workspaceIds) {
      Entry<PresenceRecord> e = workspaces.remove(id);
      if (e != null && e.live(now)) {
        n++;
      }
      agents.remove(id);
    }
    return n;
  }

  @Override
  public String upsertAgent(String agentId, String alias, String projectId, int ttlSeconds) {
    Instant now = clock.instant();
    String lastSeen = Times.isoOffset(now);
    agents.put(agentId, new Entry<>(new AgentPresence(agentId, alias, projectId, "active", lastSeen),
        now.plusSeconds(ttlSeconds)));
    return lastSeen;
  }

  @Override
  public Optional<AgentPresence> getAgent(String agentId) {
    Entry<AgentPresence> e = agents.get(agentId);
    return e != null && e.live(clock.instant()) ? Optional.of(e.value()) : Optional.empty();
  }

  @Override
  public Map<String, AgentPresence> getAgents(Collection<String> agentIds) {
    Map<String, AgentPresence> out = new HashMap<>();
    for (String id : agentIds) {
      getAgent(id).ifPresent(a -> out.put(id, a));
    }
    return out;
  }

  private void purgeIfDue(Instant now) {
    if (now.isBefore(nextPurge)) {
      return;
    }
    nextPurge = now.plusSeconds(60);
    workspaces.entrySet().removeIf(e -> !e.getValue().live(now));
    agents.entrySet().removeIf(e -> !e.getValue().live(now));
  }
}
