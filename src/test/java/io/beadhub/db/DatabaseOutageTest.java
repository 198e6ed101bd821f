package io.beadhub.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beadhub.common.Json;
import io.beadhub.testing.Beads;
import io.beadhub.testing.Resp;
import io.beadhub.testing.StoppablePostgres;
import io.beadhub.testing.TestServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped under a running server: requests answer a retryable 503 quickly instead of
 * waiting and failing with 500, {@code /health} still answers, and everything works again once the
 * database is back, with no restart of the server.
 */
class DatabaseOutageTest {
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

  record Timed(Resp resp, long millis) {
  }

  static Timed timed(Supplier<Resp> call) {
    long start = System.nanoTime();
    Resp r = call.get();
    return new Timed(r, (System.nanoTime() - start) / 1_000_000);
  }

  /** Pushes the rig's wisps (ephemeral rows the expiry job removes once they expire). */
  static void pushWisps(String key) {
    Resp r = Beads.push(server, key, Beads.RIG, "composed-wisps-rig.jsonl", 60);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  static int expiredRows() {
    return server.sql().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM beads.issues WHERE removal_reason = 'expired'").mapTo(Integer.class).one());
  }

  @Test
  void whileTheDatabaseIsDownRequestsAnswer503WithRetryAfterAndEverythingRecoversAfterwards() throws Exception {
    String alice = server.init(Map.of("project_slug", "outage", "alias", "alice")).path("api_key").asText();
    String bob = server.init(Map.of("project_slug", "outage", "alias", "bob")).path("api_key").asText();
    assertThat(server.get("/v1/agents", alice).status()).isEqualTo(200); // alice's key is now cached
    pushWisps(alice);

    long stoppedAt = System.nanoTime();
    pg.stop();
    try {
      Timed cachedKey = timed(() -> server.get("/v1/messages/inbox", alice));
      Timed uncachedKey = timed(() -> server.get("/v1/agents", bob));
      Timed send = timed(() -> server.post("/v1/messages", Map.of("to_alias", "bob", "body", "hi"), alice));
      Timed init = timed(() -> server.post("/v1/init", Map.of("project_slug", "outage", "alias", "carol"), null));
      for (Timed t : new Timed[] {cachedKey, uncachedKey, send, init}) {
        assertThat(t.resp().status()).as(t.resp().toString()).isEqualTo(503);
        assertThat(t.resp().detail()).isEqualTo("Database unavailable; retry");
        assertThat(t.resp().header("Retry-After")).isEqualTo("2");
        assertThat(t.millis()).isLessThan(2_000);
      }

      Timed health = timed(() -> server.get("/health", null));
      assertThat(health.resp().status()).isEqualTo(200);
      assertThat(health.resp().get("status").asText()).isEqualTo("unhealthy");
      assertThat(health.resp().json().path("checks").path("database").asText()).startsWith("error: unavailable");
      assertThat(health.millis()).isLessThan(2_000);

      // The outage outlasts one period of the expiry job (5 s), so at least one of its sweeps fails.
      Thread.sleep(Math.max(0, 5_500 - (System.nanoTime() - stoppedAt) / 1_000_000));
    } finally {
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
