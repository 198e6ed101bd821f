package io.beadhub.unseen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Agent;
import io.beadhub.testing.Agents;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.time.Duration;
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
    assertThat(escalationSubjects()).isEmpty();

    server.clock().advance(Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(20)).until(() -> !escalationSubjects().isEmpty());
    assertThat(escalationSubjects()).containsExactly("Not seen after 61s: nobody-looked");

    JsonNode inbox = server.get("/v1/messages/inbox", alice.key()).get("messages");
    assertThat(inbox).hasSize(1);
    assertThat(inbox.get(0).get("subject").asText()).isEqualTo("Not seen after 61s: nobody-looked");
    assertThat(inbox.get(0).get("body").asText()).contains(unseen).contains("carl");
    String escalation = server.sql().withHandle(h -> h.createQuery(
        "SELECT situation FROM server.escalations").mapTo(String.class).one());
    assertThat(escalation).contains("please look").contains(unseen);
  }
}
