package io.beadhub.testing;

import io.beadhub.db.Database;
import io.beadhub.db.DatabaseUrl;
import io.beadhub.events.EventSequencer;
import io.beadhub.events.EventStore;
import io.beadhub.pubsub.RedisPubSub;
import io.beadhub.redis.Redis;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * Writes events the way a feature does (queued in PostgreSQL in the writer's transaction, numbered after
 * the commit), for stream tests that need event types whose routes are built elsewhere (escalations).
 * It numbers them itself, as another replica would, and publishes the pass over Redis.
 */
public final class TestEvents implements AutoCloseable {
  private final TestServer server;
  private final Redis redis;
  private final RedisPubSub pubsub;
  private final Database db;
  private final EventSequencer sequencer;

  public TestEvents(TestServer server, String redisUrl) {
    this.server = server;
    this.redis = new Redis(redisUrl);
    this.pubsub = new RedisPubSub(redis);
    this.db = new Database(DatabaseUrl.parse(server.databaseUrl()), 2);
    this.sequencer = new EventSequencer(db, pubsub, Duration.ofHours(1));
  }

  /** Writes an {@code escalation.created} on the workspace's channel, numbers it; returns its event_id. */
  public long escalation(String projectId, String slug, String workspaceId, String subject) {
    String id = queue(projectId, slug, workspaceId, subject);
    sequencer.kick();
    return eventId(id);
  }

  /**
   * Writes an event and leaves its numbering to the server (as if this writer had died right after its
   * commit); returns its event_id once the server has numbered it.
   */
  public long recordOnly(String projectId, String slug, String workspaceId, String subject) {
    return eventId(queue(projectId, slug, workspaceId, subject));
  }

  private String queue(String projectId, String slug, String workspaceId, String subject) {
    String escalation = UUID.randomUUID().toString();
    server.sql().useTransaction(h -> EventStore.record(h, UUID.fromString(projectId), slug,
        UUID.fromString(workspaceId), "escalation.created",
        Map.of("escalation_id", escalation, "alias", "alice-dev", "subject", subject), Instant.now()));
    return escalation;
  }

  private long eventId(String escalation) {
    return Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
        .until(() -> server.sql().withHandle(h -> h.createQuery(
                "SELECT event_id FROM server.events WHERE payload->>'escalation_id' = :e")
            .bind("e", escalation).mapTo(Long.class).findOne().orElse(null)), java.util.Objects::nonNull);
  }

  @Override
  public void close() {
    sequencer.close();
    db.close();
    pubsub.close();
    redis.close();
  }
}
