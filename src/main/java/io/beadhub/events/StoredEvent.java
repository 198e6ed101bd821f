package io.beadhub.events;

import java.util.UUID;

/**
 * A numbered event as streams send it: {@code json} is the full event JSON (spec 30 §7.1) with its
 * {@code event_id}.
 */
public record StoredEvent(long eventId, UUID projectId, UUID workspaceId, String type, String json) {
  /** The category: the part of the type before the first dot. */
  public String category() {
    int dot = type.indexOf('.');
    return dot < 0 ? type : type.substring(0, dot);
  }

  /** The writer's JSON object with {@code "event_id": id} added as its last field. */
  static String withId(String json, long id) {
    int end = json.lastIndexOf('}');
    String head = json.substring(0, end).stripTrailing();
    return head + (head.endsWith("{") ? "" : ",") + "\"event_id\":" + id + "}";
  }
}
