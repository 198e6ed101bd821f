package io.beadhub.reservations;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Access;
import io.beadhub.common.Json;
import io.beadhub.http.Body;
import io.beadhub.http.Query;
import io.beadhub.http.Router;
import io.beadhub.http.ValidationError;
import java.util.List;

/** {@code /v1/reservations} (spec 20 §4). */
public final class ReservationRoutes {
  public static final int MAX_KEY = 4096;

  private ReservationRoutes() {
  }

  public static void register(Router r, ReservationService s) {
    r.get("/v1/reservations", Access.PUBLIC, req -> {
      Query q = req.query();
      return s.list(req.caller(), q.filter("prefix", MAX_KEY), q.filter("path_prefix", MAX_KEY),
          q.filter("alias", 64));
    }).returns(ReservationService.Reservations.class);
    r.post("/v1/reservations", Access.ACTOR, req -> {
      Body b = req.body();
      String key = b.requiredStr("resource_key", 1, MAX_KEY);
      long ttl = ttl(b);
      JsonNode meta = b.raw("metadata");
      if (meta == null || meta.isNull()) {
        meta = Json.object();
      } else if (!meta.isObject()) {
        throw ValidationError.of("dict_type", List.of("body", "metadata"), "Input should be a valid dictionary",
            meta);
      }
      return s.acquire(req.caller(), new ReservationService.Acquire(key, ttl, meta));
    }).returns(ReservationService.Acquired.class).accepts(ReservationRequests.Acquire.class);
    r.post("/v1/reservations/renew", Access.ACTOR, req -> {
      ReservationRequests.Renew b = renew(req.body());
      return s.renew(req.caller(), b.resourceKey(), b.ttlSeconds());
    }).returns(ReservationService.Renewed.class).accepts(ReservationRequests.Renew.class);
    r.post("/v1/reservations/release", Access.ACTOR,
        req -> s.release(req.caller(), release(req.body()).resourceKey()))
        .returns(ReservationService.Released.class).accepts(ReservationRequests.Release.class);
    r.post("/v1/reservations/revoke", Access.ACTOR,
        req -> s.revoke(req.caller(), revoke(req.body()).prefix())).returns(ReservationService.Revoked.class)
        .accepts(ReservationRequests.Revoke.class);
  }

  private static ReservationRequests.Renew renew(Body b) {
    String key = b.requiredStr("resource_key", 1, MAX_KEY);
    return new ReservationRequests.Renew(key, ttl(b));
  }

  private static ReservationRequests.Release release(Body b) {
    return new ReservationRequests.Release(b.requiredStr("resource_key", 1, MAX_KEY));
  }

  private static ReservationRequests.Revoke revoke(Body b) {
    return new ReservationRequests.Revoke(b.str("prefix", MAX_KEY));
  }

  private static long ttl(Body b) {
    Long ttl = b.integer("ttl_seconds", 1, Long.MAX_VALUE);
    return ttl == null ? 60 : ttl;
  }
}
