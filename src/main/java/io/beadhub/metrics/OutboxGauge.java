package io.beadhub.metrics;

import io.beadhub.notifications.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The outbox backlog for the gauges, read again only when older than {@code maxAge}: a scrape stays cheap. */
final class OutboxGauge {
  private record Read(Outbox.Backlog backlog, Instant at) {
  }

  private final Outbox outbox;
  private final Clock clock;
  private final Duration maxAge;
  private volatile Read last;

  OutboxGauge(Outbox outbox, Clock clock, Duration maxAge) {
    this.outbox = outbox;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  double pending() {
    return current().pending();
  }

  double oldestAgeSeconds() {
    Outbox.Backlog b = current();
    return b.oldest() == null ? 0 : Math.max(0, Duration.between(b.oldest(), clock.instant()).toMillis() / 1000.0);
  }

  private Outbox.Backlog current() {
    Read r = last;
    Instant now = clock.instant();
    if (r == null || !r.at.plus(maxAge).isAfter(now)) {
      r = new Read(outbox.backlog(), now);
      last = r;
    }
    return r.backlog;
  }
}
