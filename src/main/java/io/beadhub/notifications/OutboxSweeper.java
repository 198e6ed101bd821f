package io.beadhub.notifications;

import io.beadhub.db.Database;
import io.beadhub.db.DatabaseUnavailable;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background work of spec 40 §7.3 and §1.9. One virtual thread delivers outbox entries: a project
 * signalled by a committed sync/upload ({@link #wake}) at once (≤ 100 entries or 2 s per project),
 * and every due entry of all projects at least every 5 s as the safety net. Outbox clean-up and
 * the 30-day purge of removed issue rows run hourly. Safe on several replicas (row locks,
 * idempotent deletes).
 */
public final class OutboxSweeper implements OutboxSignal, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxSweeper.class);
  private static final long SWEEP_MILLIS = 5_000;

  private final Outbox outbox;
  private final Set<UUID> signalled = ConcurrentHashMap.newKeySet();
  private final Semaphore wakeUp = new Semaphore(0);
  private final Thread worker;
  private final ScheduledExecutorService hourly =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("outbox-retention").factory());
  private volatile boolean closed;

  public OutboxSweeper(Outbox outbox, Database db, Clock clock) {
    this.outbox = outbox;
    this.worker = Thread.ofVirtual().name("outbox-sweeper").start(this::run);
    hourly.scheduleWithFixedDelay(() -> {
      try {
        outbox.cleanup();
        Instant now = clock.instant();
        db.tx(h -> IssueRetentionStore.purgeRemoved(h, now));
      } catch (RuntimeException e) {
        logFailure("retention sweep", e);
      }
    }, 1, 60, TimeUnit.MINUTES);
  }

  /** Non-blocking: safe to call from request threads after commit. */
  @Override
  public void wake(UUID project) {
    if (signalled.add(project)) {
      wakeUp.release();
    }
  }

  private void run() {
    long nextSweep = System.currentTimeMillis() + SWEEP_MILLIS;
    while (!closed) {
      try {
        long wait = nextSweep - System.currentTimeMillis();
        if (wait > 0 && wakeUp.tryAcquire(wait, TimeUnit.MILLISECONDS)) {
          wakeUp.drainPermits();
          for (UUID project : Set.copyOf(signalled)) {
            signalled.remove(project);
            outbox.process(project, 100, 2000);
          }
          continue;
        }
        outbox.process(null, 500, 4000);
        nextSweep = System.currentTimeMillis() + SWEEP_MILLIS;
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (!closed) {
          logFailure("outbox sweep", e);
        }
      }
    }
  }

  /** A database outage is logged as one line per sweep (the next sweep retries); anything else with its trace. */
  static void logFailure(String what, RuntimeException e) {
    if (DatabaseUnavailable.is(e)) {
      log.warn("{} skipped, database unavailable: {}", what, DatabaseUnavailable.rootCause(e));
    } else {
      log.warn("{} failed", what, e);
    }
  }

  /** Stops the worker and waits (up to 5 s) for the run in progress to finish its entries. */
  @Override
  public void close() {
    closed = true;
    hourly.shutdownNow();
    wakeUp.release();
    try {
      worker.join(5_000);
      hourly.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
