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
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** File reservations (spec 20 §4): exclusive keys with a clamped TTL and lazy expiry. */
public record ReservationService(Database db, EventBus bus, Clock clock) {
  static final long MIN_TTL = 60;
  static final long MAX_TTL = 3600;
  private static final String HELD_BY_OTHER = "Reservation held by another agent";

  /** {@code POST /v1/reservations}; {@code metadata} is the client's free-form object. */
  public record Acquire(String resourceKey, long ttlSeconds, JsonNode metadata) {
  }

  public record Acquired(String status, UUID projectId, String resourceKey, UUID holderAgentId, String holderAlias,
                         String acquiredAt, String expiresAt) {
  }

  public record Renewed(String status, String resourceKey, String expiresAt) {
  }

  public record Released(String status, String resourceKey) {
  }

  public record Revoked(String status, int deleted, int revokedCount, List<String> revokedKeys) {
  }

  /** One live reservation of the list; {@code metadata} is stored as the client sent it. */
  public record Reservation(UUID reservationId, UUID projectId, String resourceKey, UUID holderAgentId,
                            String holderAlias, String acquiredAt, String expiresAt, JsonNode metadata, String beadId,
                            String reason, boolean exclusive, long ttlRemainingSeconds) {
  }

  public record Reservations(List<Reservation> reservations, int count) {
  }

  static long clamp(long ttl) {
    return Math.max(MIN_TTL, Math.min(MAX_TTL, ttl));
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  public Acquired acquire(Caller c, Acquire a) {
    Acquired fast = acquireAtOnce(c, a.resourceKey(), clamp(a.ttlSeconds()), a.metadata());
    return fast != null ? fast : acquireAll(c, List.of(a.resourceKey()), a.ttlSeconds(), a.metadata()).get(0);
  }

  /**
   * A free key taken by an agent this process has seen before, in one statement and one round trip;
   * null when that does not apply or the statement inserted nothing (the transactional path then
   * answers, and finds out why).
   */
  private Acquired acquireAtOnce(Caller c, String key, long ttl, JsonNode metadata) {
    String alias = Actors.knownAlias(c.agentId());
    String slug = Actors.knownSlug(c.projectId());
    if (alias == null || slug == null) {
      return null;
    }
    OffsetDateTime now = now();
    EventStore.Pending event = EventStore.pending(c.projectId(), slug, c.agentId(), "reservation.acquired",
        acquiredFields(key, alias, ttl, metadata), now.toInstant());
    long[] eventId = new long[1];
    Optional<ReservationStore.Row> row = db.jdbc(conn -> ReservationStore.insertIfLiveWithEvent(conn, c.projectId(),
        key, c.agentId(), now, now.plusSeconds(ttl), metadata.toString(), event, eventId));
    if (row.isEmpty()) {
      return null;
    }
    bus.publish(List.of(event.recorded(eventId[0])));
    return acquired(row.get());
  }

  private static Acquired acquired(ReservationStore.Row r) {
    return new Acquired("acquired", r.projectId(), r.resourceKey(), r.holderAgentId(), r.holderAlias(),
        Times.isoOffset(r.acquiredAt()), Times.isoOffset(r.expiresAt()));
  }

  private static Map<String, Object> acquiredFields(String key, String alias, long ttl, JsonNode metadata) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("paths", List.of(key));
    fields.put("alias", alias);
    fields.put("ttl_seconds", ttl);
    fields.put("bead_id", null);
    fields.put("reason", textOrNull(metadata, "reason"));
    fields.put("exclusive", true);
    return fields;
  }

  /**
   * Several keys at once, all or none (MCP {@code reserve_files}, spec 90 §2): one transaction, so a key
   * held by another refuses the whole call (409 naming the holder) and none of the keys is taken.
   */
  public List<Acquired> acquireAll(Caller c, List<String> keys, long requestedTtl, JsonNode metadata) {
    long ttl = clamp(requestedTtl);
    List<Event> events = new ArrayList<>();
    List<Acquired> out = db.tx(h -> {
      Agent me = Actors.require(h, c);
      OffsetDateTime now = now();
      List<Acquired> acquired = new ArrayList<>();
      for (String key : keys) {
        acquired.add(acquireIn(h, c, me, key, ttl, metadata, now, events));
      }
      return acquired;
    });
    bus.publish(events);
    return out;
  }

  private Acquired acquireIn(Handle h, Caller c, Agent me, String key, long ttl, JsonNode metadata,
                             OffsetDateTime now, List<Event> events) {
    EventStore.Pending event = EventStore.pending(c.projectId(), Actors.projectSlug(h, c.projectId()),
        me.agentId(), "reservation.acquired", acquiredFields(key, me.alias(), ttl, metadata), now.toInstant());
    // An expired row counts as absent: it makes the insert conflict, and is deleted before the retry.
    // A conflicting row may also vanish between the insert and the look-up; try again a few times.
    for (int attempt = 0; attempt < 4; attempt++) {
      long[] eventId = new long[1];
      Optional<ReservationStore.Row> row = ReservationStore.insertWithEvent(h, c.projectId(), key, me.agentId(),
          me.alias(), now, now.plusSeconds(ttl), metadata.toString(), event, eventId);
      if (row.isPresent()) {
        events.add(event.recorded(eventId[0]));
        return acquired(row.get());
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

  public Renewed renew(Caller c, String key, long requestedTtl) {
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
      return new Renewed("renewed", key, Times.isoOffset(expires));
    });
  }

  public Released release(Caller c, String key) {
    return releaseAll(c, List.of(key)).get(0);
  }

  /** Several keys in one transaction (MCP {@code release_files}); a key another agent holds refuses all. */
  public List<Released> releaseAll(Caller c, List<String> keys) {
    List<Event> events = new ArrayList<>();
    List<Released> out = db.tx(h -> {
      Agent me = Actors.require(h, c);
      OffsetDateTime now = now();
      List<String> released = new ArrayList<>();
      for (String key : keys) {
        Optional<ReservationStore.Row> row = ReservationStore.findLiveForUpdate(h, c.projectId(), key, now);
        if (row.isPresent()) {
          if (!row.get().holderAgentId().equals(me.agentId())) {
            throw ApiError.conflict(HELD_BY_OTHER);
          }
          ReservationStore.delete(h, c.projectId(), key);
          released.add(key);
        }
      }
      if (!released.isEmpty()) {
        events.add(released(h, c, me, released, now.toInstant()));
      }
      return keys.stream().map(k -> new Released("released", k)).toList();
    });
    bus.publish(events);
    return out;
  }

  public Revoked revoke(Caller c, String prefix) {
    String p = prefix == null || prefix.isEmpty() ? null : prefix;
    List<Event> events = new ArrayList<>();
    Revoked out = db.tx(h -> {
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
      return new Revoked("revoked", keys.size(), keys.size(), keys);
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

  public Reservations list(Caller c, String prefix, String pathPrefix, String alias) {
    OffsetDateTime now = now();
    List<Reservation> items = db.read(h -> ReservationStore.listLive(h, c.projectId(), prefix, pathPrefix, alias, now))
        .stream().map(r -> reservation(r, now)).toList();
    return new Reservations(items, items.size());
  }

  private static Reservation reservation(ReservationStore.Row r, OffsetDateTime now) {
    JsonNode meta = Json.tree(r.metadataJson());
    long remaining = Math.max(0, Math.floorDiv(ChronoUnit.MICROS.between(now, r.expiresAt()), 1_000_000L));
    return new Reservation(r.reservationId(), r.projectId(), r.resourceKey(), r.holderAgentId(), r.holderAlias(),
        Times.isoOffset(r.acquiredAt()), Times.isoOffset(r.expiresAt()), meta, textOrNull(meta, "bead_id"),
        textOrNull(meta, "reason"), true, remaining);
  }

  private static String textOrNull(JsonNode meta, String field) {
    JsonNode v = meta == null ? null : meta.get(field);
    return v != null && v.isTextual() ? v.textValue() : null;
  }
}
