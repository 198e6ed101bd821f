package io.beadhub.metrics;

import io.beadhub.http.RequestListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code http_server_requests_seconds} by method, route template and status, and {@code beadhub_sse_open}
 * by stream kind. The route label is the registered template (or {@code unmatched}), never the raw path.
 */
final class HttpMeters implements RequestListener {
  /** Bucket bounds of the latency histogram: a few, so a scrape stays small. */
  private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
      Duration.ofSeconds(5), Duration.ofSeconds(10)};

  private record Key(String method, String route, int status) {
  }

  private final MeterRegistry registry;
  private final ConcurrentMap<Key, Timer> timers = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, AtomicInteger> streams = new ConcurrentHashMap<>();

  HttpMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void finished(Exchange e) {
    Key k = new Key(e.method(), e.route(), e.status());
    Timer t = timers.get(k);
    if (t == null) {
      t = timers.computeIfAbsent(k, this::timer);
    }
    t.record((long) (e.millis() * 1_000_000), TimeUnit.NANOSECONDS);
  }

  private Timer timer(Key k) {
    return Timer.builder("http.server.requests").description("HTTP requests by route template")
        .tag("method", k.method).tag("route", k.route).tag("status", Integer.toString(k.status))
        .serviceLevelObjectives(BUCKETS).register(registry);
  }

  @Override
  public void streamOpened(String kind) {
    open(kind).incrementAndGet();
  }

  @Override
  public void streamClosed(String kind) {
    open(kind).decrementAndGet();
  }

  private AtomicInteger open(String kind) {
    AtomicInteger n = streams.get(kind);
    if (n == null) {
      n = streams.computeIfAbsent(kind, k -> {
        AtomicInteger count = new AtomicInteger();
        Gauge.builder("beadhub.sse.open", count, AtomicInteger::get).description("Open event streams by kind")
            .tag("kind", k).register(registry);
        return count;
      });
    }
    return n;
  }
}
