package io.beadhub.notifications;

import io.beadhub.events.Event;
import io.beadhub.events.EventStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** The {@code message.delivered} event (spec 30, event table) of a mail this server sends itself. */
public final class DeliveredEvent {
  private DeliveredEvent() {
  }

  /** A mail to {@code recipient} (workspace = agent id) from {@code from}, recorded in the caller's transaction. */
  public static Event record(Handle h, UUID projectId, String projectSlug, UUID recipient, String recipientAlias,
                             UUID messageId, SystemAgent.Sender from, String subject, String priority, Instant now) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("message_id", messageId);
    fields.put("from_workspace", from.agentId());
    fields.put("from_alias", from.alias());
    fields.put("to_alias", recipientAlias);
    fields.put("subject", subject);
    fields.put("priority", priority);
    return EventStore.record(h, projectId, projectSlug, recipient, "message.delivered", fields, now);
  }
}
