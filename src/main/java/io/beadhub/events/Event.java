package io.beadhub.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * An event as its writer queued it (spec 30 §7.1): {@code payload} is the JSON with {@code workspace_id},
 * {@code type}, {@code timestamp}, {@code project_slug} and the type's fields. {@code queueId} is its place
 * in {@code server.event_queue}; its public {@code event_id} is given after the commit ({@link EventSequencer}).
 */
public record Event(long queueId, UUID projectId, UUID workspaceId, String type, ObjectNode payload) {
}
