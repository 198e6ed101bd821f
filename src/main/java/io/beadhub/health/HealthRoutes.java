package io.beadhub.health;

import io.beadhub.auth.Access;
import io.beadhub.db.Database;
import io.beadhub.http.Router;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** {@code GET /health} (spec 30 §8): always 200; the body says what is unhealthy. */
public final class HealthRoutes {
  private HealthRoutes() {
  }

  /** {@code redisCheck} answers {@code ok}, {@code disabled} or {@code error: …}. */
  public static void register(Router r, Database db, Supplier<String> redisCheck) {
    r.get("/health", Access.NONE, req -> {
      String database;
      try {
        db.read(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
        database = "ok";
      } catch (RuntimeException e) {
        database = "error: " + e.getMessage();
      }
      String redis;
      try {
        redis = redisCheck.get();
      } catch (RuntimeException e) {
        redis = "error: " + e.getMessage();
      }
      Map<String, Object> checks = new LinkedHashMap<>();
      checks.put("redis", redis);
      checks.put("database", database);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("status", database.startsWith("error") || redis.startsWith("error") ? "unhealthy" : "ok");
      out.put("checks", checks);
      return out;
    });
  }
}
