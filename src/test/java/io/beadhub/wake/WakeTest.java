package io.beadhub.wake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import io.beadhub.testing.Agent;
import io.beadhub.testing.Agents;
import io.beadhub.testing.Resp;
import io.beadhub.testing.SseClient;
import io.beadhub.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhook wakes and the per-agent stream (docs/delivery.md). */
class WakeTest {
  static final int WINDOW = 60;
  static final String SECRET = "s3cret-s3cret-s3cret";
  static final Duration WAIT = Duration.ofSeconds(20);

  TestServer server;
  WebhookReceiver receiver;
  Agent alice;
  Agent bob;

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("BEADHUB_WAKE_COALESCE_SECONDS", Integer.toString(WINDOW)));
    alice = Agents.in(server, "wake").alias("alice").init();
    bob = Agents.in(server, "wake").alias("bob").init();
  }

  @AfterEach
  void stop() {
    server.close();
    if (receiver != null) {
      receiver.close();
    }
  }

  Resp register(TestServer s, Agent a, String url) {
    return s.put("/v1/agents/me/wake", Map.of("webhook_url", url, "secret", SECRET), a.key());
  }

  String mail(TestServer s, Agent from, Agent to) {
    Resp r = s.post("/v1/messages", Map.of("to_alias", to.alias(), "body", "wake up"), from.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.get("message_id").asText();
  }

  /** Moves the server's clock to one second after the start of its next coalescing window. */
  void toNextWindow(TestServer s) {
    long now = s.clock().instant().toEpochMilli();
    long next = (now / (WINDOW * 1000L) + 1) * WINDOW * 1000L + 1000;
    s.clock().advance(Duration.ofMillis(next - now));
  }

  static void assertSigned(WebhookReceiver.Hit h) {
    assertThat(h.signature()).isEqualTo("sha256=" + WebhookWake.sign(SECRET, h.timestamp() + "." + h.body()));
    assertThat(h.idempotencyKey()).isEqualTo(Json.tree(h.body()).get("wake_id").asText());
  }

  @Test
  void aBurstOf50MailsWakesOncePerWindow() {
    receiver = new WebhookReceiver(0);
    assertThat(register(server, bob, receiver.url()).status()).isEqualTo(200);
    toNextWindow(server);
    String first = null;
    for (int i = 0; i < 50; i++) {
      String id = mail(server, alice, bob);
      first = first == null ? id : first;
    }
    await().atMost(WAIT).until(() -> receiver.hits().size() >= 1);

    toNextWindow(server);
    mail(server, alice, bob);
    await().atMost(WAIT).until(() -> receiver.hits().size() >= 2);

    List<WebhookReceiver.Hit> hits = receiver.hits();
    assertThat(hits).hasSize(2);
    assertThat(hits.get(0).idempotencyKey()).isNotEqualTo(hits.get(1).idempotencyKey());
    hits.forEach(WakeTest::assertSigned);
    JsonNode body = Json.tree(hits.get(0).body());
    assertThat(body.get("agent_id").asText()).isEqualTo(bob.agentId());
    Resp d = server.get("/v1/messages/" + first + "/delivery", alice.key());
    assertThat(d.get("recipients").get(0).get("state").asText()).isEqualTo("notified");
  }

  @Test
  void aReceiverFailingThreeTimesGetsTheWakeOnceAcrossARestart() {
    receiver = new WebhookReceiver(3);
    assertThat(register(server, bob, receiver.url()).status()).isEqualTo(200);
    mail(server, alice, bob);
    for (int attempt = 1; attempt <= 3; attempt++) {
      int seen = attempt;
      await().atMost(WAIT).until(() -> receiver.hits().size() >= seen);
      server.clock().advance(Duration.ofMinutes(10));
    }
    String db = server.databaseUrl();
    server.close();
    server = TestServer.startOn(db, Map.of("BEADHUB_WAKE_COALESCE_SECONDS", Integer.toString(WINDOW)));
    server.clock().advance(Duration.ofMinutes(60));
    await().atMost(WAIT).until(() -> receiver.accepted().size() == 1);

    List<WebhookReceiver.Hit> hits = receiver.hits();
    assertThat(hits).hasSize(4);
    assertThat(hits.stream().map(WebhookReceiver.Hit::idempotencyKey).distinct()).hasSize(1);
    assertThat(hits.stream().map(WebhookReceiver.Hit::answered)).containsExactly(503, 503, 503, 204);
    hits.forEach(WakeTest::assertSigned);
    String status = server.sql().withHandle(h -> h.createQuery(
        "SELECT status || ':' || attempts FROM server.wake_outbox").mapTo(String.class).one());
    assertThat(status).isEqualTo("sent:4");
  }

  @Test
  void aStreamingAgentIsNotWokenAndItsStreamResumes() {
    receiver = new WebhookReceiver(0);
    register(server, bob, receiver.url());
    toNextWindow(server);
    String lastId;
    try (SseClient sse = SseClient.open(server.base(), "/v1/agents/me/events", bob.key())) {
      assertThat(sse.status()).isEqualTo(200);
      String id = mail(server, alice, bob);
      SseClient.Frame f = sse.nextEvent(WAIT);
      assertThat(f).isNotNull();
      assertThat(f.data().get("type").asText()).isEqualTo("message.delivered");
      assertThat(f.data().get("message_id").asText()).isEqualTo(id);
      lastId = f.id();
    }
    toNextWindow(server);
    String later = mail(server, alice, bob);
    await().atMost(WAIT).until(() -> receiver.hits().size() >= 1);
    assertThat(receiver.hits()).hasSize(1);

    try (SseClient again = SseClient.open(server.base(), "/v1/agents/me/events",
        Map.of("Authorization", "Bearer " + bob.key(), "Last-Event-ID", lastId))) {
      SseClient.Frame f = again.nextEvent(WAIT);
      assertThat(f).isNotNull();
      assertThat(f.data().get("type").asText()).isEqualTo("message.delivered");
      assertThat(f.data().get("message_id").asText()).isEqualTo(later);
    }
  }

  String state(String messageId) {
    return server.get("/v1/messages/" + messageId + "/delivery", alice.key()).get("recipients").get(0)
        .get("state").asText();
  }

  @Test
  void mailWrittenToTheAgentsEventStreamIsSeenLiveOrReplayedAndMailAfterItsCloseIsNot() {
    String before = mail(server, alice, bob);
    String lastId;
    String streamed;
    try (SseClient sse = SseClient.open(server.base(), "/v1/agents/me/events", bob.key())) {
      streamed = mail(server, alice, bob);
      SseClient.Frame f = sse.nextEvent(WAIT);
      assertThat(f.data().get("message_id").asText()).isEqualTo(streamed);
      lastId = f.id();
      await().atMost(WAIT).until(() -> state(streamed).equals("seen"));
    }
    assertThat(state(before)).isEqualTo("seen"); // a high-water mark, as an inbox read's
    server.clock().advance(Duration.ofSeconds(2));
    String after = mail(server, alice, bob);
    assertThat(state(after)).isEqualTo("stored");

    try (SseClient again = SseClient.open(server.base(), "/v1/agents/me/events",
        Map.of("Authorization", "Bearer " + bob.key(), "Last-Event-ID", lastId))) {
      SseClient.Frame f = again.nextEvent(WAIT);
      assertThat(f.data().get("message_id").asText()).isEqualTo(after);
      await().atMost(WAIT).until(() -> state(after).equals("seen"));
    }
  }

  @Test
  void anAgentSetsOnlyItsOwnWake() {
    receiver = new WebhookReceiver(0);
    assertThat(register(server, alice, receiver.url()).status()).isEqualTo(200);
    Resp other = server.put("/v1/agents/" + bob.agentId() + "/wake",
        Map.of("webhook_url", receiver.url(), "secret", SECRET), alice.key());
    assertThat(other.status()).isBetween(400, 499);
    Resp mine = server.get("/v1/agents/me/wake", bob.key());
    assertThat(mine.status()).isEqualTo(404);
    Resp hers = server.get("/v1/agents/me/wake", alice.key());
    assertThat(hers.get("agent_id").asText()).isEqualTo(alice.agentId());
    assertThat(hers.text()).doesNotContain(SECRET);

    toNextWindow(server);
    mail(server, bob, alice);
    await().atMost(WAIT).until(() -> receiver.hits().size() >= 1);
    assertThat(Json.tree(receiver.hits().get(0).body()).get("agent_id").asText()).isEqualTo(alice.agentId());
  }

  @Test
  void badWakeRegistrationsAre422() {
    assertThat(register(server, bob, "ftp://example.com/x").status()).isEqualTo(422);
    assertThat(register(server, bob, "not a url").status()).isEqualTo(422);
    Resp shortSecret = server.put("/v1/agents/me/wake", Map.of("webhook_url", "http://127.0.0.1:1/x",
        "secret", "short"), bob.key());
    assertThat(shortSecret.status()).isEqualTo(422);
    assertThat(shortSecret.json().get("detail").isEmpty()).isFalse();
  }

  @Test
  void anotherProjectsAgentIsNeverWokenByThisProject() {
    Agent quinn = Agents.in(server, "wake-other").alias("bob").init();
    receiver = new WebhookReceiver(0);
    register(server, quinn, receiver.url());
    WebhookReceiver bobs = new WebhookReceiver(0);
    try (bobs) {
      register(server, bob, bobs.url());
      toNextWindow(server);
      mail(server, alice, bob);
      await().atMost(WAIT).until(() -> bobs.hits().size() >= 1);
      assertThat(receiver.hits()).isEmpty();
    }
  }
}
