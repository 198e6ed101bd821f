package io.beadhub.health;

import io.beadhub.common.Access;
import io.beadhub.db.Database;
import io.beadhub.db.DatabaseUnavailable;
import io.beadhub.http.Router;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code GET /health} (spec 30 §8): always 200; the body says what is unhealthy. The checks run side by
 * side and each gets a bounded time, so a supervisor polling it while PostgreSQL or Redis is down gets
 * its answer in about two seconds instead of waiting on a dead dependency.
 */
public final class HealthRoutes {
  /** Longer than the pool's acquire timeout, so a database outage reports the pool's own message. */
  static final long CHECK_MILLIS = Database.ACQUIRE_TIMEOUT_MILLIS + 300;

  private HealthRoutes() {
  }

  /** {@code redisCheck} answers {@code ok}, {@code disabled} or {@code error: …}. */
  public static void register(Router r, Database db, Supplier<String> redisCheck) {
    r.get("/health", Access.NONE, req -> {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS);
      CompletableFuture<String> database = check(() -> {
        db.read(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
        return "ok";
      });
      CompletableFuture<String> redis = check(redisCheck);
      Map<String, Object> checks = new LinkedHashMap<>();
      checks.put("redis", await(redis, deadline));
      checks.put("database", await(database, deadline));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("status", checks.values().stream().anyMatch(v -> ((String) v).startsWith("error")) ? "unhealthy" : "ok");
      out.put("checks", checks);
      return out;
    });
  }

  private static CompletableFuture<String> check(Supplier<String> probe) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return probe.get();
      } catch (RuntimeException e) {
        return DatabaseUnavailable.is(e) ? "error: unavailable (" + DatabaseUnavailable.rootCause(e) + ")" : "error: " + e.getMessage();
      }
    }, task -> Thread.ofVirtual().name("health-check").start(task));
  }

  private static String await(CompletableFuture<String> check, long deadline) {
    try {
      return check.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      check.cancel(true);
      return "error: no answer within " + CHECK_MILLIS + " ms";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "error: interrupted";
    } catch (ExecutionException e) {
      return "error: " + e.getCause().getMessage();
    }
  }
}
