package io.beadhub.unseen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Agent;
import io.beadhub.testing.Agents;
import io.beadhub.testing.Resp;
import io.beadhub.testing.SseClient;
import io.beadhub.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Escalate-if-unread: {@code escalate_after_seconds} on a mail, on the server's clock (docs/delivery.md). */
class UnseenEscalationTest {
  static TestServer server;
  static Agent alice;
  static Agent bob;
  static Agent carl;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    alice = Agents.in(server, "unseen").alias("alice").repo("https://github.com/acme/unseen.git").init();
    bob = Agents.in(server, "unseen").alias("bob").repo("https://github.com/acme/unseen.git").init();
    carl = Agents.in(server, "unseen").alias("carl").repo("https://github.com/acme/unseen.git").init();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String mail(Agent from, Agent to, String subject, int escalateAfter) {
    Resp r = server.post("/v1/messages", Map.of("to_alias", to.alias(), "subject", subject, "body", "please look",
        "escalate_after_seconds", escalateAfter), from.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.get("message_id").asText();
  }

  static List<String> escalationSubjects() {
    Resp r = server.get("/v1/escalations", alice.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    r.get("escalations").forEach(e -> out.add(e.get("subject").asText()));
    return out;
  }

  @Test
  void anUnseenMailIsEscalatedAndASeenOneIsNot() {
    mail(alice, bob, "seen-in-time", 60);
    assertThat(server.get("/v1/messages/inbox", bob.key()).status()).isEqualTo(200);
    String unseen = mail(alice, carl, "nobody-looked", 61);

    server.clock().advance(Duration.ofSeconds(59));
    assertThat(escalationSubjects()).noneMatch(x -> x.contains("nobody-looked"));

    server.clock().advance(Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(20)).until(() -> !escalationSubjects().isEmpty());
    assertThat(escalationSubjects()).contains("Not seen after 61s: nobody-looked")
        .doesNotContain("Not seen after 60s: seen-in-time");

    JsonNode inbox = server.get("/v1/messages/inbox", alice.key()).get("messages");
    assertThat(inbox).hasSize(1);
    assertThat(inbox.get(0).get("subject").asText()).isEqualTo("Not seen after 61s: nobody-looked");
    assertThat(inbox.get(0).get("body").asText()).contains(unseen).contains("carl");
    assertThat(situations()).anyMatch(x -> x.contains("please look") && x.contains(unseen));
  }

  @Test
  void anUnreadChatMessageIsEscalatedAndARepliedOneIsNot() {
    Resp read = server.post("/v1/chat/sessions", Map.of("to_aliases", List.of("bob"), "message", "chat-read",
        "escalate_after_seconds", 30), carl.key());
    assertThat(read.status()).as(read.toString()).isEqualTo(200);
    server.post("/v1/chat/sessions/" + read.get("session_id").asText() + "/read",
        Map.of("up_to_message_id", read.get("message_id").asText()), bob.key());
    Resp unread = server.post("/v1/chat/sessions", Map.of("to_aliases", List.of("alice"), "message", "chat-unread",
        "escalate_after_seconds", 31), carl.key());
    assertThat(unread.status()).as(unread.toString()).isEqualTo(200);

    server.clock().advance(Duration.ofSeconds(40));
    await().atMost(Duration.ofSeconds(20)).until(() -> situations().stream().anyMatch(x -> x.contains("chat-unread")));
    assertThat(situations()).noneMatch(x -> x.contains("chat-read\n") || x.endsWith("chat-read"));
  }

  @Test
  void aChatMessageWrittenToTheRecipientsStreamIsSeenAndNotEscalated() {
    Resp opened = server.post("/v1/chat/sessions", Map.of("to_aliases", List.of("bob"), "message", "hi"),
        carl.key());
    assertThat(opened.status()).as(opened.toString()).isEqualTo(200);
    String session = opened.get("session_id").asText();
    Instant deadline = server.clock().instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    try (SseClient stream = SseClient.open(server.base(), "/v1/chat/sessions/" + session + "/stream?deadline="
        + deadline, bob.key())) {
      assertThat(stream.next(Duration.ofSeconds(10)).comment()).isEqualTo("keepalive");
      Resp sent = server.post("/v1/chat/sessions/" + session + "/messages",
          Map.of("body", "streamed-one", "escalate_after_seconds", 30), carl.key());
      assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
      String id = sent.get("message_id").asText();
      SseClient.Frame f = stream.nextEvent("message", Duration.ofSeconds(10));
      assertThat(f.data().get("body").asText()).isEqualTo("streamed-one");
      await().atMost(Duration.ofSeconds(10)).until(() -> "seen".equals(server.get("/v1/messages/" + id + "/delivery",
          carl.key()).get("recipients").get(0).get("state").asText()));
    }
    Resp control = server.post("/v1/chat/sessions", Map.of("to_aliases", List.of("alice"),
        "message", "control-unstreamed", "escalate_after_seconds", 30), carl.key());
    assertThat(control.status()).as(control.toString()).isEqualTo(200);

    server.clock().advance(Duration.ofSeconds(40));
    await().atMost(Duration.ofSeconds(20))
        .until(() -> situations().stream().anyMatch(x -> x.contains("control-unstreamed")));
    assertThat(situations()).noneMatch(x -> x.contains("streamed-one"));
  }

  static List<String> situations() {
    return server.sql().withHandle(h -> h.createQuery("SELECT situation FROM server.escalations")
        .mapTo(String.class).list());
  }
}
