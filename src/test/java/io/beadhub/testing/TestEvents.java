package io.beadhub.testing;

import io.beadhub.events.Event;
import io.beadhub.events.EventBus;
import io.beadhub.events.EventStore;
import io.beadhub.pubsub.RedisPubSub;
import io.beadhub.redis.Redis;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Publishes events the way a feature does (outbox row in PostgreSQL, then fan-out over Redis), for
 * stream tests that need event types whose routes are built elsewhere (escalations).
 */
public final class TestEvents implements AutoCloseable {
  private final TestServer server;
  private final Redis redis;
  private final RedisPubSub pubsub;
  private final EventBus bus;

  public TestEvents(TestServer server, String redisUrl) {
    this.server = server;
    this.redis = new Redis(redisUrl);
    this.pubsub = new RedisPubSub(redis);
    this.bus = new EventBus(pubsub);
  }

  /** Records (committed) then publishes an {@code escalation.created} on the workspace's channel. */
  public Event escalation(String projectId, String slug, String workspaceId, String subject) {
    Event e = server.sql().inTransaction(h -> EventStore.record(h, UUID.fromString(projectId), slug,
        UUID.fromString(workspaceId), "escalation.created",
        Map.of("escalation_id", UUID.randomUUID().toString(), "alias", "alice-dev", "subject", subject),
        Instant.now()));
    bus.publish(List.of(e));
    return e;
  }

  /** Records an event without publishing it (as if the fan-out had been lost). */
  public Event recordOnly(String projectId, String slug, String workspaceId, String subject) {
    return server.sql().inTransaction(h -> EventStore.record(h, UUID.fromString(projectId), slug,
        UUID.fromString(workspaceId), "escalation.created",
        Map.of("escalation_id", UUID.randomUUID().toString(), "alias", "alice-dev", "subject", subject),
        Instant.now()));
  }

  @Override
  public void close() {
    pubsub.close();
    redis.close();
  }
}
