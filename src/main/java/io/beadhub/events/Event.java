package io.beadhub.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * One bus event (spec 30 §7.1): {@code payload} is the full JSON with {@code workspace_id},
 * {@code type}, {@code timestamp}, {@code project_slug}, the type's fields and {@code event_id}.
 */
public record Event(long eventId, UUID projectId, UUID workspaceId, String type, ObjectNode payload) {
  /** The category: the part of the type before the first dot. */
  public String category() {
    int dot = type.indexOf('.');
    return dot < 0 ? type : type.substring(0, dot);
  }
}
