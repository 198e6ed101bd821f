package io.beadhub.wake;

import io.beadhub.common.BackgroundLoop;
import io.beadhub.common.Json;
import io.beadhub.common.Times;
import io.beadhub.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Turns committed events into wakes and sends them. Both halves keep their state in PostgreSQL (the
 * dispatch cursor moves in the transaction that records the wakes; a wake is pending until a 2xx), so a
 * restart loses nothing and repeats at most the attempt in flight: at-least-once. Safe on several replicas
 * (the cursor row lock, the lease update).
 */
public final class WakeWorker implements AutoCloseable {
  static final int MAX_ATTEMPTS = 12;
  private static final int BATCH = 1000;
  private static final Duration LEASE = Duration.ofSeconds(60);

  private final Database db;
  private final Clock clock;
  private final int coalesceSeconds;
  private final BackgroundLoop loop;

  public WakeWorker(Database db, Clock clock, int coalesceSeconds, Duration tick) {
    this.db = db;
    this.clock = clock;
    this.coalesceSeconds = coalesceSeconds;
    this.loop = new BackgroundLoop("wake-worker", tick, this::pass);
  }

  private void pass(BooleanSupplier closing) {
    int read;
    do {
      read = db.tx(h -> WakeStore.dispatch(h, BATCH, coalesceSeconds, clock.instant()));
    } while (!closing.getAsBoolean() && read == BATCH);
    send();
  }

  private void send() {
    List<WakeStore.Due> due = db.read(h -> WakeStore.due(h, clock.instant(), 50));
    try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
      due.forEach(d -> each.submit(() -> attempt(d)));
    }
  }

  private void attempt(WakeStore.Due d) {
    Instant now = clock.instant();
    if (!db.tx(h -> WakeStore.lease(h, d.id(), now, now.plus(LEASE)))) {
      return;
    }
    var body = Json.object();
    body.put("wake_id", d.id().toString());
    body.put("agent_id", d.agentId().toString());
    body.put("project_id", d.projectId().toString());
    body.put("window_start", Times.zSecond(d.windowStart().toInstant()));
    body.put("attention", "/v1/attention");
    String error = WebhookWake.post(d.url(), d.secret(), d.id().toString(), body.toString(), now);
    Instant after = clock.instant();
    if (error == null) {
      db.tx(h -> {
        WakeStore.sent(h, d.id(), after);
        return null;
      });
      return;
    }
    int attempts = d.attempts() + 1;
    boolean dead = attempts >= MAX_ATTEMPTS;
    Instant next = after.plusSeconds(Math.min(300L, 1L << Math.min(attempts - 1, 10)));
    String cut = error.length() > 500 ? error.substring(0, 500) : error;
    db.tx(h -> {
      WakeStore.failed(h, d.id(), cut, dead, next);
      return null;
    });
  }

  @Override
  public void close() {
    loop.close();
  }

}
