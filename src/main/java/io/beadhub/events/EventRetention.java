package io.beadhub.events;

import io.beadhub.db.Database;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic sweep of {@code server.events} older than {@code BEADHUB_EVENT_RETENTION_HOURS}
 * (spec 30 §7.3). Idempotent, so every replica may run it.
 */
public final class EventRetention implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventRetention.class);
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("event-retention").factory());
  private final Database db;
  private final int retentionHours;

  public EventRetention(Database db, int retentionHours, long periodSeconds) {
    this.db = db;
    this.retentionHours = retentionHours;
    scheduler.scheduleWithFixedDelay(this::sweep, 0, periodSeconds, TimeUnit.SECONDS);
  }

  /** One sweep; returns how many events were deleted (0 on failure, which is logged). */
  public int sweep() {
    try {
      int n = db.read(h -> EventStore.sweep(h, retentionHours));
      if (n > 0) {
        log.info("event retention: deleted {} events older than {} h", n, retentionHours);
      }
      return n;
    } catch (RuntimeException e) {
      log.warn("event retention sweep failed", e);
      return 0;
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
