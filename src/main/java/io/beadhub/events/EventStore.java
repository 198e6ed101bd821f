package io.beadhub.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.Times;
import io.beadhub.http.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The transactional outbox (spec 30 §7.3): an event is inserted in the same transaction as the
 * change it describes; it is fanned out after the commit by {@link EventBus#publish}.
 */
public final class EventStore {
  private EventStore() {
  }

  /**
   * Records an event inside the caller's transaction and returns it with its {@code event_id}.
   * {@code fields} are the type-specific fields, in order.
   */
  public static Event record(Handle h, UUID projectId, String projectSlug, UUID workspaceId, String type,
                             Map<String, ?> fields, Instant now) {
    Pending e = pending(projectId, projectSlug, workspaceId, type, fields, now);
    long id = h.createQuery("""
            INSERT INTO server.events (project_id, workspace_id, type, payload, created_at)
            VALUES (:project, :workspace, :type, CAST(:payload AS jsonb), :now)
            RETURNING event_id
            """)
        .bind("project", projectId).bind("workspace", workspaceId).bind("type", type)
        .bind("payload", e.payloadText()).bind("now", e.createdAt())
        .mapTo(Long.class).one();
    return e.recorded(id);
  }

  /**
   * An event built but not yet inserted, for a store that inserts it in the same SQL statement as the
   * change it describes (a data-modifying CTE): bind {@link #payloadText} and {@link #createdAt}
   * into {@code INSERT INTO server.events … RETURNING event_id}, then call {@link #recorded}.
   */
  public record Pending(UUID projectId, UUID workspaceId, String type, ObjectNode payload, String payloadText,
                        java.time.OffsetDateTime createdAt) {
    public Event recorded(long eventId) {
      payload.put("event_id", eventId);
      return new Event(eventId, projectId, workspaceId, type, payload);
    }
  }

  public static Pending pending(UUID projectId, String projectSlug, UUID workspaceId, String type,
                                Map<String, ?> fields, Instant now) {
    ObjectNode payload = Json.object();
    payload.put("workspace_id", workspaceId.toString());
    payload.put("type", type);
    payload.put("timestamp", Times.isoOffset(now));
    payload.put("project_slug", projectSlug);
    fields.forEach((k, v) -> payload.set(k, Json.MAPPER.valueToTree(v)));
    return new Pending(projectId, workspaceId, type, payload, payload.toString(),
        java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC));
  }

  /** An event to record in a batch. */
  public record NewEvent(UUID workspaceId, String type, Map<String, ?> fields) {
  }

  /**
   * Records many events in one statement (a sync may produce thousands), in list order; returns them
   * with their ids. Same semantics as {@link #record}.
   */
  public static List<Event> recordAll(Handle h, UUID projectId, String projectSlug, List<NewEvent> events,
                                      Instant now) {
    io.beadhub.db.Batch b = new io.beadhub.db.Batch();
    java.util.function.Supplier<List<Event>> out = recordAll(b, projectId, projectSlug, events, now);
    b.run(h);
    return out.get();
  }

  /** As above, as a part of {@code b}: the supplier yields the events once {@code b} has run. */
  public static java.util.function.Supplier<List<Event>> recordAll(io.beadhub.db.Batch b, UUID projectId,
                                                                   String projectSlug, List<NewEvent> events,
                                                                   Instant now) {
    if (events.isEmpty()) {
      return List::of;
    }
    List<ObjectNode> payloads = new ArrayList<>();
    UUID[] ws = new UUID[events.size()];
    String[] types = new String[events.size()];
    String[] texts = new String[events.size()];
    for (int i = 0; i < events.size(); i++) {
      NewEvent e = events.get(i);
      ObjectNode payload = Json.object();
      payload.put("workspace_id", e.workspaceId().toString());
      payload.put("type", e.type());
      payload.put("timestamp", Times.isoOffset(now));
      payload.put("project_slug", projectSlug);
      e.fields().forEach((k, v) -> payload.set(k, Json.MAPPER.valueToTree(v)));
      payloads.add(payload);
      ws[i] = e.workspaceId();
      types[i] = e.type();
      texts[i] = payload.toString();
    }
    io.beadhub.db.Batch.Result<Long> inserted = b.query("""
            INSERT INTO server.events (project_id, workspace_id, type, payload, created_at)
            SELECT :project, t.ws, t.type, CAST(t.payload AS jsonb), :now
              FROM unnest(CAST(:ws AS uuid[]), CAST(:types AS text[]), CAST(:payloads AS text[]))
                   WITH ORDINALITY AS t(ws, type, payload, ord)
             ORDER BY t.ord
            RETURNING event_id
            """, q -> q.bind("project", projectId).bind("ws", ws).bind("types", io.beadhub.db.TextArray.of(types))
            .bind("payloads", io.beadhub.db.TextArray.of(texts))
            .bind("now", java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC)),
        (rs, c) -> rs.getLong(1));
    return () -> {
      List<Long> ids = new ArrayList<>(inserted.list());
      java.util.Collections.sort(ids);
      List<Event> out = new ArrayList<>();
      for (int i = 0; i < events.size(); i++) {
        ObjectNode p = payloads.get(i);
        p.put("event_id", ids.get(i));
        out.add(new Event(ids.get(i), projectId, ws[i], types[i], p));
      }
      return out;
    };
  }

  /** Persisted events on {@code channels} after {@code afterId}, oldest first, at most {@code limit} (newest kept). */
  public static List<Event> since(Handle h, java.util.Collection<UUID> channels, long afterId, int limit) {
    return since(h, channels, afterId, null, limit);
  }

  /** As above, restricted to the given type categories (the part before the first dot); null = all. */
  public static List<Event> since(Handle h, java.util.Collection<UUID> channels, long afterId,
                                  java.util.Collection<String> categories, int limit) {
    String cat = categories == null ? "" : " AND split_part(type, '.', 1) = ANY(:cats)";
    var q = h.createQuery("""
            SELECT event_id, project_id, workspace_id, type, payload::text AS payload
              FROM server.events
             WHERE workspace_id = ANY(:channels) AND event_id > :after""" + cat + """

             ORDER BY event_id DESC
             LIMIT :limit
            """)
        .bind("channels", channels.toArray(new UUID[0])).bind("after", afterId).bind("limit", limit);
    if (categories != null) {
      q.bind("cats", categories.toArray(new String[0]));
    }
    List<Event> out = new ArrayList<>(q.map((rs, ctx) -> {
          ObjectNode p = (ObjectNode) Json.tree(rs.getString("payload"));
          long id = rs.getLong("event_id");
          p.put("event_id", id);
          return new Event(id, rs.getObject("project_id", UUID.class), rs.getObject("workspace_id", UUID.class),
              rs.getString("type"), p);
        }).list());
    java.util.Collections.reverse(out);
    return out;
  }

  /** Deletes events older than the retention window; returns how many. */
  public static int sweep(Handle h, int retentionHours) {
    return h.createUpdate("DELETE FROM server.events WHERE created_at < now() - make_interval(hours => :h)")
        .bind("h", retentionHours).execute();
  }
}
