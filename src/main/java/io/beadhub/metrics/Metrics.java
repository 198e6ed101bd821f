package io.beadhub.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.beadhub.chat.WaitingRegistry;
import io.beadhub.common.Access;
import io.beadhub.db.Database;
import io.beadhub.events.EventSequencer;
import io.beadhub.http.Reply;
import io.beadhub.http.RequestListener;
import io.beadhub.http.Router;
import io.beadhub.notifications.Outbox;
import io.beadhub.status.StatusStream;
import io.beadhub.sync.SyncMeter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Prometheus registry behind {@code GET /metrics} (BEADHUB_METRICS=true): HTTP requests by route template,
 * open streams, chat waiters, events, syncs, the notification outbox, the database pool, JVM and process.
 * Features keep plain counters; this class turns them into meters, so no feature knows of Micrometer.
 */
public final class Metrics implements AutoCloseable {
  public static final String PATH = "/metrics";
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpMeters http = new HttpMeters(registry);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public Metrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  /** Requests and streams, to pass to the HTTP server. */
  public RequestListener requests() {
    return http;
  }

  /** The pool's connections (active, idle, pending, acquire time), through HikariCP's own Micrometer support. */
  public void pool(Database db) {
    if (db.dataSource() instanceof HikariDataSource ds) {
      ds.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    }
  }

  /** {@code registry}, counting the chat waiters this process holds. */
  public WaitingRegistry chatWaiters(WaitingRegistry inner) {
    CountingWaitingRegistry counting = new CountingWaitingRegistry(inner);
    Gauge.builder("beadhub.chat.waiters", counting, CountingWaitingRegistry::count)
        .description("Chat stream registrations held by this process").register(registry);
    return counting;
  }

  public void events(EventSequencer sequencer, StatusStream streams) {
    FunctionCounter.builder("beadhub.events.published", sequencer, EventSequencer::numbered)
        .description("Events numbered and handed to the streams by this process").register(registry);
    FunctionCounter.builder("beadhub.events.replayed", streams, StatusStream::replayed)
        .description("Stored events replayed to reconnecting status streams").register(registry);
  }

  /** Pending outbox entries and the oldest one's age, read at most every 5 s whatever the scrape rate. */
  public void outbox(Outbox outbox, Clock clock) {
    OutboxGauge cached = new OutboxGauge(outbox, clock, Duration.ofSeconds(5));
    // Micrometer holds a gauge's object weakly, and nothing else holds this one.
    Gauge.builder("beadhub.outbox.pending", cached, OutboxGauge::pending).strongReference(true)
        .description("Notification outbox entries not yet delivered").register(registry);
    Gauge.builder("beadhub.outbox.oldest.age", cached, OutboxGauge::oldestAgeSeconds).strongReference(true)
        .baseUnit("seconds")
        .description("Age of the oldest undelivered outbox entry (0 when none)").register(registry);
  }

  /** Sync durations and records received, by mode. */
  public SyncMeter sync() {
    return (mode, rows, nanos) -> {
      Timer.builder("beadhub.sync.duration").tag("mode", mode).register(registry).record(nanos, TimeUnit.NANOSECONDS);
      DistributionSummary.builder("beadhub.sync.rows").tag("mode", mode).register(registry).record(rows);
    };
  }

  /** {@code GET /metrics}: unauthenticated, like every Prometheus endpoint (keep it on an internal network). */
  public void register(Router r) {
    r.get(PATH, Access.NONE, req -> {
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      var res = req.ctx().res();
      res.setStatus(200);
      res.setContentType(CONTENT_TYPE);
      res.setContentLength(body.length);
      res.getOutputStream().write(body);
      return Reply.HANDLED;
    }).summary("Prometheus metrics (text format); only with BEADHUB_METRICS=true").returns(String.class);
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
