package io.beadhub.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Agents;
import io.beadhub.testing.ProxyAuth;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 50 §6 acceptance checks 1–20 (policies), each against fresh projects. */
class PolicyTest {
  static final List<String> INVARIANTS = List.of("tracking.bdh-only", "communication.mail-first",
      "communication.chat", "identity.no-impersonation", "teamwork.collaborate");
  static final List<String> ROLES = List.of("backend", "coordinator", "developer", "frontend", "reviewer");
  static final Map<String, Object> CUSTOM = Map.of("bundle", Map.of(
      "invariants", List.of(Map.of("id", "custom", "title", "T", "body_md", "x")),
      "roles", Map.of("tester", Map.of("title", "Tester", "playbook_md", "p"))));

  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("BEADHUB_INTERNAL_AUTH_SECRET", ProxyAuth.SECRET));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Resp getWith(String path, String key, Map<String, String> headers) {
    Map<String, String> h = new java.util.HashMap<>(headers);
    h.put("Authorization", "Bearer " + key);
    return server.send("GET", path, null, h);
  }

  private static List<String> fieldNames(JsonNode o) {
    List<String> out = new ArrayList<>();
    o.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static List<String> invariantIds(Resp r) {
    List<String> ids = new ArrayList<>();
    r.get("invariants").forEach(i -> ids.add(i.path("id").asText()));
    return ids;
  }

  @Test
  void activePolicyOfAFreshProjectIsTheDefaultV1WithAnEtag() {
    TwoProjects t = TwoProjects.policies(server);
    Resp r = server.get("/v1/policies/active", t.ka());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("version").asInt()).isEqualTo(1);
    assertThat(r.get("project_id").asText()).isEqualTo(t.pId());
    assertThat(invariantIds(r)).containsExactlyElementsOf(INVARIANTS);
    assertThat(fieldNames(r.get("roles"))).containsExactlyElementsOf(ROLES);
    assertThat(r.get("selected_role").isNull()).isTrue();
    assertThat(r.get("adapters").isObject()).isTrue();
    assertThat(r.get("adapters").size()).isZero();
    assertThat(r.get("updated_at").asText()).endsWith("Z");
    assertThat(r.header("ETag")).matches("\"[0-9a-f]{16}\"");
    assertThat(r.header("Last-Modified")).endsWith(" GMT");
    r.get("invariants").forEach(i -> {
      assertThat(i.path("title").asText()).isNotEmpty();
      assertThat(i.path("body_md").asText()).isNotEmpty();
    });
    assertThat(r.get("invariants").get(0).path("title").asText()).isEqualTo("Use bdh for tracking");
    assertThat(r.get("roles").path("reviewer").path("title").asText()).isEqualTo("Reviewer");
  }

  @Test
  void concurrentFirstReadsBootstrapExactlyOneVersion() throws Exception {
    TwoProjects t = TwoProjects.policies(server);
    List<Thread> threads = new ArrayList<>();
    List<Resp> out = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 2; i++) {
      threads.add(Thread.ofVirtual().start(() -> out.add(server.get("/v1/policies/active", t.ka()))));
    }
    for (Thread th : threads) {
      th.join();
    }
    assertThat(out).extracting(Resp::status).containsOnly(200);
    assertThat(out.get(0).get("policy_id").asText()).isEqualTo(out.get(1).get("policy_id").asText());
    Resp h = server.get("/v1/policies/history", t.ka());
    assertThat(h.get("policies").size()).isEqualTo(1);
  }

  @Test
  void ifNoneMatchWithTheEtagIs304AndAnotherEtagIs200() {
    TwoProjects t = TwoProjects.policies(server);
    String etag = server.get("/v1/policies/active", t.ka()).header("ETag");
    Resp same = getWith("/v1/policies/active", t.ka(), Map.of("If-None-Match", etag));
    assertThat(same.status()).isEqualTo(304);
    assertThat(same.text()).isEmpty();
    assertThat(same.header("ETag")).isEqualTo(etag);
    assertThat(getWith("/v1/policies/active", t.ka(), Map.of("If-None-Match", "W/" + etag)).status()).isEqualTo(304);
    assertThat(getWith("/v1/policies/active", t.ka(), Map.of("If-None-Match", "\"x\", " + etag)).status())
        .isEqualTo(304);
    assertThat(getWith("/v1/policies/active", t.ka(), Map.of("If-None-Match", "*")).status()).isEqualTo(304);
    Resp other = getWith("/v1/policies/active", t.ka(), Map.of("If-None-Match", "\"0000000000000000\""));
    assertThat(other.status()).isEqualTo(200);
    assertThat(other.header("ETag")).isEqualTo(etag);
  }

  @Test
  void roleSelectsAPlaybookAndOnlySelectedKeepsJustThatRole() {
    TwoProjects t = TwoProjects.policies(server);
    Resp r = server.get("/v1/policies/active?role=coordinator", t.ka());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("selected_role").path("role").asText()).isEqualTo("coordinator");
    assertThat(r.get("selected_role").path("title").asText()).isEqualTo("Coordinator");
    assertThat(r.get("selected_role").path("playbook_md").asText()).contains("bdh");
    assertThat(fieldNames(r.get("roles"))).containsExactlyElementsOf(ROLES);

    Resp only = server.get("/v1/policies/active?role=reviewer&only_selected=true", t.ka());
    assertThat(fieldNames(only.get("roles"))).containsExactly("reviewer");
    assertThat(only.get("selected_role").path("title").asText()).isEqualTo("Reviewer");
    assertThat(only.get("invariants").size()).isEqualTo(5);
  }

  @Test
  void unknownRoleIs400AndOnlySelectedNeedsARoleAndMustBeABoolean() {
    TwoProjects t = TwoProjects.policies(server);
    Resp bad = server.get("/v1/policies/active?role=nonexistent", t.ka());
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.detail()).isEqualTo("Role 'nonexistent' not found. Available roles: "
        + "['backend', 'coordinator', 'developer', 'frontend', 'reviewer']");
    Resp noRole = server.get("/v1/policies/active?only_selected=true", t.ka());
    assertThat(noRole.status()).isEqualTo(400);
    assertThat(noRole.detail()).isEqualTo("only_selected=true requires a role parameter");
    Resp maybe = server.get("/v1/policies/active?only_selected=maybe", t.ka());
    assertThat(maybe.status()).isEqualTo(422);
    assertThat(maybe.json().path("detail").path(0).path("loc").toString()).isEqualTo("[\"query\",\"only_selected\"]");
    assertThat(server.get("/v1/policies/active?role=Reviewer", t.ka()).status()).isEqualTo(400);
  }

  @Test
  void etagCheckPrecedesRoleValidation() {
    TwoProjects t = TwoProjects.policies(server);
    String etag = server.get("/v1/policies/active", t.ka()).header("ETag");
    assertThat(getWith("/v1/policies/active?role=nonexistent", t.ka(), Map.of("If-None-Match", etag)).status())
        .isEqualTo(304);
  }

  @Test
  void activePolicyWithoutCredentialsIs401() {
    Resp r = server.get("/v1/policies/active", null);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
  }

  @Test
  void historyOfAFreshProjectHoldsTheBootstrappedV1() {
    TwoProjects t = TwoProjects.policies(server);
    Resp r = server.get("/v1/policies/history", t.ka());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("policies").size()).isEqualTo(1);
    JsonNode item = r.get("policies").get(0);
    assertThat(item.path("version").asInt()).isEqualTo(1);
    assertThat(item.path("is_active").asBoolean()).isTrue();
    assertThat(item.path("created_by_workspace_id").isNull()).isTrue();
    assertThat(item.path("created_at").asText()).endsWith("Z");
  }

  @Test
  void createAddsInactiveVersionsNumberedOneByOne() {
    TwoProjects t = TwoProjects.policies(server);
    server.get("/v1/policies/active", t.ka());
    Resp first = server.post("/v1/policies", CUSTOM, t.ka());
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.get("created").asBoolean()).isTrue();
    assertThat(first.get("version").asInt()).isEqualTo(2);
    assertThat(first.get("project_id").asText()).isEqualTo(t.pId());
    assertThat(server.get("/v1/policies/active", t.ka()).get("version").asInt()).isEqualTo(1);
    assertThat(server.post("/v1/policies", CUSTOM, t.ka()).get("version").asInt()).isEqualTo(3);
    Resp h = server.get("/v1/policies/history", t.ka());
    assertThat(h.get("policies").get(0).path("created_by_workspace_id").asText()).isEqualTo(t.wa());
    Long audits = server.sql().withHandle(x -> x.createQuery(
            "SELECT count(*) FROM server.audit_log WHERE project_id = CAST(:p AS uuid) AND event_type = 'policy_created'")
        .bind("p", t.pId()).mapTo(Long.class).one());
    assertThat(audits).isEqualTo(2);
  }

  @Test
  void baseVersionMustBeTheActiveOneElse409AndNothingIsInserted() {
    TwoProjects t = TwoProjects.policies(server);
    String v1 = server.get("/v1/policies/active", t.ka()).get("policy_id").asText();
    Resp ok = server.post("/v1/policies", Map.of("bundle", Map.of(), "base_policy_id", v1), t.ka());
    assertThat(ok.status()).isEqualTo(200);
    String v2 = ok.get("policy_id").asText();
    assertThat(server.post("/v1/policies/" + v2 + "/activate", null, t.ka()).status()).isEqualTo(200);
    int before = server.get("/v1/policies/history", t.ka()).get("policies").size();

    Resp stale = server.post("/v1/policies", Map.of("bundle", Map.of(), "base_policy_id", v1), t.ka());
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.detail()).isEqualTo("Policy conflict: base_policy_id " + v1 + " does not match active policy "
        + v2 + ". Another agent may have updated the policy. Re-read the active policy and retry.");
    assertThat(server.get("/v1/policies/history", t.ka()).get("policies").size()).isEqualTo(before);
    assertThat(server.post("/v1/policies", Map.of("bundle", Map.of(), "base_policy_id", ""), t.ka()).status())
        .isEqualTo(200);
  }

  @Test
  void baseVersionGivenWhenNoneIsActiveIs409NamingNone() {
    TwoProjects t = TwoProjects.policies(server);
    String random = UUID.randomUUID().toString();
    Resp r = server.post("/v1/policies", Map.of("bundle", Map.of(), "base_policy_id", random), t.ka());
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.detail()).contains("does not match active policy none.");
  }

  @Test
  void malformedCreateRequestsAre422() {
    TwoProjects t = TwoProjects.policies(server);
    Resp badBase = server.post("/v1/policies", Map.of("bundle", Map.of(), "base_policy_id", "not-a-uuid"), t.ka());
    assertThat(badBase.status()).isEqualTo(422);
    assertThat(badBase.detail()).isEqualTo("Invalid base_policy_id: must be a UUID");
    assertThat(server.post("/v1/policies", Map.of("bundle", "x"), t.ka()).status()).isEqualTo(422);
    Resp missing = server.post("/v1/policies", Map.of(), t.ka());
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.json().path("detail").path(0).path("type").asText()).isEqualTo("missing");
    Resp roles = server.post("/v1/policies", Map.of("bundle", Map.of("roles", List.of())), t.ka());
    assertThat(roles.status()).isEqualTo(422);
    assertThat(roles.json().path("detail").path(0).path("loc").toString()).isEqualTo("[\"body\",\"bundle\",\"roles\"]");
    assertThat(server.post("/v1/policies", Map.of("bundle", Map.of("invariants", List.of("x"))), t.ka()).status())
        .isEqualTo(422);
    assertThat(server.post("/v1/policies", Map.of("bundle", Map.of("roles", Map.of("a", 1))), t.ka()).status())
        .isEqualTo(422);
    assertThat(server.post("/v1/policies", Map.of("bundle", Map.of("adapters", List.of())), t.ka()).status())
        .isEqualTo(422);
    assertThat(server.post("/v1/policies", "{not json", t.ka()).status()).isEqualTo(422);
  }

  @Test
  void bundleOverOneMebibyteIs413() {
    TwoProjects t = TwoProjects.policies(server);
    String big = "x".repeat(1024 * 1024 + 1);
    Resp r = server.post("/v1/policies", Map.of("bundle", Map.of("invariants", List.of(Map.of("body_md", big)))), t.ka());
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.detail()).isEqualTo("Policy bundle too large");
  }

  @Test
  void createdByMustBeTheCallersOwnWorkspace() {
    TwoProjects t = TwoProjects.policies(server);
    Resp other = server.post("/v1/policies", Map.of("bundle", Map.of(), "created_by_workspace_id", t.wb()), t.ka());
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.detail()).isEqualTo("created_by_workspace_id does not match API key identity");
    Resp bad = server.post("/v1/policies", Map.of("bundle", Map.of(), "created_by_workspace_id", "x"), t.ka());
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.detail()).isEqualTo("Invalid workspace_id format");
    assertThat(server.post("/v1/policies", Map.of("bundle", Map.of(), "created_by_workspace_id", t.wa()), t.ka())
        .status()).isEqualTo(200);
  }

  @Test
  void createdByAnotherProjectsWorkspaceViaProxyIs403() {
    TwoProjects t = TwoProjects.policies(server);
    Map<String, String> proxy = ProxyAuth.user(t.pId(), UUID.randomUUID().toString(), t.wa());
    Resp r = server.send("POST", "/v1/policies", Map.of("bundle", Map.of(), "created_by_workspace_id", t.wc()), proxy);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.detail()).isEqualTo("Workspace not found or does not belong to your project");
  }

  @Test
  void agentWithoutWorkspaceCreatesAPolicyAttributedToNobody() {
    TwoProjects t = TwoProjects.policies(server);
    String key = Agents.in(server, t.pSlug()).alias("dave-nows").init().key();
    server.get("/v1/policies/active", key);
    Resp r = server.post("/v1/policies", CUSTOM, key);
    assertThat(r.status()).isEqualTo(200);
    JsonNode item = server.get("/v1/policies/history", key).get("policies").get(0);
    assertThat(item.path("version").asInt()).isEqualTo(r.get("version").asInt());
    assertThat(item.path("created_by_workspace_id").isNull()).isTrue();
  }

  @Test
  void activatingAVersionMakesItActiveWithANewEtag() {
    TwoProjects t = TwoProjects.policies(server);
    Resp v1 = server.get("/v1/policies/active", t.ka());
    String v2 = server.post("/v1/policies", CUSTOM, t.ka()).get("policy_id").asText();
    Resp a = server.post("/v1/policies/" + v2 + "/activate", null, t.ka());
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.get("activated").asBoolean()).isTrue();
    assertThat(a.get("active_policy_id").asText()).isEqualTo(v2);
    Resp now = server.get("/v1/policies/active", t.ka());
    assertThat(now.get("version").asInt()).isEqualTo(2);
    assertThat(invariantIds(now)).containsExactly("custom");
    assertThat(fieldNames(now.get("roles"))).containsExactly("tester");
    assertThat(now.header("ETag")).isNotEqualTo(v1.header("ETag"));
    assertThat(server.post("/v1/policies/" + v2 + "/activate", Map.of("x", 1), t.ka()).status()).isEqualTo(200);
    assertThat((long) server.sql().withHandle(x -> x.createQuery(
            "SELECT count(*) FROM server.audit_log WHERE project_id = CAST(:p AS uuid) AND event_type = 'policy_activated'")
        .bind("p", t.pId()).mapTo(Long.class).one())).isEqualTo(2L);
  }

  @Test
  void activatingAnotherProjectsOrAnUnknownVersionIs404() {
    TwoProjects t = TwoProjects.policies(server);
    String qPolicy = server.get("/v1/policies/active", t.kc()).get("policy_id").asText();
    Resp foreign = server.post("/v1/policies/" + qPolicy + "/activate", null, t.ka());
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.detail()).isEqualTo("Policy not found");
    Resp random = server.post("/v1/policies/" + UUID.randomUUID() + "/activate", null, t.ka());
    assertThat(random.status()).isEqualTo(404);
    assertThat(random.detail()).isEqualTo("Policy not found");
    Resp bad = server.post("/v1/policies/not-a-uuid/activate", null, t.ka());
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.detail()).isEqualTo("Invalid policy_id: must be a UUID");
  }

  @Test
  void aVersionIsReadableByIdOnlyInItsProject() {
    TwoProjects t = TwoProjects.policies(server);
    String v1 = server.get("/v1/policies/active", t.ka()).get("policy_id").asText();
    Resp r = server.get("/v1/policies/" + v1, t.ka());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("version").asInt()).isEqualTo(1);
    assertThat(r.get("selected_role").isNull()).isTrue();
    assertThat(fieldNames(r.get("roles"))).containsExactlyElementsOf(ROLES);
    assertThat(r.header("ETag")).isNull();
    Resp foreign = server.get("/v1/policies/" + v1, t.kc());
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.detail()).isEqualTo("Policy not found or does not belong to this project");
    Resp garbage = server.get("/v1/policies/garbage", t.ka());
    assertThat(garbage.status()).isEqualTo(422);
    assertThat(garbage.detail()).isEqualTo("Invalid policy_id: must be a UUID");
    assertThat(server.get("/v1/policies/reset", t.ka()).status()).isEqualTo(422);
  }

  @Test
  void historyPagesNewestFirstAndValidatesTheLimit() {
    TwoProjects t = TwoProjects.policies(server);
    server.get("/v1/policies/active", t.ka());
    server.post("/v1/policies", CUSTOM, t.ka());
    server.post("/v1/policies", CUSTOM, t.ka());
    Resp r = server.get("/v1/policies/history?limit=2", t.ka());
    assertThat(r.get("policies").size()).isEqualTo(2);
    assertThat(r.get("policies").get(0).path("version").asInt()).isEqualTo(3);
    assertThat(r.get("policies").get(1).path("version").asInt()).isEqualTo(2);
    assertThat(r.get("policies").findValues("is_active")).allMatch(v -> !v.asBoolean());
    Resp all = server.get("/v1/policies/history", t.ka());
    assertThat(all.get("policies").findValues("is_active").stream().filter(JsonNode::asBoolean).count()).isEqualTo(1);
    assertThat(server.get("/v1/policies/history?limit=0", t.ka()).status()).isEqualTo(422);
    assertThat(server.get("/v1/policies/history?limit=101", t.ka()).status()).isEqualTo(422);
  }

  @Test
  void resetWithANullEmptyOrObjectBodyActivatesANewDefaultVersion() {
    TwoProjects t = TwoProjects.policies(server);
    server.get("/v1/policies/active", t.ka());
    String v2 = server.post("/v1/policies", CUSTOM, t.ka()).get("policy_id").asText();
    server.post("/v1/policies/" + v2 + "/activate", null, t.ka());
    Map<String, String> json = Map.of("Authorization", "Bearer " + t.ka(), "Content-Type", "application/json");
    Resp r = server.send("POST", "/v1/policies/reset", "null", json);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("reset").asBoolean()).isTrue();
    assertThat(r.get("version").asInt()).isEqualTo(3);
    Resp active = server.get("/v1/policies/active", t.ka());
    assertThat(active.get("policy_id").asText()).isEqualTo(r.get("active_policy_id").asText());
    assertThat(fieldNames(active.get("roles"))).containsExactlyElementsOf(ROLES);
    assertThat(server.send("POST", "/v1/policies/reset", null, json).get("version").asInt()).isEqualTo(4);
    assertThat(server.send("POST", "/v1/policies/reset", "{}", json).get("version").asInt()).isEqualTo(5);
    assertThat(server.send("POST", "/v1/policies/reset", "[1, 2]", json).status()).isEqualTo(200);
    assertThat(server.send("POST", "/v1/policies/reset", "{broken", json).status()).isEqualTo(200);
    assertThat(server.get("/v1/policies/history", t.ka()).get("policies").size()).isEqualTo(7);
  }

  @Test
  void anotherProjectsHistoryIsUntouched() {
    TwoProjects t = TwoProjects.policies(server);
    String qV1 = server.get("/v1/policies/active", t.kc()).get("policy_id").asText();
    server.post("/v1/policies", CUSTOM, t.ka());
    server.post("/v1/policies/reset", null, t.ka());
    Resp qHistory = server.get("/v1/policies/history", t.kc());
    assertThat(qHistory.get("policies").size()).isEqualTo(1);
    Resp qActive = server.get("/v1/policies/active", t.kc());
    assertThat(qActive.get("policy_id").asText()).isEqualTo(qV1);
    assertThat(qActive.get("project_id").asText()).isEqualTo(t.qId());
    assertThat(qActive.get("version").asInt()).isEqualTo(1);
  }

  @Test
  void twentyConcurrentCreatesGetTwentyConsecutiveVersions() throws Exception {
    TwoProjects t = TwoProjects.policies(server);
    server.get("/v1/policies/active", t.ka());
    List<Resp> out = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    for (int i = 0; i < 20; i++) {
      String key = i % 2 == 0 ? t.ka() : t.kb();
      threads.add(Thread.ofVirtual().start(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        out.add(server.post("/v1/policies", CUSTOM, key));
      }));
    }
    go.countDown();
    for (Thread th : threads) {
      th.join();
    }
    assertThat(out).hasSize(20).extracting(Resp::status).containsOnly(200);
    assertThat(out.stream().map(r -> r.get("version").asInt()).sorted().toList())
        .isEqualTo(java.util.stream.IntStream.rangeClosed(2, 21).boxed().toList());
    Resp h = server.get("/v1/policies/history?limit=100", t.ka());
    assertThat(h.get("policies").size()).isEqualTo(21);
  }

  @Test
  void publicReadersMayReadButNotWrite() {
    TwoProjects t = TwoProjects.policies(server);
    Map<String, String> reader = ProxyAuth.publicReader(t.pId(), UUID.randomUUID().toString());
    assertThat(server.send("GET", "/v1/policies/active", null, reader).status()).isEqualTo(200);
    assertThat(server.send("GET", "/v1/policies/history", null, reader).status()).isEqualTo(200);
    Resp w = server.send("POST", "/v1/policies/reset", null, reader);
    assertThat(w.status()).isEqualTo(403);
    assertThat(w.detail()).isEqualTo("Not available to public readers");
  }

  @Test
  void aProjectWithoutItsDomainRowGetsOneCreatedAndADeletedProjectIs404() {
    TwoProjects t = TwoProjects.policies(server);
    String solo = "solo-" + System.nanoTime();
    String key = Agents.in(server, solo).alias("erin-solo").init().key();
    String projectId = server.get("/v1/auth/introspect", key).get("project_id").asText();
    server.sql().useHandle(x -> x.execute("DELETE FROM server.projects WHERE id = CAST(? AS uuid)", projectId));
    assertThat(server.get("/v1/policies/active", key).status()).isEqualTo(200);
    assertThat((long) server.sql().withHandle(x -> x.createQuery(
            "SELECT count(*) FROM server.projects WHERE id = CAST(:p AS uuid) AND active_policy_id IS NOT NULL")
        .bind("p", projectId).mapTo(Long.class).one())).isEqualTo(1L);

    server.sql().useHandle(x -> x.execute("UPDATE server.projects SET deleted_at = now() WHERE id = CAST(? AS uuid)",
        t.pId()));
    Resp gone = server.post("/v1/policies", CUSTOM, t.ka());
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.detail()).isEqualTo("Project not found");
  }
}
