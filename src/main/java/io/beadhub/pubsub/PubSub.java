package io.beadhub.pubsub;

import java.util.Collection;
import java.util.function.BiConsumer;

/**
 * Publish/subscribe on named channels, used to wake streams (chat, status events). Two
 * implementations: Redis ({@code BEADHUB_REDIS_URL}; replicas behave as one) and in-process.
 * Delivery is best effort: durable state is always in PostgreSQL.
 */
public interface PubSub extends AutoCloseable {
  void publish(String channel, String message);

  /** Calls {@code listener(channel, message)} for every message on any of {@code channels}. */
  Subscription subscribe(Collection<String> channels, BiConsumer<String, String> listener);

  /** Whether the transport is currently connected (always true in-process). */
  default boolean healthy() {
    return true;
  }

  @Override
  default void close() {
  }

  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
