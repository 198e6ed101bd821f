package io.beadhub.chat;

import io.beadhub.common.Json;
import io.beadhub.pubsub.PubSub;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat wake notifier (spec 20 §3.10): after a send or cursor advance commits, every stream of
 * the session on this replica is woken at once; with Redis, {@code chat:wake:{session_id}} carries
 * the wake to the other replicas (a replica ignores its own {@code origin}). A wake is only a hint:
 * the stream reads the new rows from PostgreSQL.
 */
public final class ChatWake {
  private static final Logger log = LoggerFactory.getLogger(ChatWake.class);

  /** The cross-replica message; {@code origin} lets a replica ignore its own. */
  private record Wake(UUID sessionId, String kind, UUID messageId, String origin) {
  }

  private final PubSub crossReplica;
  private final String origin = UUID.randomUUID().toString();
  private final Map<UUID, Set<Runnable>> local = new ConcurrentHashMap<>();

  /** {@code crossReplica} null: in-process only. */
  public ChatWake(PubSub crossReplica) {
    this.crossReplica = crossReplica;
  }

  static String channel(UUID sessionId) {
    return "chat:wake:" + sessionId;
  }

  /** Calls {@code wake} (which must not block) for every wake of the session until closed. */
  public AutoCloseable listen(UUID sessionId, Runnable wake) {
    // Added under the map's lock for the key: a concurrent close that empties and drops the set cannot
    // leave this wake in a set no longer mapped.
    local.compute(sessionId, (k, set) -> {
      Set<Runnable> wakes = set == null ? new CopyOnWriteArraySet<>() : set;
      wakes.add(wake);
      return wakes;
    });
    PubSub.Subscription sub = crossReplica == null ? null
        : crossReplica.subscribe(List.of(channel(sessionId)), (ch, msg) -> {
          if (!msg.contains(origin)) {
            wake.run();
          }
        });
    return () -> {
      local.computeIfPresent(sessionId, (k, set) -> {
        set.remove(wake);
        return set.isEmpty() ? null : set;
      });
      if (sub != null) {
        sub.close();
      }
    };
  }

  /** Publishes a wake for a committed change: {@code kind} is {@code message} or {@code receipt}. */
  public void publish(UUID sessionId, String kind, UUID messageId) {
    Set<Runnable> wakers = local.get(sessionId);
    if (wakers != null) {
      wakers.forEach(Runnable::run);
    }
    if (crossReplica != null) {
      try {
        crossReplica.publish(channel(sessionId), Json.string(new Wake(sessionId, kind, messageId, origin)));
      } catch (RuntimeException e) {
        log.warn("chat wake publish failed for {}", sessionId, e);
      }
    }
  }
}
