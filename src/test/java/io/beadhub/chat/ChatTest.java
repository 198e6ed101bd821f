package io.beadhub.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import io.beadhub.testing.Agent;
import io.beadhub.testing.Agents;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 20 §3 without streams: acceptance checks 15–22 and 33. Tests use their own agents. */
class ChatTest {
  static final String ZSECOND = "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$";
  static TestServer server;
  static Agent quinn;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    quinn = Agents.in(server, "other-proj").alias("quinn").init();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A fresh trio in a fresh project (slug given), so pending/unread counts are per test. */
  record Trio(Agent a, Agent b, Agent c) {
  }

  static Trio trio(String slug) {
    return new Trio(Agents.in(server, slug).alias("alice-dev").init(), Agents.in(server, slug).alias("bob-rev").init(),
        Agents.in(server, slug).alias("carl").init());
  }

  static Resp create(Agent from, List<String> to, String message) {
    return server.post("/v1/chat/sessions", Map.of("to_aliases", to, "message", message), from.key());
  }

  static JsonNode createOk(Agent from, List<String> to, String message) {
    Resp r = create(from, to, message);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  static String say(Agent from, String session, String body) {
    Resp r = server.post("/v1/chat/sessions/" + session + "/messages", Map.of("body", body), from.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.get("message_id").asText();
  }

  static JsonNode pending(Agent p) {
    Resp r = server.get("/v1/chat/pending", p.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  static List<String> bodies(JsonNode messages) {
    List<String> out = new ArrayList<>();
    messages.forEach(m -> out.add(m.path("body").asText()));
    return out;
  }

  @Test
  void participantHashMatchesTheSpecVector() {
    assertThat(ChatService.participantHash(List.of(UUID.fromString("a417e742-7519-4f44-ae22-d96aa1fe1163"),
        UUID.fromString("065fe379-0c44-4563-85b3-93ac25fdc425"))))
        .isEqualTo("a0da1910d3476e6732bce0367102f39dfe528a8167c001d9f7161c434360a3cb");
  }

  @Test
  void createFindsOrCreatesTheSessionOfAParticipantSet() {
    Trio t = trio("chat-create");
    JsonNode r = createOk(t.a(), List.of("bob-rev"), "hi");
    String session = r.path("session_id").asText();
    assertThat(r.path("participants").get(0).path("alias").asText()).isEqualTo("alice-dev");
    assertThat(r.path("participants").get(0).path("agent_id").asText()).isEqualTo(t.a().agentId());
    assertThat(r.path("participants").get(1).path("alias").asText()).isEqualTo("bob-rev");
    assertThat(r.path("participants").get(1).path("agent_id").asText()).isEqualTo(t.b().agentId());
    assertThat(r.path("sse_url").asText()).isEqualTo("/v1/chat/sessions/" + session + "/stream");
    assertThat(r.path("targets_connected").toString()).isEqualTo("[]");
    assertThat(r.path("targets_left").toString()).isEqualTo("[]");
    assertThat(r.path("message_id").asText()).hasSize(36);
    assertThat(createOk(t.a(), List.of("bob-rev"), "again").path("session_id").asText()).isEqualTo(session);
    assertThat(createOk(t.b(), List.of(" alice-dev ", "alice-dev"), "from bob").path("session_id").asText())
        .isEqualTo(session);
    assertThat(createOk(t.a(), List.of("bob-rev", "carl"), "trio").path("session_id").asText())
        .isNotEqualTo(session);

    JsonNode sessions = server.get("/v1/chat/sessions", t.a().key()).json().path("sessions");
    assertThat(sessions.size()).isEqualTo(2);
    assertThat(sessions.get(1).path("session_id").asText()).isEqualTo(session);
    assertThat(sessions.get(1).path("participants").toString()).isEqualTo("[\"alice-dev\",\"bob-rev\"]");
    assertThat(sessions.get(1).path("created_at").asText()).matches(ZSECOND);
    assertThat(sessions.get(1).path("sender_waiting").asBoolean(true)).isFalse();
  }

  @Test
  void createErrors() {
    Trio t = trio("chat-errors");
    Resp self = create(t.a(), List.of("alice-dev"), "x");
    assertThat(self.status()).isEqualTo(400);
    assertThat(self.detail()).isEqualTo("Self-chat is not supported");
    Resp ghost = create(t.a(), List.of("ghost"), "x");
    assertThat(ghost.status()).isEqualTo(404);
    assertThat(ghost.detail()).isEqualTo("Agent not found");
    assertThat(create(t.a(), List.of(), "x").status()).isEqualTo(422);
    Resp blank = create(t.a(), List.of("  "), "x");
    assertThat(blank.status()).isEqualTo(422);
    assertThat(blank.msg()).contains("to_aliases must not be empty");
    assertThat(create(t.a(), List.of("quinn"), "x").status()).isEqualTo(404);
    assertThat(create(t.a(), List.of("bad alias!"), "x").status()).isEqualTo(422);
    assertThat(server.post("/v1/chat/sessions", Map.of("to_aliases", List.of("bob-rev")), t.a().key()).status())
        .isEqualTo(422);
    assertThat(create(t.a(), List.of("bob-rev"), "").status()).isEqualTo(200);
  }

  @Test
  void pendingShowsUnreadFromOthersAndMarkReadClearsIt() {
    Trio t = trio("chat-pending");
    server.post("/v1/messages", Map.of("to_alias", "bob-rev", "body", "mail"), t.a().key());
    String session = createOk(t.a(), List.of("bob-rev"), "hi").path("session_id").asText();
    JsonNode p = pending(t.b());
    assertThat(p.path("pending").size()).isEqualTo(1);
    JsonNode item = p.path("pending").get(0);
    assertThat(item.path("session_id").asText()).isEqualTo(session);
    assertThat(item.path("participants").toString()).isEqualTo("[\"alice-dev\",\"bob-rev\"]");
    assertThat(item.path("last_message").asText()).isEqualTo("hi");
    assertThat(item.path("last_from").asText()).isEqualTo("alice-dev");
    assertThat(item.path("unread_count").asInt()).isEqualTo(1);
    assertThat(item.path("last_activity").asText()).matches(ZSECOND);
    assertThat(item.path("sender_waiting").asBoolean(true)).isFalse();
    assertThat(item.path("time_remaining_seconds").asInt(-1)).isZero();
    assertThat(p.path("messages_waiting").asInt()).isEqualTo(1);
    assertThat(pending(t.a()).path("pending").size()).isZero();

    JsonNode unread = server.get("/v1/chat/sessions/" + session + "/messages?unread_only=true", t.b().key()).json()
        .path("messages");
    assertThat(bodies(unread)).containsExactly("hi");
    String id = unread.get(0).path("message_id").asText();
    Resp read = server.post("/v1/chat/sessions/" + session + "/read", Map.of("up_to_message_id", id), t.b().key());
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.get("success").asBoolean()).isTrue();
    assertThat(read.get("messages_marked").asInt()).isEqualTo(1);
    Resp again = server.post("/v1/chat/sessions/" + session + "/read", Map.of("up_to_message_id", id), t.b().key());
    assertThat(again.get("messages_marked").asInt()).isZero();
    assertThat(pending(t.b()).path("pending").size()).isZero();
  }

  @Test
  void markingReadUpToAnOlderMessageKeepsLaterOnesUnread() {
    Trio t = trio("chat-lost");
    String session = createOk(t.a(), List.of("bob-rev"), "m1").path("session_id").asText();
    JsonNode history = server.get("/v1/chat/sessions/" + session + "/messages", t.b().key()).json().path("messages");
    assertThat(bodies(history)).containsExactly("m1");
    String m1 = history.get(0).path("message_id").asText();
    say(t.a(), session, "m2");
    Resp read = server.post("/v1/chat/sessions/" + session + "/read", Map.of("up_to_message_id", m1), t.b().key());
    assertThat(read.get("messages_marked").asInt()).isEqualTo(1);
    JsonNode item = pending(t.b()).path("pending").get(0);
    assertThat(item.path("unread_count").asInt()).isEqualTo(1);
    assertThat(item.path("last_message").asText()).isEqualTo("m2");
  }

  @Test
  void nonParticipantsAndOtherProjectsAreRefused() {
    Trio t = trio("chat-access");
    String session = createOk(t.a(), List.of("bob-rev"), "private").path("session_id").asText();
    String msg = server.get("/v1/chat/sessions/" + session + "/messages", t.a().key()).json().path("messages")
        .get(0).path("message_id").asText();
    String stream = "/v1/chat/sessions/" + session + "/stream?deadline=2099-01-01T00:00:00Z";
    for (Agent p : List.of(t.c(), quinn)) {
      int status = p == quinn ? 404 : 403;
      String detail = p == quinn ? "Session not found" : "Not a participant in this session";
      List<Resp> rs = List.of(
          server.get("/v1/chat/sessions/" + session + "/messages", p.key()),
          server.post("/v1/chat/sessions/" + session + "/read", Map.of("up_to_message_id", msg), p.key()),
          server.post("/v1/chat/sessions/" + session + "/messages", Map.of("body", "x"), p.key()),
          server.get(stream, p.key()));
      for (Resp r : rs) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.detail()).isEqualTo(detail);
      }
    }
    Resp badHistory = server.get("/v1/chat/sessions/not-a-uuid/messages", t.a().key());
    assertThat(badHistory.status()).isEqualTo(422);
    assertThat(badHistory.detail()).isEqualTo("Invalid id format");
    assertThat(server.post("/v1/chat/sessions/not-a-uuid/read", Map.of("up_to_message_id", msg), t.a().key())
        .status()).isEqualTo(422);
    String other = createOk(t.a(), List.of("carl"), "elsewhere").path("message_id").asText();
    Resp foreign = server.post("/v1/chat/sessions/" + session + "/read", Map.of("up_to_message_id", other),
        t.a().key());
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.detail()).isEqualTo("Message not found");
    assertThat(server.post("/v1/chat/sessions/" + session + "/read", Map.of("up_to_message_id", "zz"), t.a().key())
        .status()).isEqualTo(422);
  }

  @Test
  void inSessionSendHangOnAndLeaving() {
    Trio t = trio("chat-send");
    String session = createOk(t.a(), List.of("bob-rev"), "hello").path("session_id").asText();
    String path = "/v1/chat/sessions/" + session + "/messages";
    assertThat(server.post(path, Map.of("body", ""), t.b().key()).status()).isEqualTo(422);
    Resp wait = server.post(path, Map.of("body", "wait", "hang_on", true), t.b().key());
    assertThat(wait.status()).isEqualTo(200);
    assertThat(wait.get("delivered").asBoolean()).isTrue();
    assertThat(wait.get("extends_wait_seconds").asInt()).isEqualTo(300);
    Resp plain = server.post(path, Map.of("body", "plain"), t.b().key());
    assertThat(plain.get("extends_wait_seconds").asInt()).isZero();
    Resp bye = server.post(path, Map.of("body", "bye", "leaving", true), t.b().key());
    assertThat(bye.status()).isEqualTo(200);
    JsonNode r = createOk(t.a(), List.of("bob-rev"), "still there?");
    assertThat(r.path("targets_left").toString()).isEqualTo("[\"bob-rev\"]");
    say(t.b(), session, "back");
    assertThat(createOk(t.a(), List.of("bob-rev"), "ok").path("targets_left").toString()).isEqualTo("[]");

    JsonNode history = server.get(path, t.a().key()).json().path("messages");
    JsonNode hangOn = history.get(1);
    assertThat(hangOn.path("body").asText()).isEqualTo("wait");
    assertThat(hangOn.path("hang_on").asBoolean()).isTrue();
    assertThat(hangOn.path("from_agent").asText()).isEqualTo("bob-rev");
    assertThat(hangOn.path("from_address").asText()).isEqualTo("chat-send/bob-rev");
    assertThat(hangOn.path("to_address").asText()).isEqualTo("chat-send/alice-dev");
    assertThat(hangOn.path("timestamp").asText()).matches(ZSECOND);
    assertThat(hangOn.path("from_stable_id").asText()).isEqualTo(t.b().stableId());
    assertThat(hangOn.path("to_stable_id").asText()).isEqualTo(t.a().stableId());
    assertThat(hangOn.path("is_contact").asBoolean(true)).isFalse();
    assertThat(history.get(3).path("sender_leaving").asBoolean()).isTrue();
  }

  @Test
  void aRetriedSignedChatSendAnswersAgainAndStoresOneMessage() {
    Trio t = trio("chat-retry");
    String first = UUID.randomUUID().toString();
    Map<String, Object> open = Map.of("to_aliases", List.of("bob-rev"), "message", "hello", "signature", "s1",
        "from_did", "did:key:z1", "message_id", first, "timestamp", "2026-11-23T12:00:00Z");
    Resp created = server.post("/v1/chat/sessions", open, t.a().key());
    Resp createdAgain = server.post("/v1/chat/sessions", open, t.a().key());
    assertThat(createdAgain.status()).as(createdAgain.toString()).isEqualTo(200);
    assertThat(createdAgain.get("message_id").asText()).isEqualTo(first);
    assertThat(createdAgain.get("session_id")).isEqualTo(created.get("session_id"));

    String session = created.get("session_id").asText();
    String second = UUID.randomUUID().toString();
    Map<String, Object> reply = Map.of("body", "hi", "hang_on", true, "signature", "s2", "from_did", "did:key:z2",
        "message_id", second, "timestamp", "2026-11-23T12:00:05Z");
    String path = "/v1/chat/sessions/" + session + "/messages";
    Resp sent = server.post(path, reply, t.b().key());
    Resp sentAgain = server.post(path, reply, t.b().key());
    assertThat(sentAgain.status()).as(sentAgain.toString()).isEqualTo(200);
    assertThat(sentAgain.json()).isEqualTo(sent.json());

    JsonNode history = server.get(path, t.a().key()).json().path("messages");
    assertThat(bodies(history)).containsExactly("hello", "hi");
  }

  @Test
  void aChatMessageIdReusedForOtherContentIsStillAConflict() {
    Trio t = trio("chat-reuse");
    String id = UUID.randomUUID().toString();
    Map<String, Object> open = new java.util.HashMap<>(Map.of("to_aliases", List.of("bob-rev"), "message", "hello",
        "signature", "s1", "from_did", "did:key:z1", "message_id", id, "timestamp", "2026-11-23T12:00:00Z"));
    assertThat(server.post("/v1/chat/sessions", open, t.a().key()).status()).isEqualTo(200);
    open.put("message", "something else");
    Resp other = server.post("/v1/chat/sessions", open, t.a().key());
    assertThat(other.status()).isEqualTo(409);
    assertThat(other.detail()).isEqualTo("message_id already exists");
    open.put("message", "hello");
    open.put("to_aliases", List.of("carl"));
    assertThat(server.post("/v1/chat/sessions", open, t.a().key()).status()).isEqualTo(409);
  }

  @Test
  void historyLimitsAndOrder() {
    Trio t = trio("chat-history");
    String session = createOk(t.a(), List.of("bob-rev"), "1").path("session_id").asText();
    for (String b : List.of("2", "3", "4", "5")) {
      say(t.a(), session, b);
    }
    String path = "/v1/chat/sessions/" + session + "/messages";
    assertThat(server.get(path + "?limit=0", t.b().key()).status()).isEqualTo(422);
    assertThat(server.get(path + "?limit=2001", t.b().key()).status()).isEqualTo(422);
    assertThat(bodies(server.get(path + "?limit=2", t.b().key()).json().path("messages")))
        .containsExactly("4", "5");
  }

  @Test
  void everySendPublishesChatMessageSentOnTheSendersChannel() {
    Trio t = trio("chat-events");
    String longBody = "x".repeat(100);
    JsonNode r = createOk(t.a(), List.of("carl", "bob-rev"), longBody);
    String session = r.path("session_id").asText();
    String second = say(t.b(), session, "short");
    JsonNode first = event(r.path("message_id").asText());
    assertThat(first.path("workspace_id").asText()).isEqualTo(t.a().agentId());
    assertThat(first.path("session_id").asText()).isEqualTo(session);
    assertThat(first.path("from_alias").asText()).isEqualTo("alice-dev");
    assertThat(first.path("to_aliases").toString()).isEqualTo("[\"bob-rev\",\"carl\"]");
    assertThat(first.path("preview").asText()).isEqualTo("x".repeat(80));
    assertThat(first.path("project_slug").asText()).isEqualTo("chat-events");
    JsonNode next = event(second);
    assertThat(next.path("workspace_id").asText()).isEqualTo(t.b().agentId());
    assertThat(next.path("to_aliases").toString()).isEqualTo("[\"alice-dev\",\"carl\"]");
    assertThat(next.path("preview").asText()).isEqualTo("short");
  }

  static JsonNode event(String messageId) {
    server.eventsNumbered();
    return server.sql().withHandle(h -> io.beadhub.common.Json.tree(h.createQuery("""
            SELECT payload::text FROM server.events WHERE type = 'chat.message_sent' AND payload->>'message_id' = :m
            """).bind("m", messageId).mapTo(String.class).one()));
  }
}
