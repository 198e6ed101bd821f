package io.beadhub.events;

import io.beadhub.http.Json;
import io.beadhub.pubsub.PubSub;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fan-out of committed events on channel {@code events:<workspace_id>} (spec 30 §7.3). Publishing
 * never fails the publisher: a lost fan-out is recovered by replay from {@code server.events}.
 */
public final class EventBus {
  private static final Logger log = LoggerFactory.getLogger(EventBus.class);
  private final PubSub pubsub;

  public EventBus(PubSub pubsub) {
    this.pubsub = pubsub;
  }

  public static String channel(UUID workspaceId) {
    return "events:" + workspaceId;
  }

  /** Publishes events already committed, in order. */
  public void publish(List<Event> events) {
    for (Event e : events) {
      try {
        pubsub.publish(channel(e.workspaceId()), e.payload().toString());
      } catch (RuntimeException ex) {
        log.warn("event fan-out failed for {} {}", e.type(), e.eventId(), ex);
      }
    }
  }

  /** Subscribes to the channels of a set of workspaces; the listener gets each event's JSON. */
  public PubSub.Subscription subscribe(Collection<UUID> workspaceIds, Consumer<String> listener) {
    List<String> channels = workspaceIds.stream().map(EventBus::channel).toList();
    return pubsub.subscribe(channels, (ch, msg) -> listener.accept(msg));
  }

  static String json(Object o) {
    return Json.string(o);
  }
}
