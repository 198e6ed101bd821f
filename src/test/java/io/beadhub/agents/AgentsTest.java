package io.beadhub.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Keys;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 10 acceptance checks 18–38 and 48 on the agent routes, with projects P and Q. */
class AgentsTest {
  static TestServer server;
  static JsonNode alice;
  static JsonNode bob;
  static JsonNode carol;
  static String keyA;
  static String keyB;
  static String keyQ;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    alice = server.init(Map.of("project_slug", "smoke-demo", "alias", "alice-dev", "human_name", "Alice",
        "repo_origin", "git@github.com:example/smoke-demo.git"));
    bob = server.init(Map.of("project_slug", "smoke-demo", "alias", "bob-rev", "human_name", "Bob",
        "repo_origin", "git@github.com:example/smoke-demo.git"));
    carol = server.init(Map.of("project_slug", "other", "alias", "carol",
        "repo_origin", "git@github.com:example/other.git"));
    keyA = alice.path("api_key").asText();
    keyB = bob.path("api_key").asText();
    keyQ = carol.path("api_key").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void missingAuthorizationIs401WithChallenge() {
    Resp r = server.get("/v1/agents", null);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.detail()).isEqualTo("Authentication required");
    assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
  }

  @Test
  void nonBearerSchemeIs401() {
    Resp r = server.send("GET", "/v1/agents", null, Map.of("Authorization", "Token x"));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.detail()).isEqualTo("Invalid Authorization header. Expected: Bearer <token>");
    assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
  }

  @Test
  void unknownKeyIs401() {
    Resp r = server.get("/v1/agents", "aw_sk_" + "0".repeat(64));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.detail()).isEqualTo("Invalid API key");
  }

  @Test
  void agentListIsOrderedAndShowsPresenceAfterHeartbeat() {
    JsonNode before = server.get("/v1/agents", keyA).json();
    assertThat(before.path("project_id").asText()).isEqualTo(alice.path("project_id").asText());
    List<String> aliases = new ArrayList<>();
    before.path("agents").forEach(a -> aliases.add(a.path("alias").asText()));
    assertThat(aliases).contains("alice-dev", "bob-rev").isSortedAccordingTo(String::compareTo);
    JsonNode bobItem = byAlias(before, "bob-rev");
    assertThat(bobItem.path("status").asText()).isEqualTo("offline");
    assertThat(bobItem.path("online").asBoolean()).isFalse();
    assertThat(bobItem.path("last_seen").isNull()).isTrue();
    assertThat(before.has("namespace_slug")).isFalse();

    Resp hb = server.post("/v1/agents/heartbeat", null, keyA);
    assertThat(hb.status()).isEqualTo(200);
    assertThat(hb.get("agent_id").asText()).isEqualTo(alice.path("agent_id").asText());
    assertThat(hb.get("ttl_seconds").asInt()).isEqualTo(1800);
    assertThat(hb.get("last_seen").asText()).endsWith("+00:00");

    JsonNode a = byAlias(server.get("/v1/agents", keyB).json(), "alice-dev");
    assertThat(a.path("online").asBoolean()).isTrue();
    assertThat(a.path("status").asText()).isEqualTo("active");
    assertThat(a.path("last_seen").isNull()).isFalse();
  }

  static JsonNode byAlias(JsonNode list, String alias) {
    for (JsonNode a : list.path("agents")) {
      if (a.path("alias").asText().equals(alias)) {
        return a;
      }
    }
    throw new AssertionError(alias + " not listed in " + list);
  }

  @Test
  void otherProjectsKeySeesOnlyItsOwnAgents() {
    JsonNode q = server.get("/v1/agents", keyQ).json();
    List<String> aliases = new ArrayList<>();
    q.path("agents").forEach(a -> aliases.add(a.path("alias").asText()));
    assertThat(aliases).containsExactly("carol");
  }

  @Test
  void heartbeatProbeWithGetIs405EvenWithCredentials() {
    Resp r = server.get("/v1/agents/heartbeat", keyA);
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("Allow")).isEqualTo("POST");
  }

  @Test
  void introspectDescribesTheKey() {
    JsonNode r = server.get("/v1/auth/introspect", keyA).json();
    assertThat(r.path("project_id").asText()).isEqualTo(alice.path("project_id").asText());
    assertThat(r.path("api_key_id").asText()).isNotEmpty();
    assertThat(r.path("agent_id").asText()).isEqualTo(alice.path("agent_id").asText());
    assertThat(r.path("alias").asText()).isEqualTo("alice-dev");
    assertThat(r.path("address").asText()).isEqualTo("smoke-demo/alice-dev");
  }

  @Test
  void currentProjectIsServedButProjectListIsNot() {
    JsonNode p = server.get("/v1/projects/current", keyA).json();
    assertThat(p.path("project_id").asText()).isEqualTo(alice.path("project_id").asText());
    assertThat(p.path("slug").asText()).isEqualTo("smoke-demo");
    assertThat(p.has("name")).isTrue();
    assertThat(server.get("/v1/projects", keyA).status()).isEqualTo(404);
    assertThat(server.get("/v1/auth/register", null).status()).isEqualTo(404);
  }

  @Test
  void aliasPrefixSuggestion() {
    Resp none = server.post("/v1/agents/suggest-alias-prefix", Map.of("project_slug", "nope"), null);
    assertThat(none.status()).isEqualTo(200);
    assertThat(none.get("project_id").isNull()).isTrue();
    assertThat(none.get("name_prefix").asText()).isEqualTo("alice");
    Resp p = server.post("/v1/agents/suggest-alias-prefix", Map.of("project_slug", "smoke-demo"), null);
    assertThat(p.get("name_prefix").asText()).isEqualTo("charlie");
    assertThat(p.get("project_id").asText()).isEqualTo(alice.path("project_id").asText());
    assertThat(server.post("/v1/agents/suggest-alias-prefix", Map.of("project_slug", "bad slug"), null).status())
        .isEqualTo(422);
  }

  @Test
  void accessModePatchOnSelfAndPeerButNotOtherProject() {
    Resp me = server.patch("/v1/agents/me", Map.of("access_mode", "contacts_only"), keyB);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.get("access_mode").asText()).isEqualTo("contacts_only");
    JsonNode listed = byAlias(server.get("/v1/agents", keyB).json(), "bob-rev");
    assertThat(listed.path("access_mode").asText()).isEqualTo("contacts_only");
    assertThat(server.patch("/v1/agents/me", Map.of("access_mode", "closed"), keyB).status()).isEqualTo(422);

    Resp peer = server.patch("/v1/agents/" + bob.path("agent_id").asText(), Map.of("access_mode", "open"), keyA);
    assertThat(peer.status()).isEqualTo(200);
    assertThat(peer.get("access_mode").asText()).isEqualTo("open");
    Resp other = server.patch("/v1/agents/" + carol.path("agent_id").asText(), Map.of("access_mode", "open"), keyA);
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.detail()).isEqualTo("Agent not found");
    assertThat(server.patch("/v1/agents/not-a-uuid", Map.of("access_mode", "open"), keyA).status()).isEqualTo(422);
  }

  @Test
  void ephemeralAgentDeregistersItselfAndItsWorkspaceEnds() {
    JsonNode dave = server.init(Map.of("project_slug", "smoke-demo", "alias", "dave-tmp",
        "repo_origin", "git@github.com:example/smoke-demo.git"));
    String keyD = dave.path("api_key").asText();
    Resp r = server.delete("/v1/agents/me", keyD);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("status").asText()).isEqualTo("deregistered");
    List<String> aliases = new ArrayList<>();
    server.get("/v1/agents", keyB).json().path("agents").forEach(a -> aliases.add(a.path("alias").asText()));
    assertThat(aliases).doesNotContain("dave-tmp");
    Resp hb = server.post("/v1/agents/heartbeat", null, keyD);
    assertThat(hb.status()).isEqualTo(404);
    assertThat(hb.detail()).isEqualTo("Agent not found");
    assertThat(server.get("/v1/projects/current", keyD).status()).isEqualTo(200);
    Object deletedAt = server.sql().withHandle(h -> h.createQuery(
        "SELECT deleted_at FROM server.workspaces WHERE workspace_id = CAST(:w AS uuid)")
        .bind("w", dave.path("agent_id").asText()).mapTo(java.time.OffsetDateTime.class).one());
    assertThat(deletedAt).isNotNull();
    JsonNode again = server.init(Map.of("project_slug", "smoke-demo", "alias", "dave-tmp",
        "repo_origin", "git@github.com:example/smoke-demo.git"));
    assertThat(again.path("created").asBoolean()).isTrue();
    assertThat(again.path("agent_id").asText()).isNotEqualTo(dave.path("agent_id").asText());
  }

  @Test
  void persistentAgentCannotDeregister() {
    JsonNode p = server.init(Map.of("project_slug", "smoke-demo", "alias", "perm", "lifetime", "persistent",
        "custody", "custodial"));
    Resp r = server.delete("/v1/agents/me", p.path("api_key").asText());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.detail()).isEqualTo("Cannot deregister a persistent agent. Use the retire endpoint instead.");
  }

  @Test
  void peerDeregistrationIsScopedToTheCallersNamespace() {
    Resp other = server.delete("/v1/agents/other/carol", keyB);
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.detail()).isEqualTo("Agent not found");
    Resp bad = server.delete("/v1/agents/justone", keyB);
    assertThat(bad.status()).isEqualTo(404);
    assertThat(bad.detail()).isEqualTo("Invalid address format");
    JsonNode eph = server.init(Map.of("project_slug", "smoke-demo", "alias", "temp-peer"));
    Resp ok = server.delete("/v1/agents/smoke-demo/temp-peer", keyB);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.get("agent_id").asText()).isEqualTo(eph.path("agent_id").asText());
  }

  @Test
  void retiringACustodialAgentNeedsAServerKey() {
    JsonNode p = server.init(Map.of("project_slug", "smoke-demo", "alias", "retiree", "lifetime", "persistent",
        "custody", "custodial"));
    String key = p.path("api_key").asText();
    Resp custody = server.put("/v1/agents/me/retire", Map.of("successor_agent_id", bob.path("agent_id").asText()), key);
    assertThat(custody.status()).isEqualTo(400);
    assertThat(custody.detail()).isEqualTo("Custody key not configured");
    Resp self = server.put("/v1/agents/me/retire", Map.of("successor_agent_id", p.path("agent_id").asText()), key);
    assertThat(self.status()).isEqualTo(400);
    assertThat(self.detail()).isEqualTo("An agent cannot name itself as its own successor");
    Resp foreign = server.put("/v1/agents/me/retire", Map.of("successor_agent_id", carol.path("agent_id").asText()), key);
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.detail()).isEqualTo("Successor agent not found in this project");
    assertThat(server.put("/v1/agents/me/retire", Map.of("successor_agent_id", "nope"), key).status()).isEqualTo(422);
  }

  @Test
  void selfCustodialAgentRetiresWithAValidProof() {
    Keys keys = Keys.generate();
    JsonNode p = server.init(Map.of("project_slug", "smoke-demo", "alias", "signer", "lifetime", "persistent",
        "did", keys.did(), "public_key", keys.publicKey()));
    String key = p.path("api_key").asText();
    Map<String, String> fields = Map.of("operation", "retire", "successor_address", "smoke-demo/bob-rev",
        "successor_did", bob.path("did").asText(), "timestamp", "2026-11-23T12:00:00Z");
    Resp wrong = server.put("/v1/agents/me/retire", Map.of("successor_agent_id", bob.path("agent_id").asText(),
        "retirement_proof", Keys.generate().sign(fields), "timestamp", "2026-11-23T12:00:00Z"), key);
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(wrong.detail()).isEqualTo("Invalid retirement proof");
    Resp ok = server.put("/v1/agents/me/retire", Map.of("successor_agent_id", bob.path("agent_id").asText(),
        "retirement_proof", keys.sign(fields), "timestamp", "2026-11-23T12:00:00Z"), key);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.get("status").asText()).isEqualTo("retired");
    assertThat(ok.get("successor_agent_id").asText()).isEqualTo(bob.path("agent_id").asText());
    Resp again = server.put("/v1/agents/me/retire", Map.of("successor_agent_id", bob.path("agent_id").asText(),
        "retirement_proof", keys.sign(fields), "timestamp", "2026-11-23T12:00:00Z"), key);
    assertThat(again.detail()).isEqualTo("Agent is already retired");
    Resp mail = server.post("/v1/messages", Map.of("to_alias", "signer", "body", "still there?"), keyA);
    assertThat(mail.status()).isEqualTo(410);
  }

  @Test
  void identityClaimIsIdempotentAndThenConflicts() {
    JsonNode p = server.init(Map.of("project_slug", "smoke-demo", "alias", "claimer", "custody", "self",
        "lifetime", "persistent"));
    String key = p.path("api_key").asText();
    Keys keys = Keys.generate();
    Map<String, Object> body = Map.of("did", keys.did(), "public_key", keys.publicKey(), "custody", "self",
        "lifetime", "persistent");
    Resp first = server.put("/v1/agents/me/identity", body, key);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.get("did").asText()).isEqualTo(keys.did());
    assertThat(first.get("stable_id").asText()).startsWith("did:claw:");
    assertThat(server.put("/v1/agents/me/identity", body, key).status()).isEqualTo(200);
    Keys other = Keys.generate();
    Resp conflict = server.put("/v1/agents/me/identity", Map.of("did", other.did(), "public_key", other.publicKey(),
        "custody", "self", "lifetime", "persistent"), key);
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.detail()).isEqualTo("Identity already claimed with a different DID");
    List<String> ops = new ArrayList<>();
    server.get("/v1/agents/me/log", key).json().path("log").forEach(e -> ops.add(e.path("operation").asText()));
    assertThat(ops).containsExactly("create", "claim_identity");
    Resp mismatch = server.put("/v1/agents/me/identity", Map.of("did", other.did(), "public_key", keys.publicKey(),
        "custody", "self", "lifetime", "persistent"), key);
    assertThat(mismatch.status()).isEqualTo(400);
    assertThat(mismatch.detail()).isEqualTo("DID does not match public_key");
  }

  @Test
  void identityResetNeedsConfirmation() {
    Resp r = server.post("/v1/agents/me/identity/reset", Map.of("confirm", false), keyB);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.detail()).isEqualTo("confirm must be true to reset identity");
    assertThat(server.post("/v1/agents/me/identity/reset", Map.of(), keyB).status()).isEqualTo(422);
  }

  @Test
  void resolveIsScopedToTheCallersNamespace() {
    Resp r = server.get("/v1/agents/resolve/smoke-demo/bob-rev", keyA);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("address").asText()).isEqualTo("smoke-demo/bob-rev");
    assertThat(r.get("did").asText()).isEqualTo(bob.path("did").asText());
    assertThat(r.get("server").asText()).isEmpty();
    assertThat(server.get("/v1/agents/resolve/smoke-demo/bob-rev", keyQ).status()).isEqualTo(404);
  }

  @Test
  void meDescribesTheCaller() {
    Resp r = server.get("/v1/agents/me", keyA);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("agent_id").asText()).isEqualTo(alice.path("agent_id").asText());
    assertThat(r.get("alias").asText()).isEqualTo("alice-dev");
    assertThat(r.get("address").asText()).isEqualTo("smoke-demo/alice-dev");
    assertThat(r.get("stable_id").asText()).isEqualTo(alice.path("stable_id").asText());
  }

  @Test
  void rotationOfASelfCustodialAgentWithAValidProof() {
    Keys old = Keys.generate();
    JsonNode p = server.init(Map.of("project_slug", "smoke-demo", "alias", "rotor", "lifetime", "persistent",
        "did", old.did(), "public_key", old.publicKey()));
    String key = p.path("api_key").asText();
    Keys fresh = Keys.generate();
    String ts = "2026-11-23T12:00:00Z";
    Resp bad = server.put("/v1/agents/me/rotate", Map.of("custody", "self", "timestamp", ts, "new_did", fresh.did(),
        "new_public_key", fresh.publicKey(), "rotation_signature", "%%%"), key);
    assertThat(bad.status()).isEqualTo(403);
    assertThat(bad.detail()).isEqualTo("Malformed rotation proof encoding");
    Resp missing = server.put("/v1/agents/me/rotate", Map.of("custody", "self", "timestamp", ts), key);
    assertThat(missing.status()).isEqualTo(422);
    String sig = old.sign(Map.of("new_did", fresh.did(), "old_did", old.did(), "timestamp", ts));
    Resp ok = server.put("/v1/agents/me/rotate", Map.of("custody", "self", "timestamp", ts, "new_did", fresh.did(),
        "new_public_key", fresh.publicKey(), "rotation_signature", sig), key);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.get("status").asText()).isEqualTo("rotated");
    assertThat(ok.get("new_did").asText()).isEqualTo(fresh.did());
    assertThat(server.get("/v1/agents/me", key).json().path("stable_id").asText())
        .isEqualTo(p.path("stable_id").asText());
  }

  @Test
  void lastUsedAtIsRecorded() {
    server.get("/v1/projects/current", keyQ);
    Object last = server.sql().withHandle(h -> h.createQuery("""
        SELECT last_used_at FROM aweb.api_keys WHERE agent_id = CAST(:a AS uuid) AND last_used_at > now() - interval '60 seconds'
        """).bind("a", carol.path("agent_id").asText()).mapTo(java.time.OffsetDateTime.class).findOne().orElse(null));
    assertThat(last).isNotNull();
  }

  @Test
  void deactivatedKeyIs401Everywhere() {
    JsonNode e = server.init(Map.of("project_slug", "smoke-demo", "alias", "deact"));
    String key = e.path("api_key").asText();
    server.sql().useHandle(h -> h.createUpdate("UPDATE aweb.api_keys SET is_active = false WHERE agent_id = CAST(:a AS uuid)")
        .bind("a", e.path("agent_id").asText()).execute());
    for (Resp r : List.of(server.get("/v1/agents", key), server.get("/v1/projects/current", key),
        server.post("/v1/agents/heartbeat", null, key))) {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.detail()).isEqualTo("Invalid API key");
    }
  }

  @Test
  void unauthenticatedRequestWithAMalformedBodyIs401Not422() {
    Resp r = server.post("/v1/messages", "{not json", null);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.detail()).isEqualTo("Authentication required");
  }

  @Test
  void aBearerKeyCannotActOnAnotherWorkspace() {
    Resp r = server.post("/v1/workspaces/heartbeat", Map.of("workspace_id", bob.path("workspace_id").asText(),
        "alias", "bob-rev", "repo_origin", "git@github.com:example/smoke-demo.git"), keyA);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.detail()).isEqualTo("workspace_id does not match API key identity");
  }

  @Test
  void trailingSlashIsServedLikeTheCanonicalPath() {
    assertThat(server.get("/v1/agents/", keyA).status()).isEqualTo(200);
  }
}
