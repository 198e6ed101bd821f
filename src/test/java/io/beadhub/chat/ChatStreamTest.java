package io.beadhub.chat;

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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chat SSE stream (spec 20 §3.9–3.10): acceptance checks 23–32, in-process wake and registry. */
class ChatStreamTest {
  static final String ZSECOND = "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$";
  // A bound on waits for frames that must arrive (generous: the full suite loads both cores).
  static final Duration WAIT = Duration.ofSeconds(10);
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Pair(Agent a, Agent b, String session) {
  }

  /** alice-dev and bob-rev in a fresh project, with a session alice created 20 s "ago". */
  static Pair pair(String slug) {
    Agent a = Agents.in(server, slug).alias("alice-dev").init();
    Agent b = Agents.in(server, slug).alias("bob-rev").init();
    String session = create(a, "bob-rev", "opening").path("session_id").asText();
    server.sql().useHandle(h -> h.createUpdate(
        "UPDATE aweb.chat_messages SET created_at = created_at - interval '20 seconds' WHERE session_id = CAST(:s AS uuid)")
        .bind("s", session).execute());
    return new Pair(a, b, session);
  }

  static JsonNode create(Agent from, String to, String message) {
    Resp r = server.post("/v1/chat/sessions", Map.of("to_aliases", List.of(to), "message", message), from.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  static SseClient stream(Agent p, String session, Duration ahead, String after) {
    String path = "/v1/chat/sessions/" + session + "/stream?deadline="
        + Instant.now().plus(ahead).truncatedTo(ChronoUnit.SECONDS) + (after == null ? "" : "&after=" + after);
    return SseClient.open(server.base(), path, p.key());
  }

  /** Opens a stream and waits until the server has registered it (the first keepalive arrived). */
  static SseClient opened(Agent p, String session, Duration ahead, String after) {
    SseClient s = stream(p, session, ahead, after);
    SseClient.Frame first = s.next(WAIT);
    assertThat(first).isNotNull();
    assertThat(first.comment()).isEqualTo("keepalive");
    return s;
  }

  static List<String> connected(Agent from, String to) {
    JsonNode r = create(from, to, "ping");
    return Json.list(r.path("targets_connected"));
  }

  static final class Json {
    static List<String> list(JsonNode array) {
      java.util.ArrayList<String> out = new java.util.ArrayList<>();
      array.forEach(n -> out.add(n.asText()));
      return out;
    }
  }

  @Test
  void streamParametersAreValidated() {
    Pair p = pair("stream-params");
    String base = "/v1/chat/sessions/" + p.session() + "/stream";
    assertThat(server.get(base, p.b().key()).status()).isEqualTo(422);
    assertThat(server.get(base + "?deadline=", p.b().key()).status()).isEqualTo(422);
    Resp garbage = server.get(base + "?deadline=garbage", p.b().key());
    assertThat(garbage.status()).isEqualTo(422);
    assertThat(garbage.detail()).isEqualTo("Invalid deadline format");
    Resp naive = server.get(base + "?deadline=2026-11-23T12:00:00", p.b().key());
    assertThat(naive.detail()).isEqualTo("deadline must be timezone-aware");
    Resp after = server.get(base + "?deadline=2099-01-01T00:00:00Z&after=garbage", p.b().key());
    assertThat(after.status()).isEqualTo(422);
    assertThat(after.detail()).isEqualTo("Invalid after format");
    Resp badId = server.get("/v1/chat/sessions/nope/stream?deadline=2099-01-01T00:00:00Z", p.b().key());
    assertThat(badId.detail()).isEqualTo("Invalid id format");
  }

  @Test
  void aStreamSeesAMessageSentAfterItOpenedThenTheSendersReceipt() {
    Pair p = pair("stream-live");
    try (SseClient s = opened(p.b(), p.session(), Duration.ofSeconds(60), null)) {
      assertThat(s.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
      assertThat(s.headers().firstValue("cache-control").orElse("")).isEqualTo("no-cache");
      assertThat(s.headers().firstValue("x-accel-buffering").orElse("")).isEqualTo("no");
      JsonNode sent = create(p.a(), "bob-rev", "Can you look at the login bug?");
      assertThat(Json.list(sent.path("targets_connected"))).containsExactly("bob-rev");
      SseClient.Frame msg = s.nextEvent(WAIT);
      assertThat(msg.event()).isEqualTo("message");
      JsonNode d = msg.data();
      assertThat(d.path("type").asText()).isEqualTo("message");
      assertThat(d.path("session_id").asText()).isEqualTo(p.session());
      assertThat(d.path("message_id").asText()).isEqualTo(sent.path("message_id").asText());
      assertThat(d.path("from_agent").asText()).isEqualTo("alice-dev");
      assertThat(d.path("from_address").asText()).isEqualTo("stream-live/alice-dev");
      assertThat(d.path("to_address").asText()).isEqualTo("stream-live/bob-rev");
      assertThat(d.path("body").asText()).isEqualTo("Can you look at the login bug?");
      assertThat(d.path("sender_waiting").asBoolean(true)).isFalse();
      assertThat(d.path("sender_leaving").asBoolean(true)).isFalse();
      assertThat(d.path("hang_on").asBoolean(true)).isFalse();
      assertThat(d.path("extends_wait_seconds").asInt(-1)).isZero();
      assertThat(d.path("timestamp").asText()).matches(ZSECOND);
      assertThat(d.path("from_stable_id").asText()).isEqualTo(p.a().stableId());
      assertThat(d.path("is_contact").asBoolean(true)).isFalse();
      SseClient.Frame receipt = s.nextEvent(WAIT);
      assertThat(receipt.event()).isEqualTo("read_receipt");
      assertThat(receipt.data().path("reader_alias").asText()).isEqualTo("alice-dev");
      assertThat(receipt.data().path("up_to_message_id").asText()).isEqualTo(sent.path("message_id").asText());
      assertThat(receipt.data().path("extends_wait_seconds").asInt()).isEqualTo(300);
      assertThat(receipt.data().path("timestamp").asText()).matches(ZSECOND);
    }
  }

  @Test
  void aWaitingStreamWakesWithoutPolling() {
    Pair p = pair("stream-wake");
    try (SseClient s = opened(p.b(), p.session(), Duration.ofSeconds(60), null)) {
      // The server's clock held back keeps the stream's 5 s safety-net re-check from running: a
      // message that arrives came from the wake.
      server.clock().rewind(Duration.ofHours(1));
      try {
        for (int i = 0; i < 5; i++) {
          create(p.a(), "bob-rev", "wake " + i);
          SseClient.Frame f = s.nextEvent(WAIT);
          assertThat(f).as("message woken").isNotNull();
          assertThat(f.event()).isEqualTo("message");
          assertThat(f.data().path("body").asText()).isEqualTo("wake " + i);
          assertThat(s.nextEvent(WAIT).event()).isEqualTo("read_receipt");
        }
      } finally {
        server.clock().advance(Duration.ofHours(1));
      }
    }
  }

  @Test
  void anOldClientSeesItsOwnMessageFirstThenTheReply() {
    Pair p = pair("stream-own");
    JsonNode sent = create(p.a(), "bob-rev", "question");
    try (SseClient s = opened(p.a(), p.session(), Duration.ofSeconds(60), null)) {
      SseClient.Frame own = s.nextEvent(WAIT);
      assertThat(own.event()).isEqualTo("message");
      assertThat(own.data().path("message_id").asText()).isEqualTo(sent.path("message_id").asText());
      assertThat(own.data().path("sender_waiting").asBoolean()).isTrue();
      create(p.b(), "alice-dev", "answer");
      SseClient.Frame reply = s.nextEvent(WAIT);
      assertThat(reply.event()).isEqualTo("message");
      assertThat(reply.data().path("body").asText()).isEqualTo("answer");
      assertThat(reply.data().path("from_agent").asText()).isEqualTo("bob-rev");
    }
  }

  @Test
  void noReplayWithoutAfterWhenTheOwnMessageIsOlderThan10Seconds() {
    Pair p = pair("stream-noreplay");
    try (SseClient s = opened(p.a(), p.session(), Duration.ofSeconds(60), null)) {
      create(p.b(), "alice-dev", "live");
      SseClient.Frame f = s.nextEvent(WAIT);
      assertThat(f.data().path("body").asText()).isEqualTo("live");
    }
  }

  @Test
  void afterReplaysEveryLaterMessageInOrderBeforeLiveOnes() {
    Pair p = pair("stream-after");
    Instant before = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
    for (String b : List.of("one", "two", "three")) {
      create(p.a(), "bob-rev", b);
    }
    try (SseClient s = stream(p.b(), p.session(), Duration.ofSeconds(60), before.toString())) {
      assertThat(s.next(WAIT).comment()).isEqualTo("keepalive");
      for (String b : List.of("one", "two", "three")) {
        SseClient.Frame f = s.nextEvent(WAIT);
        assertThat(f.event()).isEqualTo("message");
        assertThat(f.data().path("body").asText()).isEqualTo(b);
      }
      create(p.a(), "bob-rev", "four");
      assertThat(s.nextEvent(WAIT).data().path("body").asText()).isEqualTo("four");
    }
    String later = Instant.now().plusSeconds(5).toString();
    try (SseClient s = opened(p.b(), p.session(), Duration.ofSeconds(60), later)) {
      create(p.a(), "bob-rev", "five");
      assertThat(s.nextEvent(WAIT).data().path("body").asText()).isEqualTo("five");
    }
  }

  @Test
  void aSendThatCommitsAfterALaterOneIsStillStreamed() throws Exception {
    Pair p = pair("stream-late");
    java.util.UUID session = java.util.UUID.fromString(p.session());
    try (org.jdbi.v3.core.Handle slow = server.sql().open()) {
      // A slow send has taken its place in the session but not committed yet.
      slow.begin();
      ChatStore.insertMessage(slow, new ChatStore.NewMessage(java.util.UUID.randomUUID(), session,
          java.util.UUID.fromString(p.a().agentId()), "alice-dev", "slow",
          java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC), false, false, null, null, null, null, null, null));
      // A quick send meanwhile: it must not commit ahead of the slow one.
      Thread quick = Thread.ofVirtual().start(() -> assertThat(server.post("/v1/chat/sessions/" + p.session()
          + "/messages", Map.of("body", "quick"), p.a().key()).status()).isEqualTo(200));
      quick.join(500);
      try (SseClient s = opened(p.b(), p.session(), Duration.ofSeconds(60), null)) {
        slow.commit();
        quick.join();
        SseClient.Frame first = s.nextEvent(WAIT);
        SseClient.Frame second = s.nextEvent(WAIT);
        assertThat(first).as("the slow send is streamed").isNotNull();
        assertThat(second).as("the quick send is streamed").isNotNull();
        assertThat(List.of(first.data().path("body").asText(), second.data().path("body").asText()))
            .containsExactly("slow", "quick");
      }
    }
  }

  @Test
  void aStreamEndsAtItsDeadlineAndLeavesTheRegistry() {
    Pair p = pair("stream-deadline");
    try (SseClient s = opened(p.b(), p.session(), Duration.ofSeconds(2), null)) {
      assertThat(s.ended(Duration.ofSeconds(6))).isTrue();
    }
    assertThat(connected(p.a(), "bob-rev")).isEmpty();
  }

  @Test
  void aPastDeadlineStillGivesKeepaliveAndReplay() {
    Pair p = pair("stream-past");
    create(p.a(), "bob-rev", "mine");
    String path = "/v1/chat/sessions/" + p.session() + "/stream?deadline=2020-01-01T00:00:00Z";
    try (SseClient s = SseClient.open(server.base(), path, p.a().key())) {
      assertThat(s.next(WAIT).comment()).isEqualTo("keepalive");
      assertThat(s.nextEvent(WAIT).data().path("body").asText()).isEqualTo("mine");
      assertThat(s.ended(Duration.ofSeconds(3))).isTrue();
    }
  }

  @Test
  void closingOneOfTwoStreamsKeepsTheAgentConnectedAndClosingBothFreesIt() {
    Pair p = pair("stream-two");
    SseClient one = opened(p.b(), p.session(), Duration.ofSeconds(60), null);
    try (SseClient two = opened(p.b(), p.session(), Duration.ofSeconds(60), null)) {
      one.close();
      assertThat(connected(p.a(), "bob-rev")).containsExactly("bob-rev");
      server.post("/v1/chat/sessions/" + p.session() + "/messages", Map.of("body", "still here"), p.b().key());
      JsonNode pending = server.get("/v1/chat/pending", p.a().key()).json().path("pending");
      assertThat(pending.size()).isEqualTo(1);
      assertThat(pending.get(0).path("sender_waiting").asBoolean()).isTrue();
      JsonNode sessions = server.get("/v1/chat/sessions", p.a().key()).json().path("sessions");
      assertThat(sessions.get(0).path("sender_waiting").asBoolean()).isTrue();
    }
    long t0 = System.nanoTime();
    await().atMost(Duration.ofSeconds(20)).until(() -> connected(p.a(), "bob-rev").isEmpty());
    System.out.println("disconnect freed after ms: " + (System.nanoTime() - t0) / 1_000_000);
  }

  @Test
  void aClientThatDisconnectsLeavesTheRegistryAtOnce() {
    Pair p = pair("stream-gone");
    SseClient s = opened(p.b(), p.session(), Duration.ofSeconds(60), null);
    assertThat(waitingOnSessions(p.a())).isTrue();
    s.close();
    long t0 = System.nanoTime();
    await().atMost(Duration.ofSeconds(5)).until(() -> !waitingOnSessions(p.a()));
    System.out.println("idle disconnect freed after ms: " + (System.nanoTime() - t0) / 1_000_000);
  }

  /** sender_waiting of the session list: a read that writes nothing to the stream. */
  static boolean waitingOnSessions(Agent p) {
    return server.get("/v1/chat/sessions", p.key()).json().path("sessions").get(0).path("sender_waiting")
        .asBoolean();
  }

  @Test
  void ownMessagesAreStreamedWithoutOwnReceiptsAndOthersReceiptsFollow() {
    Pair p = pair("stream-receipts");
    try (SseClient s = opened(p.b(), p.session(), Duration.ofSeconds(60), null)) {
      String m3 = server.post("/v1/chat/sessions/" + p.session() + "/messages", Map.of("body", "m3"), p.b().key())
          .get("message_id").asText();
      SseClient.Frame own = s.nextEvent(WAIT);
      assertThat(own.event()).isEqualTo("message");
      assertThat(own.data().path("message_id").asText()).isEqualTo(m3);
      Resp read = server.post("/v1/chat/sessions/" + p.session() + "/read", Map.of("up_to_message_id", m3),
          p.a().key());
      assertThat(read.status()).isEqualTo(200);
      SseClient.Frame receipt = s.nextEvent(WAIT);
      assertThat(receipt.event()).isEqualTo("read_receipt");
      assertThat(receipt.data().path("reader_alias").asText()).isEqualTo("alice-dev");
      assertThat(receipt.data().path("up_to_message_id").asText()).isEqualTo(m3);
    }
  }

  @Test
  void anIdleStreamGetsKeepalivesEvery15Seconds() {
    Pair p = pair("stream-idle");
    try (SseClient s = opened(p.b(), p.session(), Duration.ofSeconds(60), null)) {
      // 15 s of silence pass for the server at once; its next re-check of the stream writes the keepalive.
      server.clock().advance(Duration.ofSeconds(15));
      try {
        SseClient.Frame f = s.next(WAIT);
        assertThat(f).isNotNull();
        assertThat(f.comment()).isEqualTo("keepalive");
      } finally {
        server.clock().rewind(Duration.ofSeconds(15));
      }
    }
  }
}
