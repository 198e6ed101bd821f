package io.beadhub.reservations;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.agents.Agent;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Json;
import io.beadhub.common.Times;
import io.beadhub.db.Database;
import io.beadhub.events.Event;
import io.beadhub.events.EventBus;
import io.beadhub.events.EventStore;
import io.beadhub.messaging.Actors;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** File reservations (spec 20 §4): exclusive keys with a clamped TTL and lazy expiry. */
public final class ReservationService {
  static final long MIN_TTL = 60;
  static final long MAX_TTL = 3600;
  private static final String HELD_BY_OTHER = "Reservation held by another agent";

  private final Database db;
  private final EventBus bus;
  private final Clock clock;

  public ReservationService(Database db, EventBus bus, Clock clock) {
    this.db = db;
    this.bus = bus;
    this.clock = clock;
  }

  static long clamp(long ttl) {
    return Math.max(MIN_TTL, Math.min(MAX_TTL, ttl));
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  public Map<String, Object> acquire(Caller c, String key, long requestedTtl, JsonNode metadata) {
    long ttl = clamp(requestedTtl);
    List<Event> events = new ArrayList<>();
    Map<String, Object> out = db.tx(h -> acquireIn(h, c, Actors.require(h, c), key, ttl, metadata, now(), events));
    bus.publish(events);
    return out;
  }

  /**
   * Several keys at once, all or none (MCP {@code reserve_files}, spec 90 §2): one transaction, so a key
   * held by another refuses the whole call (409 naming the holder) and none of the keys is taken.
   */
  public List<Map<String, Object>> acquireAll(Caller c, List<String> keys, long requestedTtl, JsonNode metadata) {
    long ttl = clamp(requestedTtl);
    List<Event> events = new ArrayList<>();
    List<Map<String, Object>> out = db.tx(h -> {
      Agent me = Actors.require(h, c);
      OffsetDateTime now = now();
      List<Map<String, Object>> acquired = new ArrayList<>();
      for (String key : keys) {
        acquired.add(acquireIn(h, c, me, key, ttl, metadata, now, events));
      }
      return acquired;
    });
    bus.publish(events);
    return out;
  }

  private Map<String, Object> acquireIn(Handle h, Caller c, Agent me, String key, long ttl,
                                        JsonNode metadata, OffsetDateTime now, List<Event> events) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("paths", List.of(key));
    fields.put("alias", me.alias());
    fields.put("ttl_seconds", ttl);
    fields.put("bead_id", null);
    fields.put("reason", textOrNull(metadata, "reason"));
    fields.put("exclusive", true);
    EventStore.Pending event = EventStore.pending(c.projectId(), Actors.projectSlug(h, c.projectId()),
        me.agentId(), "reservation.acquired", fields, now.toInstant());
    // An expired row counts as absent: it makes the insert conflict, and is deleted before the retry.
    // A conflicting row may also vanish between the insert and the look-up; try again a few times.
    for (int attempt = 0; attempt < 4; attempt++) {
      long[] eventId = new long[1];
      Optional<ReservationStore.Row> row = ReservationStore.insertWithEvent(h, c.projectId(), key, me.agentId(),
          me.alias(), now, now.plusSeconds(ttl), metadata.toString(), event, eventId);
      if (row.isPresent()) {
        events.add(event.recorded(eventId[0]));
        ReservationStore.Row r = row.get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "acquired");
        m.put("project_id", r.projectId());
        m.put("resource_key", r.resourceKey());
        m.put("holder_agent_id", r.holderAgentId());
        m.put("holder_alias", r.holderAlias());
        m.put("acquired_at", Times.isoOffset(r.acquiredAt()));
        m.put("expires_at", Times.isoOffset(r.expiresAt()));
        return m;
      }
      Optional<ReservationStore.Row> holder = ReservationStore.findLiveForUpdate(h, c.projectId(), key, now);
      if (holder.isPresent()) {
        ReservationStore.Row r = holder.get();
        throw new ApiError(409, "Reservation is already held")
            .with("holder_agent_id", r.holderAgentId())
            .with("holder_alias", r.holderAlias())
            .with("expires_at", Times.isoOffset(r.expiresAt()));
      }
      ReservationStore.deleteExpired(h, c.projectId(), key, now);
    }
    throw ApiError.conflict("Reservation is already held");
  }

  public Map<String, Object> renew(Caller c, String key, long requestedTtl) {
    long ttl = clamp(requestedTtl);
    return db.tx(h -> {
      Agent me = Actors.require(h, c);
      OffsetDateTime now = now();
      ReservationStore.Row r = ReservationStore.findLiveForUpdate(h, c.projectId(), key, now)
          .orElseThrow(() -> ApiError.notFound("Reservation not found"));
      if (!r.holderAgentId().equals(me.agentId())) {
        throw ApiError.conflict(HELD_BY_OTHER);
      }
      OffsetDateTime expires = ReservationStore.renew(h, c.projectId(), key, now.plusSeconds(ttl));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("status", "renewed");
      m.put("resource_key", key);
      m.put("expires_at", Times.isoOffset(expires));
      return m;
    });
  }

  public Map<String, Object> release(Caller c, String key) {
    return releaseAll(c, List.of(key)).get(0);
  }

  /** Several keys in one transaction (MCP {@code release_files}); a key another agent holds refuses all. */
  public List<Map<String, Object>> releaseAll(Caller c, List<String> keys) {
    List<Event> events = new ArrayList<>();
    List<Map<String, Object>> out = db.tx(h -> {
      Agent me = Actors.require(h, c);
      OffsetDateTime now = now();
      List<String> released = new ArrayList<>();
      List<Map<String, Object>> results = new ArrayList<>();
      for (String key : keys) {
        Optional<ReservationStore.Row> row = ReservationStore.findLiveForUpdate(h, c.projectId(), key, now);
        if (row.isPresent()) {
          if (!row.get().holderAgentId().equals(me.agentId())) {
            throw ApiError.conflict(HELD_BY_OTHER);
          }
          ReservationStore.delete(h, c.projectId(), key);
          released.add(key);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "released");
        m.put("resource_key", key);
        results.add(m);
      }
      if (!released.isEmpty()) {
        events.add(released(h, c, me, released, now.toInstant()));
      }
      return results;
    });
    bus.publish(events);
    return out;
  }

  public Map<String, Object> revoke(Caller c, String prefix) {
    String p = prefix == null || prefix.isEmpty() ? null : prefix;
    List<Event> events = new ArrayList<>();
    Map<String, Object> out = db.tx(h -> {
      Agent me = Actors.require(h, c);
      OffsetDateTime now = now();
      List<ReservationStore.Deleted> deleted = ReservationStore.deleteOwn(h, c.projectId(), me.agentId(), p, now);
      if (p != null && deleted.isEmpty() && ReservationStore.othersHoldLive(h, c.projectId(), me.agentId(), p, now)) {
        throw ApiError.forbidden("Cannot revoke reservations held by other agents");
      }
      List<String> keys = deleted.stream().filter(ReservationStore.Deleted::live)
          .map(ReservationStore.Deleted::resourceKey).toList();
      if (!keys.isEmpty()) {
        events.add(released(h, c, me, keys, now.toInstant()));
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("status", "revoked");
      m.put("deleted", keys.size());
      m.put("revoked_count", keys.size());
      m.put("revoked_keys", keys);
      return m;
    });
    bus.publish(events);
    return out;
  }

  private static Event released(Handle h, Caller c, Agent me, List<String> keys, Instant now) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("paths", keys);
    fields.put("alias", me.alias());
    return EventStore.record(h, c.projectId(), Actors.projectSlug(h, c.projectId()), me.agentId(),
        "reservation.released", fields, now);
  }

  public Map<String, Object> list(Caller c, String prefix, String pathPrefix, String alias) {
    OffsetDateTime now = now();
    List<ReservationStore.Row> rows = db.read(h -> ReservationStore.listLive(h, c.projectId(), prefix, pathPrefix,
        alias, now));
    List<Map<String, Object>> items = new ArrayList<>(rows.size());
    for (ReservationStore.Row r : rows) {
      JsonNode meta = Json.tree(r.metadataJson());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("reservation_id", r.reservationId());
      m.put("project_id", r.projectId());
      m.put("resource_key", r.resourceKey());
      m.put("holder_agent_id", r.holderAgentId());
      m.put("holder_alias", r.holderAlias());
      m.put("acquired_at", Times.isoOffset(r.acquiredAt()));
      m.put("expires_at", Times.isoOffset(r.expiresAt()));
      m.put("metadata", meta);
      m.put("bead_id", textOrNull(meta, "bead_id"));
      m.put("reason", textOrNull(meta, "reason"));
      m.put("exclusive", true);
      m.put("ttl_remaining_seconds", Math.max(0, Math.floorDiv(
          ChronoUnit.MICROS.between(now, r.expiresAt()), 1_000_000L)));
      items.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("reservations", items);
    out.put("count", items.size());
    return out;
  }

  private static String textOrNull(JsonNode meta, String field) {
    JsonNode v = meta == null ? null : meta.get(field);
    return v != null && v.isTextual() ? v.textValue() : null;
  }
}
