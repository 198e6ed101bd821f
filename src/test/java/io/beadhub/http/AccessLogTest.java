package io.beadhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The access log: one info line per request on {@code io.beadhub.access}, never the key; off by switch. */
class AccessLogTest {
  static TestServer s;
  static ListAppender<ILoggingEvent> lines = new ListAppender<>();
  static Logger access = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);

  @BeforeAll
  static void start() {
    lines.start();
    access.addAppender(lines);
    // Commands run earlier in the same JVM (export, key) may have set the root level above info.
    access.setLevel(Level.INFO);
    s = TestServer.start();
  }

  @AfterAll
  static void stop() {
    access.detachAppender(lines);
    access.setLevel(null);
    s.close();
  }

  @Test
  void aRequestLogsOneLineWithItsTemplateStatusDurationProjectAndAgent() {
    TwoProjects w = TwoProjects.workspaces(s);
    String id = UUID.randomUUID().toString();
    assertThat(s.post("/v1/messages/" + id + "/ack", Map.of(), w.ka()).status()).isEqualTo(404);
    // The line is written once the response has left, so the client may see the answer first.
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !of(w.pId()).isEmpty());
    List<ILoggingEvent> mine = of(w.pId());
    assertThat(mine).hasSize(1);
    ILoggingEvent e = mine.get(0);
    assertThat(e.getLevel().toString()).isEqualTo("INFO");
    Map<String, Object> kv = kv(e);
    assertThat(kv).containsEntry("method", "POST").containsEntry("route", "/v1/messages/{message_id}/ack")
        .containsEntry("status", 404).containsEntry("project_id", w.pId()).containsKey("duration_ms")
        .containsKey("agent_id");
    assertThat(kv.get("agent_id")).isNotEqualTo("-");
    assertThat(e.getFormattedMessage()).startsWith("method=POST route=/v1/messages/{message_id}/ack status=404 ")
        .contains("project_id=" + w.pId()).doesNotContain(id).doesNotContain(w.ka());
    assertThat(kv.values()).noneMatch(v -> String.valueOf(v).contains(w.ka()));
  }

  @Test
  void anUnauthenticatedOrUnroutedRequestIsLoggedToo() {
    assertThat(s.delete("/no/such/" + UUID.randomUUID(), null).status()).isEqualTo(404);
    Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(List.copyOf(lines.list).stream().map(AccessLogTest::kv))
            .anySatisfy(kv -> assertThat(kv).containsEntry("method", "DELETE").containsEntry("route", "unmatched")
                .containsEntry("status", 404).containsEntry("project_id", "-")));
  }

  @Test
  void theLogCanBeSwitchedOff() {
    try (TestServer off = TestServer.start(Map.of("BEADHUB_ACCESS_LOG", "false"))) {
      TwoProjects w = TwoProjects.workspaces(off);
      assertThat(off.get("/v1/status", w.ka()).status()).isEqualTo(200);
      // A later request on the server that logs: once its line is there, an earlier one would be too.
      TwoProjects seen = TwoProjects.workspaces(s);
      assertThat(s.get("/v1/status", seen.ka()).status()).isEqualTo(200);
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !of(seen.pId()).isEmpty());
      assertThat(of(w.pId())).isEmpty();
    }
  }

  private static List<ILoggingEvent> of(String project) {
    return List.copyOf(lines.list).stream().filter(e -> project.equals(kv(e).get("project_id"))).toList();
  }

  private static Map<String, Object> kv(ILoggingEvent e) {
    return e.getKeyValuePairs() == null ? Map.of()
        : e.getKeyValuePairs().stream().collect(Collectors.toMap(p -> p.key, p -> p.value));
  }
}
