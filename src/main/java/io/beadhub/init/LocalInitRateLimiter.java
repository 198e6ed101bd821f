package io.beadhub.init;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** In-process fixed windows, per replica; also the fallback when Redis errors. */
public final class LocalInitRateLimiter implements InitRateLimiter {
  private record Window(Instant ends, int count) {
  }

  private final Clock clock;
  private final int limit;
  private final int windowSeconds;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  public LocalInitRateLimiter(Clock clock, int limit, int windowSeconds) {
    this.clock = clock;
    this.limit = limit;
    this.windowSeconds = windowSeconds;
  }

  @Override
  public OptionalLong hit(String ip) {
    Instant now = clock.instant();
    if (windows.size() > 10_000) {
      windows.values().removeIf(w -> !now.isBefore(w.ends()));
    }
    Window w = windows.compute(ip, (k, old) -> old == null || !now.isBefore(old.ends())
        ? new Window(now.plusSeconds(windowSeconds), 1)
        : new Window(old.ends(), old.count() + 1));
    if (w.count() <= limit) {
      return OptionalLong.empty();
    }
    long ms = w.ends().toEpochMilli() - now.toEpochMilli();
    return OptionalLong.of(Math.max(1, (ms + 999) / 1000));
  }
}
