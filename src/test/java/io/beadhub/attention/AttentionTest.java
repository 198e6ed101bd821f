package io.beadhub.attention;

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

/** {@code GET /v1/attention}: what needs the caller now, with an ETag (docs/delivery.md). */
class AttentionTest {
  static TestServer server;
  static Agent alice;
  static Agent bob;
  static Agent carl;
  static Agent quinn;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    alice = Agents.in(server, "attn").alias("alice").init();
    bob = Agents.in(server, "attn").alias("bob").init();
    carl = Agents.in(server, "attn").alias("carl").init();
    quinn = Agents.in(server, "attn-other").alias("quinn").init();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Resp attention(Agent a, String etag) {
    return server.send("GET", "/v1/attention", null, etag == null
        ? Map.of("Authorization", "Bearer " + a.key())
        : Map.of("Authorization", "Bearer " + a.key(), "If-None-Match", etag));
  }

  @Test
  void unchangedAttentionIs304AndANewMailChangesIt() {
    Resp first = attention(bob, null);
    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    String etag = first.header("ETag");
    assertThat(etag).isNotBlank();
    Resp again = attention(bob, etag);
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.text()).isEmpty();

    Resp sent = server.post("/v1/messages", Map.of("to_alias", "bob", "body", "x", "priority", "urgent",
        "subject", "fire"), alice.key());
    assertThat(sent.status()).isEqualTo(200);
    Resp changed = attention(bob, etag);
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.header("ETag")).isNotEqualTo(etag);
    JsonNode j = changed.json();
    assertThat(j.get("unread_mail").asInt()).isEqualTo(first.json().get("unread_mail").asInt() + 1);
    assertThat(j.get("urgent_mail").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(j.get("latest_unread").get("subject").asText()).isEqualTo("fire");
    assertThat(j.get("latest_unread").get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
  }

  @Test
  void aChatWaitingForTheAgentIsListedUntilRead() {
    Resp created = server.post("/v1/chat/sessions", Map.of("to_aliases", List.of("carl"), "message", "hi"),
        alice.key());
    assertThat(created.status()).isEqualTo(200);
    JsonNode chats = attention(carl, null).json().get("chats_waiting");
    assertThat(chats).hasSize(1);
    assertThat(chats.get(0).get("from_alias").asText()).isEqualTo("alice");
    assertThat(attention(alice, null).json().get("chats_waiting")).isEmpty();
    server.post("/v1/chat/sessions/" + created.get("session_id").asText() + "/read",
        Map.of("up_to_message_id", created.get("message_id").asText()), carl.key());
    assertThat(attention(carl, null).json().get("chats_waiting")).isEmpty();
  }

  @Test
  void anotherProjectsAgentSeesNothingOfThisOne() {
    server.post("/v1/messages", Map.of("to_alias", "bob", "body", "x"), alice.key());
    JsonNode q = attention(quinn, null).json();
    assertThat(q.get("unread_mail").asInt()).isZero();
    assertThat(q.get("latest_unread").isNull()).isTrue();
    assertThat(q.get("chats_waiting")).isEmpty();
  }

  @Test
  void withoutAnAgentKeyIs401() {
    Resp r = server.send("GET", "/v1/attention", null, Map.of());
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.detail()).isNotBlank();
  }
}
