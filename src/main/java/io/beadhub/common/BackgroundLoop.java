package io.beadhub.common;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A virtual thread that runs one pass, sleeps a tick, and runs again until closed. A failed pass is
 * logged and the loop goes on: the work it does keeps its state in PostgreSQL, so the next pass retries.
 */
public final class BackgroundLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackgroundLoop.class);

  /** One pass; {@code closing} turns true once {@link #close()} was called, for a pass that loops itself. */
  public interface Pass {
    void run(BooleanSupplier closing) throws InterruptedException;
  }

  private final Thread thread;
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile boolean closed;

  public BackgroundLoop(String name, Duration tick, Pass pass) {
    this.thread = Thread.ofVirtual().name(name).start(() -> {
      while (!closed) {
        try {
          pass.run(() -> closed);
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          if (!closed) {
            log.warn("{} pass failed", name, e);
          }
        }
        try {
          // Wakes at once on close, so shutting down does not wait out the tick.
          if (closing.await(tick.toMillis(), TimeUnit.MILLISECONDS)) {
            return;
          }
        } catch (InterruptedException e) {
          return;
        }
      }
    });
  }

  /** Stops after the pass in flight, waiting for it up to five seconds. */
  @Override
  public void close() {
    closed = true;
    closing.countDown();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
