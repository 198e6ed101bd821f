package io.beadhub.auth;

import io.beadhub.pubsub.PubSub;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Recently verified API keys, so an authenticated request costs no extra database round trip.
 * Deactivation must take effect at once: the code that deactivates keys calls
 * {@link #invalidateAgents} after its commit, which drops the entries here and, through pub/sub,
 * on every other replica. The short TTL bounds staleness should an invalidation message be lost.
 *
 * <p>A write carries the {@link #generation()} read before the row was looked up: a row read before a
 * deactivation committed must not be cached after that deactivation's invalidation ran, or the revoked
 * key would work again until the entry expires. Every invalidation (local or from another replica)
 * advances the generation, and a write whose generation is no longer current is dropped.
 */
public final class KeyCache {
  static final String CHANNEL = "auth:invalidate";
  private static final long TTL_NANOS = 10_000_000_000L;
  private static final int MAX_ENTRIES = 100_000;

  private record Entry(KeyStore.KeyRow row, long expiresAt) {
  }

  private final Map<String, Entry> byHash = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();
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

  /** Read before looking a key up (in the cache or the database); pass it to {@link #put}. */
  long generation() {
    return generation.get();
  }

  /** Caches {@code row} unless an invalidation ran since {@code readAt} was taken. */
  void put(String hash, KeyStore.KeyRow row, long readAt) {
    if (generation.get() != readAt) {
      return;
    }
    if (byHash.size() >= MAX_ENTRIES) {
      byHash.clear();
    }
    Entry e = new Entry(row, System.nanoTime() + TTL_NANOS);
    byHash.put(hash, e);
    // An invalidation may have advanced the generation and swept the map between the check and the put.
    if (generation.get() != readAt) {
      byHash.remove(hash, e);
    }
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
    generation.incrementAndGet();
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
