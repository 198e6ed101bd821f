package io.beadhub.notifications;

import com.fasterxml.jackson.core.type.TypeReference;
import io.beadhub.common.Json;
import io.beadhub.events.Event;
import io.beadhub.events.EventStore;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** The {@code message.delivered} event (spec 30, event table) of a mail this server sends itself. */
public final class DeliveredEvent {
  private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {
  };

  /** The event's fields, in their wire order. */
  private record Fields(UUID messageId, UUID fromWorkspace, String fromAlias, String toAlias, String subject,
                        String priority) {
  }

  private DeliveredEvent() {
  }

  /** A mail to {@code recipient} (workspace = agent id) from {@code from}, recorded in the caller's transaction. */
  public static Event record(Handle h, UUID projectId, String projectSlug, UUID recipient, String recipientAlias,
                             UUID messageId, SystemAgent.Sender from, String subject, String priority, Instant now) {
    Fields f = new Fields(messageId, from.agentId(), from.alias(), recipientAlias, subject, priority);
    return EventStore.record(h, projectId, projectSlug, recipient, "message.delivered",
        Json.MAPPER.convertValue(f, FIELDS), now);
  }
}
