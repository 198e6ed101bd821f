package io.beadhub.events;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The events of one project numbered by one sequencer pass: ids in {@code (prev, last]} of that project,
 * in order. A feed that has delivered its project up to {@code prev} can deliver these and stand at
 * {@code last}; one that stands lower has missed a pass and catches up from the store.
 */
record EventBatch(UUID projectId, long prev, long last, List<StoredEvent> events) {
  static String channel(UUID projectId) {
    return "events:" + projectId;
  }

  /**
   * The pub/sub form, one line per event after a header line; the JSON never holds a raw newline or tab
   * (Jackson escapes both inside strings).
   */
  String encode() {
    StringBuilder sb = new StringBuilder(64 + events.size() * 256);
    sb.append(projectId).append(' ').append(prev).append(' ').append(last).append('\n');
    for (StoredEvent e : events) {
      sb.append(e.eventId()).append('\t').append(e.workspaceId()).append('\t').append(e.type()).append('\t')
          .append(e.json()).append('\n');
    }
    return sb.toString();
  }

  static EventBatch decode(String text) {
    String[] lines = text.split("\n");
    String[] head = lines[0].split(" ");
    UUID project = UUID.fromString(head[0]);
    List<StoredEvent> events = new ArrayList<>(lines.length - 1);
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split("\t", 4);
      events.add(new StoredEvent(Long.parseLong(f[0]), project, UUID.fromString(f[1]), f[2], f[3]));
    }
    return new EventBatch(project, Long.parseLong(head[1]), Long.parseLong(head[2]), events);
  }
}
