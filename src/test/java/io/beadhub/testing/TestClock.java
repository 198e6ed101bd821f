package io.beadhub.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The wall clock plus an offset a test can move forward: the server sees time pass without the test
 * waiting for it.
 */
public final class TestClock extends Clock {
  private final AtomicLong offsetNanos = new AtomicLong();

  public void advance(Duration d) {
    offsetNanos.addAndGet(d.toNanos());
  }

  /**
   * Moves the clock back: whatever the server scheduled by this clock (re-checks, keepalives,
   * deadlines) falls due {@code d} later, so a test can take those periodic paths out of play.
   */
  public void rewind(Duration d) {
    offsetNanos.addAndGet(-d.toNanos());
  }

  @Override
  public Instant instant() {
    return Instant.now().plusNanos(offsetNanos.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("UTC only");
  }
}
