package io.beadhub.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.testing.Resp;
import io.beadhub.testing.SseClient;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics}: off by default; on, the Prometheus text with route templates as labels. */
class MetricsTest {
  static TestServer on;

  @BeforeAll
  static void start() {
    on = TestServer.start(Map.of("BEADHUB_METRICS", "true"));
  }

  @AfterAll
  static void stop() {
    on.close();
  }

  @Test
  void metricsAreOffByDefault() {
    try (TestServer off = TestServer.start()) {
      Resp r = off.get("/metrics", null);
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.detail()).isEqualTo("Not Found");
    }
  }

  @Test
  void requestCountersMoveByRouteTemplateMethodAndStatus() {
    TwoProjects w = TwoProjects.workspaces(on);
    String status = "http_server_requests_seconds_count{method=\"GET\",route=\"/v1/status\",status=\"200\"}";
    double before = sample(scrape(), status);
    for (int i = 0; i < 3; i++) {
      assertThat(on.get("/v1/status", w.ka()).status()).isEqualTo(200);
    }
    String text = scrape();
    assertThat(sample(text, status)).isEqualTo(before + 3);
    assertThat(text).contains("http_server_requests_seconds_bucket{method=\"GET\",route=\"/v1/status\",status=\"200\",le=");
  }

  @Test
  void labelsAreTemplatesNeverRawPaths() {
    TwoProjects w = TwoProjects.workspaces(on);
    String id = UUID.randomUUID().toString();
    assertThat(on.post("/v1/messages/" + id + "/ack", Map.of(), w.ka()).status()).isEqualTo(404);
    assertThat(on.delete("/no/such/" + id, null).status()).isEqualTo(404);
    assertThat(on.get("/dashboard/" + id, null).status()).isEqualTo(200);
    String text = scrape();
    assertThat(text).doesNotContain(id);
    assertThat(text).contains("route=\"/v1/messages/{message_id}/ack\",status=\"404\"");
    assertThat(text).contains("method=\"DELETE\",route=\"unmatched\",status=\"404\"");
    assertThat(text).contains("method=\"GET\",route=\"/<path>\",status=\"200\"");
  }

  @Test
  void syncsAreMeasuredByMode() {
    TwoProjects w = TwoProjects.workspaces(on);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workspace_id", w.wa());
    body.put("alias", "alice-dev");
    body.put("human_name", "Alice");
    body.put("repo_origin", w.repoOrigin());
    body.put("sync_mode", "full");
    body.put("issues_jsonl", "{\"id\": \"m-1\", \"title\": \"One\", \"status\": \"open\", \"priority\": 1,"
        + " \"issue_type\": \"task\", \"created_at\": \"2026-03-01T10:00:00Z\", \"updated_at\": \"2026-03-01T10:00:00Z\"}\n");
    double before = sample(scrape(), "beadhub_sync_rows_sum{mode=\"full\"}");
    assertThat(on.post("/v1/bdh/sync", body, w.ka()).status()).isEqualTo(200);
    String text = scrape();
    assertThat(sample(text, "beadhub_sync_rows_sum{mode=\"full\"}")).isEqualTo(before + 1);
    assertThat(text).contains("beadhub_sync_duration_seconds_count{mode=\"full\"}");
  }

  @Test
  void openStreamsAreCountedByKind() {
    TwoProjects w = TwoProjects.workspaces(on);
    String open = "beadhub_sse_open{kind=\"status\"}";
    try (SseClient c = SseClient.open(on.base(), "/v1/status/stream", w.ka())) {
      assertThat(c.status()).isEqualTo(200);
      assertThat(sample(scrape(), open)).isGreaterThanOrEqualTo(1);
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sample(scrape(), open) == 0);
  }

  @Test
  void poolOutboxEventsChatJvmAndProcessAreThere() {
    String text = scrape();
    assertThat(text).contains("hikaricp_connections_active", "hikaricp_connections_idle",
        "hikaricp_connections_pending", "beadhub_outbox_pending ", "beadhub_outbox_oldest_age_seconds ",
        "beadhub_events_published_total ", "beadhub_events_replayed_total ", "beadhub_chat_waiters ",
        "jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads", "process_uptime_seconds",
        "process_cpu_usage");
  }

  @Test
  void theOutboxGaugesReadTheBacklog() {
    System.gc(); // the gauges' objects must survive a collection
    String text = scrape();
    assertThat(sample(text, "beadhub_outbox_pending")).isEqualTo(0);
    assertThat(sample(text, "beadhub_outbox_oldest_age_seconds")).isEqualTo(0);
    assertThat(text).doesNotContain("NaN");
  }

  private static String scrape() {
    Resp r = on.get("/metrics", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("text/plain");
    return r.text();
  }

  /** The value of the sample whose name and labels are {@code series}; 0 when absent. */
  private static double sample(String text, String series) {
    for (String line : text.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }
}
