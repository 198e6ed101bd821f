package io.beadhub.init;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.auth.ApiKeys;
import io.beadhub.testing.Keys;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 10 acceptance checks 1–16, 35, 47, 50, 51: {@code POST /v1/init}. */
class InitTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Map<String, Object> example(String slug, String alias) {
    Map<String, Object> m = new HashMap<>();
    m.put("project_slug", slug);
    m.put("project_name", "Smoke Project");
    m.put("alias", alias);
    m.put("human_name", "Alice");
    m.put("agent_type", "agent");
    m.put("repo_origin", "git@github.com:example/" + slug + ".git");
    m.put("role", "developer");
    m.put("hostname", "host-a");
    m.put("workspace_path", "/home/dev/smoke-a");
    return m;
  }

  @Test
  void initCreatesProjectAgentKeyAndWorkspace() {
    JsonNode r = server.init(example("smoke-demo", "alice-dev"));
    assertThat(r.path("status").asText()).isEqualTo("ok");
    assertThat(r.path("created").asBoolean()).isTrue();
    assertThat(r.path("workspace_created").asBoolean()).isTrue();
    assertThat(r.path("workspace_id").asText()).isEqualTo(r.path("agent_id").asText());
    assertThat(r.path("api_key").asText()).matches("^aw_sk_[0-9a-f]{64}$");
    assertThat(r.path("lifetime").asText()).isEqualTo("ephemeral");
    assertThat(r.path("custody").asText()).isEqualTo("custodial");
    assertThat(r.path("did").asText()).startsWith("did:key:z6Mk");
    assertThat(r.path("stable_id").asText()).startsWith("did:claw:");
    assertThat(r.path("created_at").asText()).matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+00:00$");
    assertThat(r.path("namespace_slug").asText()).isEqualTo("smoke-demo");
    assertThat(r.path("project_slug").asText()).isEqualTo("smoke-demo");
    assertThat(r.path("canonical_origin").asText()).isEqualTo("github.com/example/smoke-demo");
    assertThat(r.path("alias").asText()).isEqualTo("alice-dev");

    // Check 3: only the hash is stored; the two project rows share the id; one create log row.
    String key = r.path("api_key").asText();
    String agentId = r.path("agent_id").asText();
    Map<String, Object> row = server.sql().withHandle(h -> h.createQuery(
        "SELECT key_prefix, key_hash FROM aweb.api_keys WHERE agent_id = CAST(:a AS uuid)")
        .bind("a", agentId).mapToMap().one());
    assertThat(row.get("key_prefix")).isEqualTo(key.substring(0, 12));
    assertThat(row.get("key_hash")).isEqualTo(ApiKeys.hash(key));
    long plaintext = server.sql().withHandle(h -> h.createQuery("""
        SELECT count(*) FROM aweb.api_keys WHERE key_hash = :k OR key_prefix = :k
        """).bind("k", key).mapTo(Long.class).one());
    assertThat(plaintext).isZero();
    long both = server.sql().withHandle(h -> h.createQuery("""
        SELECT count(*) FROM server.projects s JOIN aweb.projects a ON a.project_id = s.id WHERE s.id = CAST(:p AS uuid)
        """).bind("p", r.path("project_id").asText()).mapTo(Long.class).one());
    assertThat(both).isEqualTo(1);
    List<String> ops = server.sql().withHandle(h -> h.createQuery(
        "SELECT operation FROM aweb.agent_log WHERE agent_id = CAST(:a AS uuid)").bind("a", agentId)
        .mapTo(String.class).list());
    assertThat(ops).containsExactly("create");
  }

  static long keyRows() {
    return server.sql().withHandle(h -> h.createQuery("SELECT count(*) FROM aweb.api_keys").mapTo(Long.class).one());
  }

  @Test
  void repeatedInitWithTheAgentsOwnKeyReturnsSameIdsAndANewKeyAndBothKeysWork() {
    JsonNode first = server.init(example("repeat-demo", "alice-dev"));
    Resp again = server.post("/v1/init", example("repeat-demo", "alice-dev"), first.path("api_key").asText());
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    JsonNode second = again.json();
    for (String f : List.of("agent_id", "project_id", "repo_id", "workspace_id")) {
      assertThat(second.path(f).asText()).isEqualTo(first.path(f).asText());
    }
    assertThat(second.path("created").asBoolean()).isFalse();
    assertThat(second.path("workspace_created").asBoolean()).isFalse();
    assertThat(second.path("api_key").asText()).isNotEqualTo(first.path("api_key").asText());
    assertThat(server.get("/v1/auth/introspect", first.path("api_key").asText()).status()).isEqualTo(200);
    assertThat(server.get("/v1/auth/introspect", second.path("api_key").asText()).status()).isEqualTo(200);
  }

  @Test
  void initOfAnExistingAliasWithoutItsKeyIsAliasExistsAndWritesNoKey() {
    server.init(example("no-proof", "alice-dev"));
    long before = keyRows();

    Resp r = server.post("/v1/init", example("no-proof", "alice-dev"), null);

    assertThat(r.status()).isEqualTo(409);
    assertThat(r.detail()).startsWith("alias_exists: alias 'alice-dev' is already taken");
    assertThat(r.text()).doesNotContain("aw_sk_");
    assertThat(keyRows()).isEqualTo(before);
  }

  @Test
  void anotherAgentsKeyOrAnInvalidKeyIsNoProofForAnExistingAlias() {
    server.init(example("wrong-proof", "alice-dev"));
    String bob = server.init(Map.of("project_slug", "wrong-proof", "alias", "bob")).path("api_key").asText();
    String other = server.init(Map.of("project_slug", "elsewhere", "alias", "alice-dev")).path("api_key").asText();

    for (String key : List.of(bob, other, "aw_sk_" + "0".repeat(64))) {
      Resp r = server.post("/v1/init", example("wrong-proof", "alice-dev"), key);
      assertThat(r.status()).as(r.toString()).isEqualTo(409);
      assertThat(r.detail()).startsWith("alias_exists:");
    }
  }

  @Test
  void aDeactivatedKeyOfTheAgentIsNoProof() {
    JsonNode a = server.init(Map.of("project_slug", "revoked-proof", "alias", "alice"));
    server.sql().useHandle(h -> h.createUpdate("UPDATE aweb.api_keys SET is_active = false WHERE agent_id = CAST(:a AS uuid)")
        .bind("a", a.path("agent_id").asText()).execute());

    Resp r = server.post("/v1/init", Map.of("project_slug", "revoked-proof", "alias", "alice"), a.path("api_key").asText());

    assertThat(r.status()).isEqualTo(409);
  }

  @Test
  void aClientThatRetriesWithoutAnAliasAfterAliasExistsGetsANewAgent() {
    JsonNode first = server.init(Map.of("project_slug", "bdh-retry", "alias", "alice-agent",
        "repo_origin", "https://github.com/example/bdh-retry.git"));
    assertThat(server.post("/v1/init", Map.of("project_slug", "bdh-retry", "alias", "alice-agent",
        "repo_origin", "https://github.com/example/bdh-retry.git"), null).detail()).contains("alias_exists");

    JsonNode retry = server.init(Map.of("project_slug", "bdh-retry",
        "repo_origin", "https://github.com/example/bdh-retry.git"));

    assertThat(retry.path("created").asBoolean()).isTrue();
    assertThat(retry.path("agent_id").asText()).isNotEqualTo(first.path("agent_id").asText());
    assertThat(retry.path("alias").asText()).isEqualTo("bob-agent");
  }

  @Test
  void repoLessInitsGetBareClassicNamesAndAServerProjectRow() {
    JsonNode a = server.init(Map.of("project_slug", "demo2"));
    assertThat(a.path("alias").asText()).isEqualTo("alice");
    assertThat(a.path("repo_id").isNull()).isTrue();
    assertThat(a.path("canonical_origin").isNull()).isTrue();
    assertThat(a.path("workspace_id").isNull()).isTrue();
    assertThat(a.path("workspace_created").asBoolean()).isFalse();
    long rows = server.sql().withHandle(h -> h.createQuery("SELECT count(*) FROM server.projects WHERE id = CAST(:p AS uuid)")
        .bind("p", a.path("project_id").asText()).mapTo(Long.class).one());
    assertThat(rows).isEqualTo(1);
    JsonNode b = server.init(Map.of("project_slug", "demo2"));
    assertThat(b.path("alias").asText()).isEqualTo("bob");
  }

  @Test
  void aliasIsSuggestedFromUnusedPrefixAndNormalisedRole() {
    server.init(example("suggest-demo", "alice-agent"));
    server.init(example("suggest-demo", "bob-agent"));
    Map<String, Object> body = example("suggest-demo", null);
    body.remove("alias");
    body.put("role", "Back  End");
    assertThat(server.init(body).path("alias").asText()).isEqualTo("charlie-back-end");
  }

  @Test
  void emptyBodyNeedsAProjectSlug() {
    Resp r = server.post("/v1/init", Map.of(), null);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().path("detail").asText()).isEqualTo("project_slug is required");
  }

  @Test
  void unregisteredRepoWithoutSlugIsProjectNotFound() {
    Resp r = server.post("/v1/init", Map.of("repo_origin", "git@github.com:nobody/nothing.git"), null);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.detail()).contains("project_not_found");
  }

  @Test
  void registeredRepoWithoutSlugFindsItsProject() {
    server.init(example("by-repo", "alice-dev"));
    Resp r = server.post("/v1/init", Map.of("repo_origin", "https://github.com/example/by-repo", "alias", "bob-dev"), null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("project_slug").asText()).isEqualTo("by-repo");
  }

  @Test
  void uncanonicalisableRepoOriginIs422NotA500() {
    Resp r = server.post("/v1/init", Map.of("project_slug", "x", "repo_origin", "::::"), null);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.detail()).startsWith("Invalid repo_origin");
  }

  @Test
  void badAliasesAreValidationErrors() {
    Resp me = server.post("/v1/init", Map.of("project_slug", "x", "alias", "me"), null);
    assertThat(me.status()).isEqualTo(422);
    assertThat(me.msg()).contains("is a reserved alias");
    assertThat(me.json().path("detail").path(0).path("loc").toString()).isEqualTo("[\"body\",\"alias\"]");
    Resp space = server.post("/v1/init", Map.of("project_slug", "x", "alias", "bad alias"), null);
    assertThat(space.status()).isEqualTo(422);
    assertThat(space.msg()).contains("Invalid alias format");
    assertThat(server.post("/v1/init", Map.of("project_slug", "x", "alias", "bob\n"), null).status()).isEqualTo(422);
  }

  @Test
  void controlCharactersInHostnameAreRejectedButTabsInPathAreFine() {
    assertThat(server.post("/v1/init", Map.of("project_slug", "ctl", "hostname", "a\u0001b"), null).status())
        .isEqualTo(422);
    assertThat(server.post("/v1/init", Map.of("project_slug", "ctl", "workspace_path", "a\tb"), null).status())
        .isEqualTo(200);
  }

  @Test
  void threeWordRoleIsInvalid() {
    Resp r = server.post("/v1/init", Map.of("project_slug", "x", "role", "one two three"), null);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.msg()).contains("Invalid role format");
  }

  @Test
  void lifetimeAndCustodyRules() {
    Resp forever = server.post("/v1/init", Map.of("project_slug", "x", "lifetime", "forever"), null);
    assertThat(forever.status()).isEqualTo(422);
    assertThat(forever.json().path("detail").isArray()).isTrue();
    Resp self = server.post("/v1/init", Map.of("project_slug", "x", "custody", "self"), null);
    assertThat(self.status()).isEqualTo(422);
    assertThat(self.detail()).isEqualTo("Ephemeral agents must be custodial");
  }

  @Test
  void unknownFieldsAreIgnored() {
    assertThat(server.post("/v1/init", Map.of("project_slug", "extra", "email", "a@b.c"), null).status())
        .isEqualTo(200);
  }

  @Test
  void sameAliasForAnotherRepoIsAMismatchAndWritesNoKey() {
    String key = server.init(example("mismatch", "alice-dev")).path("api_key").asText();
    long keysBefore = keyRows();
    Map<String, Object> other = example("mismatch", "alice-dev");
    other.put("repo_origin", "git@github.com:example/other-repo.git");
    Resp r = server.post("/v1/init", other, key);
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.detail()).startsWith("workspace_repo_mismatch:")
        .contains("github.com/example/mismatch").contains("github.com/example/other-repo");
    assertThat(keyRows()).isEqualTo(keysBefore);
  }

  @Test
  void unknownHostedProjectIdIs404() {
    Resp r = server.post("/v1/init", Map.of("project_id", java.util.UUID.randomUUID().toString()), null);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.detail()).isEqualTo("project_not_found: unknown project_id");
  }

  @Test
  void hostedProjectIdInitJoinsThatProject() {
    JsonNode a = server.init(example("hosted-demo", "alice-dev"));
    Resp r = server.post("/v1/init", Map.of("project_id", a.path("project_id").asText(), "alias", "helper"), null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("project_id").asText()).isEqualTo(a.path("project_id").asText());
    assertThat(r.get("project_slug").asText()).isEqualTo("hosted-demo");
  }

  @Test
  void didNotMatchingPublicKeyIs422() {
    Keys k = Keys.generate();
    Keys other = Keys.generate();
    Resp r = server.post("/v1/init", Map.of("project_slug", "ids", "alias", "x1", "lifetime", "persistent",
        "did", other.did(), "public_key", k.publicKey()), null);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.detail()).isEqualTo("DID does not match public_key");
  }

  @Test
  void similarProjectSlugsGetDistinctNamespaces() {
    JsonNode a = server.init(Map.of("project_slug", "my_proj", "alias", "alice"));
    JsonNode b = server.init(Map.of("project_slug", "my-proj", "alias", "alice"));
    assertThat(a.path("namespace_slug").asText()).isEqualTo("my-proj");
    assertThat(b.path("namespace_slug").asText()).isEqualTo("my-proj-2");
  }

  @Test
  void selfCustodyWithoutKeysIsAnUnclaimedAgent() {
    JsonNode r = server.init(Map.of("project_slug", "solo", "alias", "sam", "custody", "self", "lifetime", "persistent"));
    assertThat(r.path("did").isNull()).isTrue();
    assertThat(r.path("stable_id").isNull()).isTrue();
    assertThat(r.path("custody").asText()).isEqualTo("self");
  }

  @Test
  void suppliedDidAndKeyGiveTheDerivedStableId() {
    JsonNode r = server.init(Map.of("project_slug", "vector", "alias", "v", "lifetime", "persistent",
        "did", "did:key:z6Mkuj9utBQrGKEgCg3tQrNqAPdKBSuMrST4DPBiQckgH246",
        "public_key", "4vGpj96BeZi1Sa4PqNhumFGenIp9b5ypD2Sv01_jUOc"));
    assertThat(r.path("custody").asText()).isEqualTo("self");
    assertThat(r.path("did").asText()).isEqualTo("did:key:z6Mkuj9utBQrGKEgCg3tQrNqAPdKBSuMrST4DPBiQckgH246");
    assertThat(r.path("stable_id").asText()).isEqualTo("did:claw:NMgL8kj5QT6rsp9U5rTnLmcuXY1");
  }

  @Test
  void malformedJsonIsAValidationError() {
    Resp r = server.post("/v1/init", "{not json", null);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().path("detail").path(0).path("type").asText()).isEqualTo("json_invalid");
  }

  @Test
  void concurrentInitsOfOneNewProjectAllSucceedWithOneProject() throws Exception {
    List<java.util.concurrent.Future<Resp>> fs = new java.util.ArrayList<>();
    try (var ex = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 8; i++) {
        int n = i;
        fs.add(ex.submit(() -> server.post("/v1/init", Map.of("project_slug", "race", "alias", "agent-" + n), null)));
      }
    }
    for (var f : fs) {
      assertThat(f.get().status()).isEqualTo(200);
    }
    long projects = server.sql().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM aweb.projects WHERE slug = 'race'").mapTo(Long.class).one());
    assertThat(projects).isEqualTo(1);
  }
}
