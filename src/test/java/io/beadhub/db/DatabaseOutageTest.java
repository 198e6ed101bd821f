package io.beadhub.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.beadhub.sync.ExpiryJob;
import io.beadhub.testing.Beads;
import io.beadhub.testing.Resp;
import io.beadhub.testing.StoppablePostgres;
import io.beadhub.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL stopped under a running server: requests answer a retryable 503 quickly instead of
 * waiting and failing with 500, {@code /health} still answers, and everything works again once the
 * database is back, with no restart of the server.
 */
class DatabaseOutageTest {
  /** While PostgreSQL is down a request is answered within this (the fail-fast settings of {@link Database}). */
  static final Duration QUICK = Duration.ofSeconds(2);
  static StoppablePostgres pg;
  static TestServer server;

  @BeforeAll
  static void start() {
    pg = StoppablePostgres.start("outage");
    server = TestServer.startOn(pg.url(), Map.of());
  }

  @AfterAll
  static void stop() {
    server.close();
    pg.close();
  }

  /** Pushes the rig's wisps (ephemeral rows the expiry job removes once they expire). */
  static void pushWisps(String key) {
    Resp r = Beads.push(server, key, Beads.RIG, "composed-wisps-rig.jsonl", 60);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  /** Whether the expiry job logged a sweep that failed (the appender is locked while it appends). */
  static boolean sweepFailed(ListAppender<ILoggingEvent> log) {
    synchronized (log) {
      return log.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith("ephemeral expiry sweep"));
    }
  }

  static int expiredRows() {
    return server.sql().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM beads.issues WHERE removal_reason = 'expired'").mapTo(Integer.class).one());
  }

  @Test
  void whileTheDatabaseIsDownRequestsAnswer503WithRetryAfterAndEverythingRecoversAfterwards() {
    String alice = server.init(Map.of("project_slug", "outage", "alias", "alice")).path("api_key").asText();
    String bob = server.init(Map.of("project_slug", "outage", "alias", "bob")).path("api_key").asText();
    assertThat(server.get("/v1/agents", alice).status()).isEqualTo(200); // alice's key is now cached
    pushWisps(alice);

    ListAppender<ILoggingEvent> expiryLog = new ListAppender<>();
    expiryLog.start();
    Logger expiry = (Logger) LoggerFactory.getLogger(ExpiryJob.class);
    expiry.addAppender(expiryLog);
    pg.stop();
    try {
      // Each request comes from a client that gives up after QUICK: an answer proves it was quick.
      Resp cachedKey = server.sendWithin(QUICK, "GET", "/v1/messages/inbox", null, alice);
      Resp uncachedKey = server.sendWithin(QUICK, "GET", "/v1/agents", null, bob);
      Resp send = server.sendWithin(QUICK, "POST", "/v1/messages", Map.of("to_alias", "bob", "body", "hi"), alice);
      Resp init = server.sendWithin(QUICK, "POST", "/v1/init", Map.of("project_slug", "outage", "alias", "carol"),
          null);
      for (Resp r : new Resp[] {cachedKey, uncachedKey, send, init}) {
        assertThat(r.status()).as(r.toString()).isEqualTo(503);
        assertThat(r.detail()).isEqualTo("Database unavailable; retry");
        assertThat(r.header("Retry-After")).isEqualTo("2");
      }

      Resp health = server.sendWithin(QUICK, "GET", "/health", null, null);
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.get("status").asText()).isEqualTo("unhealthy");
      assertThat(health.json().path("checks").path("database").asText()).startsWith("error: unavailable");

      // The outage lasts until at least one sweep of the expiry job has failed on it.
      await().atMost(Duration.ofSeconds(20)).until(() -> sweepFailed(expiryLog));
    } finally {
      expiry.detachAppender(expiryLog);
      pg.restart();
    }

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(server.get("/health", null).get("status").asText()).isEqualTo("ok"));
    assertThat(server.post("/v1/messages", Map.of("to_alias", "bob", "body", "back"), alice).status()).isEqualTo(200);
    assertThat(server.get("/v1/messages/inbox", bob).get("messages").size()).isEqualTo(1);

    // The background expiry job survived the failed sweeps and does its work again.
    server.sql().useHandle(h -> h.createUpdate(
        "UPDATE beads.issues SET expires_at = now() - interval '1 second' WHERE source = 'push'").execute());
    await().atMost(Duration.ofSeconds(15)).until(() -> expiredRows() == 4);
  }
}
