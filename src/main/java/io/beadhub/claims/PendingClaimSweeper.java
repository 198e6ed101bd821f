package io.beadhub.claims;

import io.beadhub.db.Database;
import io.beadhub.db.DatabaseUnavailable;
import io.beadhub.events.EventBus;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes pending claims whose {@code expires_at} has passed (spec 40 §4.2), in every project. Reads
 * already ignore them, so the pre-flight writes nothing to clean up; the sweep keeps the table small and
 * tells each claiming workspace that its claim went stale ({@code claim.stale}, docs/delivery.md).
 * Safe on several replicas (a row another sweep holds is skipped).
 */
public final class PendingClaimSweeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PendingClaimSweeper.class);
  /** Rows per statement, so one sweep never holds many row locks in one transaction. */
  static final int CHUNK = 5_000;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("pending-claim-sweep").factory());
  private final Database db;
  private final EventBus bus;
  private final Clock clock;

  public PendingClaimSweeper(Database db, EventBus bus, Clock clock, long periodSeconds) {
    this.db = db;
    this.bus = bus;
    this.clock = clock;
    timer.scheduleWithFixedDelay(this::sweep, periodSeconds, periodSeconds, TimeUnit.SECONDS);
  }

  /** One sweep; returns how many claims were removed (0 on failure, which is logged). */
  public int sweep() {
    int total = 0;
    try {
      int n;
      do {
        // One statement: the deletes and their events commit together.
        n = db.read(h -> ClaimStore.purgeExpired(h, clock.instant(), CHUNK));
        total += n;
        bus.committed(n);
      } while (n == CHUNK);
    } catch (RuntimeException e) {
      if (DatabaseUnavailable.is(e)) {
        log.warn("pending claim sweep skipped, database unavailable: {}", DatabaseUnavailable.rootCause(e));
      } else {
        log.warn("pending claim sweep failed", e);
      }
    }
    return total;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
