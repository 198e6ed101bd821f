package io.beadhub.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import io.beadhub.testing.Agent;
import io.beadhub.testing.Agents;
import io.beadhub.testing.ProxyAuth;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 20 §2 and acceptance checks 1–14. */
class MailTest {
  static final String ZSECOND = "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$";
  static TestServer server;
  static Agent alice;
  static Agent bob;
  static Agent carl;
  static Agent quinn;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("BEADHUB_INTERNAL_AUTH_SECRET", ProxyAuth.SECRET));
    alice = Agents.in(server, "smoke-demo").alias("alice-dev").init();
    bob = Agents.in(server, "smoke-demo").alias("bob-rev").init();
    carl = Agents.in(server, "smoke-demo").alias("carl").init();
    quinn = Agents.in(server, "other-proj").alias("quinn").init();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Resp send(Agent from, Map<String, Object> body) {
    return server.post("/v1/messages", body, from.key());
  }

  static String sendOk(Agent from, Map<String, Object> body) {
    Resp r = send(from, body);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.get("message_id").asText();
  }

  static JsonNode inbox(Agent p, String query) {
    Resp r = server.get("/v1/messages/inbox" + query, p.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.get("messages");
  }

  static List<String> ids(JsonNode messages) {
    List<String> out = new ArrayList<>();
    messages.forEach(m -> out.add(m.path("message_id").asText()));
    return out;
  }

  @Test
  void sendDeliversAndInboxShowsEveryField() {
    Resp r = send(alice, Map.of("to_alias", "bob-rev", "subject", "Review request", "body",
        "Please review src/app.py", "priority", "normal"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("status").asText()).isEqualTo("delivered");
    assertThat(r.get("delivered_at").asText()).matches(ZSECOND);
    String id = r.get("message_id").asText();

    JsonNode first = inbox(bob, "").get(0);
    assertThat(first.path("message_id").asText()).isEqualTo(id);
    assertThat(first.path("from_agent_id").asText()).isEqualTo(alice.agentId());
    assertThat(first.path("from_alias").asText()).isEqualTo("alice-dev");
    assertThat(first.path("from_address").asText()).isEqualTo("smoke-demo/alice-dev");
    assertThat(first.path("to_address").asText()).isEqualTo("smoke-demo/bob-rev");
    assertThat(first.path("subject").asText()).isEqualTo("Review request");
    assertThat(first.path("body").asText()).isEqualTo("Please review src/app.py");
    assertThat(first.path("priority").asText()).isEqualTo("normal");
    assertThat(first.path("from_stable_id").asText()).startsWith("did:claw:").isEqualTo(alice.stableId());
    assertThat(first.path("to_stable_id").asText()).startsWith("did:claw:").isEqualTo(bob.stableId());
    assertThat(first.path("created_at").asText()).matches(ZSECOND);
    for (String f : List.of("thread_id", "read_at", "rotation_announcement", "from_did", "to_did", "signature",
        "signing_key_id")) {
      assertThat(first.has(f)).as(f).isTrue();
      assertThat(first.path(f).isNull()).as(f).isTrue();
    }
    assertThat(first.path("is_contact").asBoolean(true)).isFalse();

    server.eventsNumbered();
    JsonNode event = server.sql().withHandle(h -> io.beadhub.common.Json.tree(h.createQuery("""
        SELECT payload::text FROM server.events WHERE type = 'message.delivered' AND payload->>'message_id' = :id
        """).bind("id", id).mapTo(String.class).one()));
    assertThat(event.path("workspace_id").asText()).isEqualTo(bob.agentId());
    assertThat(event.path("from_workspace").asText()).isEqualTo(alice.agentId());
    assertThat(event.path("from_alias").asText()).isEqualTo("alice-dev");
    assertThat(event.path("to_alias").asText()).isEqualTo("bob-rev");
    assertThat(event.path("project_slug").asText()).isEqualTo("smoke-demo");
  }

  @Test
  void ackIsIdempotentAndOnlyForTheRecipient() {
    String id = sendOk(alice, Map.of("to_alias", "bob-rev", "body", "ack me"));
    Resp first = server.post("/v1/messages/" + id + "/ack", null, bob.key());
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.get("message_id").asText()).isEqualTo(id);
    assertThat(first.get("acknowledged_at").asText()).matches(ZSECOND);
    Resp again = server.post("/v1/messages/" + id + "/ack", null, bob.key());
    assertThat(again.get("acknowledged_at").asText()).isEqualTo(first.get("acknowledged_at").asText());
    assertThat(ids(inbox(bob, "?unread_only=true&limit=500"))).doesNotContain(id);
    server.eventsNumbered();
    int acks = server.sql().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM server.events WHERE type = 'message.acknowledged' AND payload->>'message_id' = :id")
        .bind("id", id).mapTo(Integer.class).one());
    assertThat(acks).isEqualTo(1);

    Resp byCarl = server.post("/v1/messages/" + id + "/ack", null, carl.key());
    assertThat(byCarl.status()).isEqualTo(403);
    assertThat(byCarl.detail()).isEqualTo("Not authorized to acknowledge this message");
    Resp byQuinn = server.post("/v1/messages/" + id + "/ack", null, quinn.key());
    assertThat(byQuinn.status()).isEqualTo(404);
    assertThat(byQuinn.detail()).isEqualTo("Message not found");
    Resp bad = server.post("/v1/messages/not-a-uuid/ack", null, bob.key());
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.text()).contains("Invalid message_id format");
  }

  @Test
  void recipientErrors() {
    Resp none = send(alice, Map.of("body", "x"));
    assertThat(none.status()).isEqualTo(422);
    assertThat(none.detail()).isEqualTo("Must provide to_agent_id or to_alias");
    Resp nobody = send(alice, Map.of("to_alias", "nobody", "body", "x"));
    assertThat(nobody.status()).isEqualTo(404);
    assertThat(nobody.detail()).isEqualTo("Agent not found");
    assertThat(send(alice, Map.of("to_agent_id", quinn.agentId(), "body", "x")).status()).isEqualTo(404);
    assertThat(send(alice, Map.of("to_alias", "quinn", "body", "x")).status()).isEqualTo(404);
    Resp badId = send(alice, Map.of("to_agent_id", "nope", "body", "x"));
    assertThat(badId.status()).isEqualTo(422);
    assertThat(badId.msg()).contains("Invalid agent_id format");
  }

  @Test
  void validationOfSendFields() {
    assertThat(send(alice, Map.of("to_alias", "bob-rev", "body", "x", "priority", "critical")).status())
        .isEqualTo(422);
    assertThat(send(alice, Map.of("to_alias", "bob-rev", "body", "x", "thread_id", "abc")).status()).isEqualTo(422);
    Resp noBody = send(alice, Map.of("to_alias", "bob-rev"));
    assertThat(noBody.status()).isEqualTo(422);
    assertThat(noBody.json().path("detail").path(0).path("loc").toString()).isEqualTo("[\"body\",\"body\"]");
    assertThat(send(alice, Map.of("to_alias", "bob-rev", "body", "")).status()).isEqualTo(200);
    assertThat(send(alice, Map.of("to_alias", "bob-rev", "body", "x", "foo", 1)).status()).isEqualTo(200);
    assertThat(send(alice, Map.of("to_alias", "bob-rev", "body", "x", "subject", "s".repeat(4097))).status())
        .isEqualTo(422);
  }

  @Test
  void inboxLimitBounds() {
    assertThat(server.get("/v1/messages/inbox?limit=0", alice.key()).status()).isEqualTo(422);
    assertThat(server.get("/v1/messages/inbox?limit=501", alice.key()).status()).isEqualTo(422);
    assertThat(server.get("/v1/messages/inbox?limit=500", alice.key()).status()).isEqualTo(200);
  }

  @Test
  void mailToARetiredAgentIs410WithSuccessor() {
    Agent old = Agents.in(server, "smoke-demo").alias("old-timer").lifetime("persistent").init();
    server.sql().useHandle(h -> h.createUpdate(
            "UPDATE aweb.agents SET status = 'retired', successor_agent_id = CAST(:s AS uuid) WHERE agent_id = CAST(:id AS uuid)")
        .bind("s", bob.agentId()).bind("id", old.agentId()).execute());
    Resp r = send(alice, Map.of("to_alias", "old-timer", "body", "x"));
    assertThat(r.status()).isEqualTo(410);
    List<String> keys = new ArrayList<>();
    r.json().fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactlyInAnyOrder("detail", "successor_alias", "successor_agent_id");
    assertThat(r.detail()).isEqualTo("Agent is retired");
    assertThat(r.get("successor_alias").asText()).isEqualTo("bob-rev");
    assertThat(r.get("successor_agent_id").asText()).isEqualTo(bob.agentId());
  }

  @Test
  void deregisteredAgentsAreGone() {
    Agent dora = Agents.in(server, "smoke-demo").alias("dora").init();
    assertThat(server.delete("/v1/agents/me", dora.key()).status()).isEqualTo(200);
    Resp to = send(bob, Map.of("to_alias", "dora", "body", "x"));
    assertThat(to.status()).isEqualTo(404);
    assertThat(to.detail()).isEqualTo("Agent not found");
    Resp own = server.get("/v1/messages/inbox", dora.key());
    assertThat(own.status()).isEqualTo(404);
    assertThat(own.detail()).isEqualTo("Agent not found");
  }

  @Test
  void signedSendRules() {
    Resp noDid = send(alice, Map.of("to_alias", "bob-rev", "body", "x", "signature", "sig"));
    assertThat(noDid.status()).isEqualTo(422);
    assertThat(noDid.detail()).isEqualTo("from_did is required when signature is provided");
    Resp noId = send(alice, Map.of("to_alias", "bob-rev", "body", "x", "signature", "sig", "from_did", "did:key:z1"));
    assertThat(noId.status()).isEqualTo(422);
    assertThat(noId.detail()).isEqualTo("message_id and timestamp are required when signature is provided");
    String mid = UUID.randomUUID().toString();
    Resp frac = send(alice, Map.of("to_alias", "bob-rev", "body", "x", "signature", "sig", "from_did", "did:key:z1",
        "message_id", mid, "timestamp", "2026-11-23T12:00:00.5Z"));
    assertThat(frac.status()).isEqualTo(422);
    assertThat(frac.detail()).isEqualTo("timestamp must be second precision");
    Resp naive = send(alice, Map.of("to_alias", "bob-rev", "body", "x", "signature", "sig", "from_did", "did:key:z1",
        "message_id", mid, "timestamp", "2026-11-23T12:00:00"));
    assertThat(naive.detail()).isEqualTo("timestamp must be timezone-aware");

    Map<String, Object> signed = Map.of("to_alias", "bob-rev", "body", "signed", "signature", "sig-abc",
        "from_did", "did:key:z1", "message_id", mid, "timestamp", "2026-11-23T12:00:00Z");
    assertThat(send(alice, signed).status()).isEqualTo(200);
    JsonNode m = null;
    for (JsonNode x : inbox(bob, "?limit=500")) {
      if (x.path("message_id").asText().equals(mid)) {
        m = x;
      }
    }
    assertThat(m).isNotNull();
    assertThat(m.path("signature").asText()).isEqualTo("sig-abc");
    assertThat(m.path("from_did").asText()).isEqualTo("did:key:z1");
    assertThat(m.path("created_at").asText()).isEqualTo("2026-11-23T12:00:00Z");
    Resp dup = send(alice, Map.of("to_alias", "bob-rev", "body", "another text", "signature", "sig-abc",
        "from_did", "did:key:z1", "message_id", mid, "timestamp", "2026-11-23T12:00:00Z"));
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.detail()).isEqualTo("message_id already exists");
  }

  @Test
  void aRetriedSignedSendAnswersTheStoredResultAndStoresOneMessage() {
    String mid = UUID.randomUUID().toString();
    Map<String, Object> signed = Map.of("to_alias", "carl", "subject", "s", "body", "once", "signature", "sig-1",
        "from_did", "did:key:z1", "message_id", mid, "timestamp", "2026-11-23T12:00:00Z");
    Resp first = send(alice, signed);
    Resp retry = send(alice, signed);

    assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
    assertThat(retry.json()).isEqualTo(first.json());
    long stored = server.sql().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM aweb.messages WHERE message_id = CAST(:id AS uuid)").bind("id", mid)
        .mapTo(Long.class).one());
    assertThat(stored).isEqualTo(1);
    server.eventsNumbered();
    long events = server.sql().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM server.events WHERE type = 'message.delivered' AND payload->>'message_id' = :id")
        .bind("id", mid).mapTo(Long.class).one());
    assertThat(events).isEqualTo(1);
  }

  @Test
  void aMessageIdReusedByAnotherSenderOrForAnotherRecipientIsStillAConflict() {
    String mid = UUID.randomUUID().toString();
    Map<String, Object> signed = new java.util.HashMap<>(Map.of("to_alias", "carl", "body", "x",
        "signature", "sig-2", "from_did", "did:key:z1", "message_id", mid, "timestamp", "2026-11-23T12:00:00Z"));
    assertThat(send(alice, signed).status()).isEqualTo(200);

    assertThat(send(bob, signed).status()).isEqualTo(409);
    signed.put("to_alias", "bob-rev");
    assertThat(send(alice, signed).detail()).isEqualTo("message_id already exists");
  }

  @Test
  void stableIdChecks() {
    Resp wrong = send(alice, Map.of("to_alias", "bob-rev", "body", "x", "from_stable_id", bob.stableId()));
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(wrong.detail()).isEqualTo("from_stable_id does not match sender stable_id");
    Resp malformed = send(alice, Map.of("to_alias", "bob-rev", "body", "x", "from_stable_id", "xyz"));
    assertThat(malformed.status()).isEqualTo(422);
    assertThat(malformed.msg()).contains("stable_id must start with 'did:claw:'");
    Resp toWrong = send(alice, Map.of("to_alias", "bob-rev", "body", "x", "to_stable_id", alice.stableId()));
    assertThat(toWrong.status()).isEqualTo(403);
    assertThat(toWrong.detail()).isEqualTo("to_stable_id does not match recipient stable_id");
    assertThat(send(alice, Map.of("to_alias", "bob-rev", "body", "x", "from_stable_id", alice.stableId(),
        "to_stable_id", bob.stableId())).status()).isEqualTo(200);
  }

  @Test
  void inboxFiltersByThreadAndSender() {
    String thread = UUID.randomUUID().toString();
    String inThread = sendOk(alice, Map.of("to_alias", "carl", "body", "t1", "thread_id", thread));
    String fromBob = sendOk(bob, Map.of("to_alias", "carl", "body", "b1"));
    assertThat(ids(inbox(carl, "?thread_id=" + thread))).containsExactly(inThread);
    JsonNode fromAlice = inbox(carl, "?from_alias=alice-dev&limit=500");
    assertThat(ids(fromAlice)).contains(inThread).doesNotContain(fromBob);
    fromAlice.forEach(m -> assertThat(m.path("from_alias").asText()).isEqualTo("alice-dev"));
    assertThat(server.get("/v1/messages/inbox?thread_id=zzz", carl.key()).status()).isEqualTo(422);
  }

  @Test
  void inboxIsNewestFirst() {
    Agent erin = Agents.in(server, "smoke-demo").alias("erin").init();
    String a = sendOk(alice, Map.of("to_alias", "erin", "body", "1"));
    String b = sendOk(alice, Map.of("to_alias", "erin", "body", "2"));
    server.sql().useHandle(h -> h.createUpdate(
        "UPDATE aweb.messages SET created_at = created_at - interval '1 minute' WHERE message_id = CAST(:a AS uuid)")
        .bind("a", a).execute());
    assertThat(ids(inbox(erin, ""))).containsExactly(b, a);
  }

  @Test
  void inboxCarriesTheSendersUnacknowledgedRotationUntilTheRecipientWritesBack() {
    Agent rot = Agents.in(server, "smoke-demo").alias("rotator").init();
    Agent peer = Agents.in(server, "smoke-demo").alias("peer").init();
    server.sql().useHandle(h -> h.createUpdate(
            "INSERT INTO aweb.rotation_announcements (agent_id, project_id, old_did, new_did, rotation_timestamp,"
                + " old_key_signature) VALUES (CAST(:a AS uuid), CAST(:p AS uuid), 'did:key:old', 'did:key:new',"
                + " '2026-11-23T12:00:00Z', 'sig')")
        .bind("a", rot.agentId()).bind("p", rot.projectId()).execute());
    sendOk(rot, Map.of("to_alias", "peer", "body", "after rotation"));
    JsonNode ann = inbox(peer, "").get(0).path("rotation_announcement");
    assertThat(ann.path("old_did").asText()).isEqualTo("did:key:old");
    assertThat(ann.path("new_did").asText()).isEqualTo("did:key:new");
    assertThat(ann.path("timestamp").asText()).isEqualTo("2026-11-23T12:00:00Z");
    assertThat(ann.path("old_key_signature").asText()).isEqualTo("sig");
    int notified = server.sql().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM aweb.rotation_peer_acks WHERE peer_agent_id = CAST(:p AS uuid) AND acknowledged_at IS NULL")
        .bind("p", peer.agentId()).mapTo(Integer.class).one());
    assertThat(notified).isEqualTo(1);
    sendOk(peer, Map.of("to_alias", "rotator", "body", "got it"));
    assertThat(inbox(peer, "").get(0).path("rotation_announcement").isNull()).isTrue();
  }

  @Test
  void publicReadersCannotSendMail() {
    Resp r = server.send("POST", "/v1/messages", Map.of("to_alias", "bob-rev", "body", "x"),
        ProxyAuth.json(ProxyAuth.publicReader(alice.projectId(), alice.agentId())));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.detail()).isEqualTo("Not available to public readers");
  }
}
