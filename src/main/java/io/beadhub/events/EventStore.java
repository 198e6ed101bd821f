package io.beadhub.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.Json;
import io.beadhub.common.Times;
import io.beadhub.db.Batch;
import io.beadhub.db.TextArray;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * The SQL of the event log (spec 30 §7.3, docs/events.md). Writers queue an event in the same transaction
 * as the change it describes ({@code server.event_queue}); the {@link EventSequencer} numbers committed
 * events into {@code server.events}; streams read numbered events only.
 */
public final class EventStore {
  private EventStore() {
  }

  /**
   * Queues an event inside the caller's transaction. {@code fields} are the type-specific fields, in
   * order. The returned event's id is its queue position, not yet its public {@code event_id}.
   */
  public static Event record(Handle h, UUID projectId, String projectSlug, UUID workspaceId, String type,
                             Map<String, ?> fields, Instant now) {
    Pending e = pending(projectId, projectSlug, workspaceId, type, fields, now);
    long id = h.createQuery("""
            INSERT INTO server.event_queue (project_id, workspace_id, type, payload, created_at)
            VALUES (:project, :workspace, :type, :payload, :now)
            RETURNING row_id
            """)
        .bind("project", projectId).bind("workspace", workspaceId).bind("type", type)
        .bind("payload", e.payloadText()).bind("now", e.createdAt())
        .mapTo(Long.class).one();
    return e.recorded(id);
  }

  /**
   * An event built but not yet queued, for a store that queues it in the same SQL statement as the change
   * it describes (a data-modifying CTE): bind {@link #payloadText} and {@link #createdAt} into
   * {@code INSERT INTO server.event_queue … RETURNING row_id}, then call {@link #recorded}.
   */
  public record Pending(UUID projectId, UUID workspaceId, String type, ObjectNode payload, String payloadText,
                        OffsetDateTime createdAt) {
    public Event recorded(long queueId) {
      return new Event(queueId, projectId, workspaceId, type, payload);
    }
  }

  public static Pending pending(UUID projectId, String projectSlug, UUID workspaceId, String type,
                                Map<String, ?> fields, Instant now) {
    ObjectNode payload = payload(workspaceId, type, projectSlug, fields, now);
    return new Pending(projectId, workspaceId, type, payload, payload.toString(),
        OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
  }

  private static ObjectNode payload(UUID workspaceId, String type, String projectSlug, Map<String, ?> fields,
                                    Instant now) {
    ObjectNode payload = Json.object();
    payload.put("workspace_id", workspaceId.toString());
    payload.put("type", type);
    payload.put("timestamp", Times.isoOffset(now));
    payload.put("project_slug", projectSlug);
    fields.forEach((k, v) -> payload.set(k, Json.MAPPER.valueToTree(v)));
    return payload;
  }

  /** An event to record in a batch. */
  public record NewEvent(UUID workspaceId, String type, Map<String, ?> fields) {
  }

  /** Queues many events in one statement (a sync may produce thousands), in list order. */
  public static List<Event> recordAll(Handle h, UUID projectId, String projectSlug, List<NewEvent> events,
                                      Instant now) {
    Batch b = new Batch();
    Supplier<List<Event>> out = recordAll(b, projectId, projectSlug, events, now);
    b.run(h);
    return out.get();
  }

  /** As above, as a part of {@code b}: the supplier yields the events once {@code b} has run. */
  public static Supplier<List<Event>> recordAll(Batch b, UUID projectId, String projectSlug, List<NewEvent> events,
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
      ObjectNode payload = payload(e.workspaceId(), e.type(), projectSlug, e.fields(), now);
      payloads.add(payload);
      ws[i] = e.workspaceId();
      types[i] = e.type();
      texts[i] = payload.toString();
    }
    Batch.Result<Long> inserted = b.query("""
            INSERT INTO server.event_queue (project_id, workspace_id, type, payload, created_at)
            SELECT :project, t.ws, t.type, t.payload, :now
              FROM unnest(CAST(:ws AS uuid[]), CAST(:types AS text[]), CAST(:payloads AS text[]))
                   WITH ORDINALITY AS t(ws, type, payload, ord)
             ORDER BY t.ord
            RETURNING row_id
            """, q -> q.bind("project", projectId).bind("ws", ws).bind("types", TextArray.of(types))
            .bind("payloads", TextArray.of(texts)).bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)),
        (rs, c) -> rs.getLong(1));
    return () -> {
      List<Long> ids = new ArrayList<>(inserted.list());
      Collections.sort(ids);
      List<Event> out = new ArrayList<>();
      for (int i = 0; i < events.size(); i++) {
        out.add(new Event(ids.get(i), projectId, ws[i], types[i], payloads.get(i)));
      }
      return out;
    };
  }

  // ---- numbering (EventSequencer) ----

  /** Takes the numbering lock for the rest of the transaction; returns the last id handed out. */
  static long lockCounter(Handle h) {
    return h.createQuery("SELECT last_event_id FROM server.event_counter FOR UPDATE").mapTo(Long.class).one();
  }

  /** Whether any committed event waits for its number. */
  static boolean queued(Handle h) {
    return h.createQuery("SELECT EXISTS (SELECT 1 FROM server.event_queue)").mapTo(Boolean.class).one();
  }

  /**
   * One numbering pass, under {@link #lockCounter}: moves up to {@code max} queued events, oldest first,
   * into {@code server.events} with ids {@code last+1…}, advances the counter and the projects' heads.
   * Returns the numbered events in id order, each with its project's head before this pass.
   */
  static List<Numbered> number(Handle h, long last, int max) {
    return h.createQuery("""
            WITH moved AS (
              DELETE FROM server.event_queue
               WHERE row_id IN (SELECT row_id FROM server.event_queue ORDER BY row_id LIMIT :max)
              RETURNING row_id, project_id, workspace_id, type, payload, created_at
            ), numbered AS (
              SELECT :last + row_number() OVER (ORDER BY row_id) AS event_id, m.* FROM moved m
            ), stored AS (
              INSERT INTO server.events (event_id, project_id, workspace_id, type, payload, created_at)
              SELECT event_id, project_id, workspace_id, type, CAST(payload AS jsonb), created_at FROM numbered
            ), heads AS (
              INSERT INTO server.event_heads AS eh (project_id, last_event_id)
              SELECT project_id, max(event_id) FROM numbered GROUP BY project_id
              ON CONFLICT (project_id) DO UPDATE SET last_event_id = EXCLUDED.last_event_id
            ), counter AS (
              UPDATE server.event_counter SET last_event_id = (SELECT max(event_id) FROM numbered)
               WHERE EXISTS (SELECT 1 FROM numbered)
            )
            SELECT n.event_id, n.project_id, n.workspace_id, n.type, n.payload, COALESCE(eh.last_event_id, 0) AS prev
              FROM numbered n LEFT JOIN server.event_heads eh ON eh.project_id = n.project_id
             ORDER BY n.event_id
            """)
        .bind("last", last).bind("max", max)
        .map((rs, c) -> new Numbered(new StoredEvent(rs.getLong("event_id"), rs.getObject("project_id", UUID.class),
            rs.getObject("workspace_id", UUID.class), rs.getString("type"),
            StoredEvent.withId(rs.getString("payload"), rs.getLong("event_id"))), rs.getLong("prev")))
        .list();
  }

  /** An event numbered by a pass, with its project's head before the pass. */
  record Numbered(StoredEvent event, long prevHead) {
  }

  // ---- reading ----

  /** The projects' heads (the highest numbered event id; absent: none yet). */
  static Map<UUID, Long> heads(Handle h, Collection<UUID> projects) {
    Map<UUID, Long> out = new HashMap<>();
    h.createQuery("SELECT project_id, last_event_id FROM server.event_heads WHERE project_id = ANY(:p)")
        .bind("p", projects.toArray(new UUID[0]))
        .map((rs, c) -> out.put(rs.getObject(1, UUID.class), rs.getLong(2))).list();
    return out;
  }

  /** A project's numbered events after {@code afterId}, oldest first, at most {@code limit}. */
  static List<StoredEvent> ofProject(Handle h, UUID project, long afterId, int limit) {
    return h.createQuery("""
            SELECT event_id, project_id, workspace_id, type, payload::text AS payload
              FROM server.events
             WHERE project_id = :p AND event_id > :after
             ORDER BY event_id
             LIMIT :limit
            """)
        .bind("p", project).bind("after", afterId).bind("limit", limit)
        .map((rs, c) -> stored(rs)).list();
  }

  /**
   * Numbered events on {@code channels} with {@code afterId < event_id <= upTo}, restricted to the given
   * type categories (the part before the first dot; null = all), oldest first, at most {@code limit} (the
   * newest kept).
   */
  public static List<StoredEvent> since(Handle h, Collection<UUID> channels, long afterId, long upTo,
                                        Collection<String> categories, int limit) {
    List<StoredEvent> out = new ArrayList<>(h.createQuery("""
            SELECT event_id, project_id, workspace_id, type, payload::text AS payload
              FROM server.events
             WHERE workspace_id = ANY(:channels) AND event_id > :after AND event_id <= :upTo
               AND (CAST(:cats AS text[]) IS NULL OR split_part(type, '.', 1) = ANY(CAST(:cats AS text[])))
             ORDER BY event_id DESC
             LIMIT :limit
            """)
        .bind("channels", channels.toArray(new UUID[0])).bind("after", afterId).bind("upTo", upTo)
        .bind("cats", categories == null ? null : categories.toArray(new String[0])).bind("limit", limit)
        .map((rs, c) -> stored(rs)).list());
    Collections.reverse(out);
    return out;
  }

  /** Compact JSON, as live frames have it; jsonb's text form has spaces and another key order. */
  private static StoredEvent stored(java.sql.ResultSet rs) throws java.sql.SQLException {
    long id = rs.getLong("event_id");
    ObjectNode p = (ObjectNode) Json.tree(rs.getString("payload"));
    p.put("event_id", id);
    return new StoredEvent(id, rs.getObject("project_id", UUID.class), rs.getObject("workspace_id", UUID.class),
        rs.getString("type"), p.toString());
  }

  /** Deletes events older than the retention window; returns how many. */
  public static int sweep(Handle h, int retentionHours) {
    return h.createUpdate("DELETE FROM server.events WHERE created_at < now() - make_interval(hours => :h)")
        .bind("h", retentionHours).execute();
  }
}
