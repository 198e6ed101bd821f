package io.beadhub.notifications;

import io.beadhub.db.Database;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background work of spec 40 §7.3 and §1.9: due outbox entries every 5 s, outbox clean-up and the
 * 30-day purge of removed issue rows hourly. Safe on several replicas (row locks, idempotent deletes).
 */
public final class OutboxSweeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxSweeper.class);
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("outbox-sweeper").factory());

  public OutboxSweeper(Outbox outbox, Database db) {
    timer.scheduleWithFixedDelay(() -> {
      try {
        outbox.process(null, 500, 4000);
      } catch (RuntimeException e) {
        log.warn("outbox sweep failed", e);
      }
    }, 5, 5, TimeUnit.SECONDS);
    timer.scheduleWithFixedDelay(() -> {
      try {
        outbox.cleanup();
        db.tx(h -> h.createUpdate("DELETE FROM beads.issues WHERE deleted_at < now() - interval '30 days'").execute());
      } catch (RuntimeException e) {
        log.warn("retention sweep failed", e);
      }
    }, 1, 60, TimeUnit.MINUTES);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
