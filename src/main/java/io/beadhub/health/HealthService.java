package io.beadhub.health;

import io.beadhub.db.Database;
import io.beadhub.db.DatabaseUnavailable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The health checks (spec 30 §8). They run side by side and each gets a bounded time, so a supervisor
 * polling while PostgreSQL or Redis is down gets its answer in about two seconds instead of waiting on a
 * dead dependency.
 */
public record HealthService(Database db, Supplier<String> redisCheck) {
  /** Longer than the pool's acquire timeout, so a database outage reports the pool's own message. */
  static final long CHECK_MILLIS = Database.ACQUIRE_TIMEOUT_MILLIS + 300;

  /** The body of {@code GET /health}: {@code ok}, or {@code unhealthy} when a check answers {@code error: …}. */
  public record Health(String status, Checks checks) {
  }

  public record Checks(String redis, String database) {
  }

  /** {@code redisCheck} answers {@code ok}, {@code disabled} or {@code error: …}. */

  public Health check() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS);
    CompletableFuture<String> database = probe(() -> {
      db.read(h -> {
        HealthStore.ping(h);
        return null;
      });
      return "ok";
    });
    CompletableFuture<String> redis = probe(redisCheck);
    Checks checks = new Checks(await(redis, deadline), await(database, deadline));
    boolean failed = checks.redis().startsWith("error") || checks.database().startsWith("error");
    return new Health(failed ? "unhealthy" : "ok", checks);
  }

  private static CompletableFuture<String> probe(Supplier<String> probe) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return probe.get();
      } catch (RuntimeException e) {
        return DatabaseUnavailable.is(e) ? "error: unavailable (" + DatabaseUnavailable.rootCause(e) + ")"
            : "error: " + e.getMessage();
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
