package io.beadhub.auth;

import io.beadhub.pubsub.PubSub;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Recently verified API keys, so an authenticated request costs no extra database round trip.
 * Deactivation must take effect at once: the code that deactivates keys calls
 * {@link #invalidateAgents} after its commit, which drops the entries here and, through pub/sub,
 * on every other replica. The short TTL bounds staleness should an invalidation message be lost.
 */
public final class KeyCache {
  static final String CHANNEL = "auth:invalidate";
  private static final long TTL_NANOS = 10_000_000_000L;
  private static final int MAX_ENTRIES = 100_000;

  private record Entry(KeyStore.KeyRow row, long expiresAt) {
  }

  private final Map<String, Entry> byHash = new ConcurrentHashMap<>();
  private final PubSub pubsub;

  public KeyCache(PubSub pubsub) {
    this.pubsub = pubsub;
    pubsub.subscribe(Set.of(CHANNEL), (ch, msg) -> drop(parse(msg)));
  }

  KeyStore.KeyRow get(String hash) {
    Entry e = byHash.get(hash);
    if (e == null) {
      return null;
    }
    if (System.nanoTime() - e.expiresAt() > 0) {
      byHash.remove(hash, e);
      return null;
    }
    return e.row();
  }

  void put(String hash, KeyStore.KeyRow row) {
    if (byHash.size() >= MAX_ENTRIES) {
      byHash.clear();
    }
    byHash.put(hash, new Entry(row, System.nanoTime() + TTL_NANOS));
  }

  /** Forgets every key of these agents here and on every replica (call after the commit). */
  public void invalidateAgents(Collection<UUID> agentIds) {
    if (agentIds.isEmpty()) {
      return;
    }
    Set<UUID> ids = new HashSet<>(agentIds);
    drop(ids);
    pubsub.publish(CHANNEL, ids.stream().map(UUID::toString).collect(Collectors.joining(",")));
  }

  private void drop(Set<UUID> agentIds) {
    byHash.values().removeIf(e -> e.row().agentId() != null && agentIds.contains(e.row().agentId()));
  }

  private static Set<UUID> parse(String msg) {
    Set<UUID> out = new HashSet<>();
    for (String s : msg.split(",")) {
      try {
        out.add(UUID.fromString(s.trim()));
      } catch (IllegalArgumentException ignored) {
        // a malformed message drops nothing
      }
    }
    return out;
  }
}
