package io.beadhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Agent;
import io.beadhub.testing.Agents;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tracked delivery: stored → seen (inbox read) → acked, readable by the sender (docs/delivery.md). */
class DeliveryTest {
  static TestServer server;
  static Agent alice;
  static Agent bob;
  static Agent carl;
  static Agent quinn;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    alice = Agents.in(server, "deliv").alias("alice").init();
    bob = Agents.in(server, "deliv").alias("bob").init();
    carl = Agents.in(server, "deliv").alias("carl").init();
    quinn = Agents.in(server, "deliv-other").alias("quinn").init();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String mail(Agent from, Agent to) {
    Resp r = server.post("/v1/messages", Map.of("to_alias", to.alias(), "body", "hello"), from.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.get("message_id").asText();
  }

  static JsonNode recipient(Agent reader, String id) {
    Resp r = server.get("/v1/messages/" + id + "/delivery", reader.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.get("recipients").get(0);
  }

  @Test
  void mailGoesFromStoredToSeenToAcked() {
    String id = mail(alice, bob);
    JsonNode r = recipient(alice, id);
    assertThat(r.get("state").asText()).isEqualTo("stored");
    assertThat(r.get("alias").asText()).isEqualTo("bob");

    assertThat(server.get("/v1/messages/inbox", bob.key()).status()).isEqualTo(200);
    assertThat(recipient(alice, id).get("state").asText()).isEqualTo("seen");
    assertThat(recipient(alice, id).get("seen_through").isNull()).isFalse();

    assertThat(server.post("/v1/messages/" + id + "/ack", Map.of(), bob.key()).status()).isEqualTo(200);
    assertThat(recipient(alice, id).get("state").asText()).isEqualTo("acked");
  }

  @Test
  void aFilteredInboxReadDoesNotMoveTheWatermark() {
    String id = mail(alice, carl);
    server.get("/v1/messages/inbox?from_alias=nobody", carl.key());
    assertThat(recipient(alice, id).get("state").asText()).isEqualTo("stored");
  }

  @Test
  void existingInboxShapeIsUnchanged() {
    mail(alice, bob);
    JsonNode first = server.get("/v1/messages/inbox", bob.key()).get("messages").get(0);
    List<String> fields = new java.util.ArrayList<>();
    first.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).doesNotContain("state", "delivery", "seen_through");
  }

  @Test
  void onlyTheSenderOrRecipientMayRead() {
    String id = mail(alice, bob);
    assertThat(server.get("/v1/messages/" + id + "/delivery", carl.key()).status()).isEqualTo(403);
    Resp other = server.get("/v1/messages/" + id + "/delivery", quinn.key());
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.detail()).isNotBlank();
    assertThat(server.get("/v1/messages/not-a-uuid/delivery", alice.key()).status()).isBetween(400, 499);
  }

  @Test
  void chatDeliveryFollowsTheReadReceipts() {
    Resp created = server.post("/v1/chat/sessions",
        Map.of("to_aliases", List.of("carl"), "message", "ping"), alice.key());
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    String session = created.get("session_id").asText();
    String id = created.get("message_id").asText();
    JsonNode r = recipient(alice, id);
    assertThat(r.get("state").asText()).isEqualTo("stored");
    Resp read = server.post("/v1/chat/sessions/" + session + "/read", Map.of("up_to_message_id", id), carl.key());
    assertThat(read.status()).as(read.toString()).isEqualTo(200);
    Resp d = server.get("/v1/messages/" + id + "/delivery", alice.key());
    assertThat(d.get("kind").asText()).isEqualTo("chat");
    assertThat(d.get("recipients").get(0).get("state").asText()).isEqualTo("seen");
  }

  @Test
  void escalateAfterSecondsIsValidated() {
    Resp r = server.post("/v1/messages", Map.of("to_alias", "bob", "body", "x", "escalate_after_seconds", 0),
        alice.key());
    assertThat(r.status()).isEqualTo(422);
  }

  @Test
  void theSentViewShowsEachMailsDeliveryState() {
    Agent dora = Agents.in(server, "deliv").alias("dora").init();
    Agent emil = Agents.in(server, "deliv").alias("emil").init();
    String first = mail(dora, emil);
    String second = mail(dora, bob);
    mail(emil, dora);
    assertThat(server.get("/v1/messages/inbox", emil.key()).status()).isEqualTo(200);

    Resp r = server.get("/v1/messages/sent", dora.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonNode sent = r.get("messages");
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).get("message_id").asText()).isEqualTo(second);
    assertThat(sent.get(0).get("to_alias").asText()).isEqualTo("bob");
    assertThat(sent.get(1).get("message_id").asText()).isEqualTo(first);
    assertThat(sent.get(1).get("delivery").get(0).get("state").asText()).isEqualTo("seen");
    assertThat(sent.get(1).get("delivery").get(0).get("alias").asText()).isEqualTo("emil");
    assertThat(server.get("/v1/messages/sent?limit=1", dora.key()).get("messages")).hasSize(1);
    assertThat(server.get("/v1/messages/sent?limit=0", dora.key()).status()).isEqualTo(422);
    assertThat(server.get("/v1/messages/sent", quinn.key()).get("messages")).isEmpty();
  }
}
