package io.beadhub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

/** Spec 80 §3: the dashboard's own routes, black-box. Each test uses its own project. */
class DashboardRoutesTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("BEADHUB_DASHBOARD_HUMAN", "Hana"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonNode identity(Agent p, Map<String, ?> body) {
    Resp r = server.post("/v1/dashboard/identity", body, p.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  static String chat(Agent from, String to, String message) {
    Resp r = server.post("/v1/chat/sessions", Map.of("to_aliases", List.of(to), "message", message), from.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.get("session_id").asText();
  }

  @Test
  void configNamesTheConfiguredHumanWithoutCredentials() {
    Resp r = server.get("/v1/dashboard/config", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("human_name").asText()).isEqualTo("Hana");
  }

  @Test
  void identityCreatesADashboardWorkspaceWithItsOwnKey() {
    Agent agent = Agents.in(server, "dash-identity").alias("alice-dev").init();
    JsonNode id = identity(agent, Map.of("human_name", "Hana Ito"));
    assertThat(id.get("alias").asText()).isEqualTo("dashboard-hana-ito");
    assertThat(id.get("human_name").asText()).isEqualTo("Hana Ito");
    assertThat(id.get("workspace_type").asText()).isEqualTo("dashboard");
    String key = id.get("api_key").asText();
    assertThat(key).startsWith("aw_sk_").isNotEqualTo(agent.key());

    Resp me = server.get("/v1/auth/introspect", key);
    assertThat(me.get("alias").asText()).isEqualTo("dashboard-hana-ito");
    assertThat(me.get("agent_id").asText()).isEqualTo(id.get("workspace_id").asText());
    assertThat(me.get("agent_type").asText()).isEqualTo("human");
    String hash = server.sql().withHandle(h -> h.createQuery(
            "SELECT key_hash FROM aweb.api_keys WHERE agent_id = CAST(:a AS uuid)")
        .bind("a", id.get("workspace_id").asText()).mapTo(String.class).one());
    assertThat(hash).hasSize(64).doesNotContain(key.substring(6));

    Resp ws = server.get("/v1/workspaces/" + id.get("workspace_id").asText(), key);
    assertThat(ws.status()).as(ws.toString()).isEqualTo(200);
    assertThat(ws.get("role").asText()).isEqualTo("human");
  }

  @Test
  void identityAgainGivesTheSameWorkspaceAndANewKeyWhileOlderKeysStayValid() {
    Agent agent = Agents.in(server, "dash-again").alias("alice-dev").init();
    JsonNode first = identity(agent, Map.of("human_name", "Hana"));
    JsonNode second = identity(agent, Map.of("human_name", "Hana"));
    assertThat(second.get("workspace_id")).isEqualTo(first.get("workspace_id"));
    assertThat(second.get("api_key").asText()).isNotEqualTo(first.get("api_key").asText());
    assertThat(server.get("/v1/auth/introspect", first.get("api_key").asText()).status()).isEqualTo(200);
    assertThat(server.get("/v1/auth/introspect", second.get("api_key").asText()).status()).isEqualTo(200);
  }

  @Test
  void concurrentFirstIdentityCallsShareOneWorkspace() throws Exception {
    Agent agent = Agents.in(server, "dash-race").alias("alice-dev").init();
    List<java.util.concurrent.Future<Resp>> calls = new ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 6; i++) {
        calls.add(pool.submit(() -> server.post("/v1/dashboard/identity", Map.of("human_name", "Hana"), agent.key())));
      }
    }
    java.util.Set<String> workspaces = new java.util.HashSet<>();
    for (var call : calls) {
      Resp r = call.get();
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      workspaces.add(r.get("workspace_id").asText());
    }
    assertThat(workspaces).hasSize(1);
  }

  @Test
  void identityTakesAnExplicitAliasButNeverAnAgentsAlias() {
    Agent agent = Agents.in(server, "dash-alias").alias("alice-dev").init();
    assertThat(identity(agent, Map.of("human_name", "Hana", "alias", "boss")).get("alias").asText()).isEqualTo("boss");
    Resp taken = server.post("/v1/dashboard/identity", Map.of("human_name", "Hana", "alias", "alice-dev"), agent.key());
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.detail()).contains("alias_exists");
  }

  @Test
  void identityRejectsBadInputWith422() {
    Agent agent = Agents.in(server, "dash-bad").alias("alice-dev").init();
    assertThat(server.post("/v1/dashboard/identity", Map.of(), agent.key()).status()).isEqualTo(422);
    assertThat(server.post("/v1/dashboard/identity", Map.of("human_name", "<script>"), agent.key()).status())
        .isEqualTo(422);
    assertThat(server.post("/v1/dashboard/identity", Map.of("human_name", "Hana", "alias", "a/b"), agent.key())
        .status()).isEqualTo(422);
    assertThat(server.post("/v1/dashboard/identity", "[1,2]", agent.key()).status()).isEqualTo(422);
    assertThat(server.post("/v1/dashboard/identity", Map.of("human_name", "Hana"), null).status()).isEqualTo(401);
  }

  @Test
  void adminSessionsListsEverySessionOfTheProjectNewestActivityFirst() {
    Agent a = Agents.in(server, "dash-sessions").alias("alice-dev").init();
    Agent b = Agents.in(server, "dash-sessions").alias("bob-dev").init();
    Agent c = Agents.in(server, "dash-sessions").alias("carl").init();
    String older = chat(a, "bob-dev", "first");
    String newer = chat(b, "carl", "x".repeat(300));
    Resp r = server.get("/v1/chat/admin/sessions", a.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonNode sessions = r.get("sessions");
    assertThat(sessions).hasSize(2);
    assertThat(sessions.get(0).get("session_id").asText()).isEqualTo(newer);
    assertThat(sessions.get(1).get("session_id").asText()).isEqualTo(older);
    JsonNode top = sessions.get(0);
    assertThat(top.get("last_message").asText()).hasSize(200);
    assertThat(top.get("last_from").asText()).isEqualTo("bob-dev");
    assertThat(top.get("message_count").asInt()).isEqualTo(1);
    assertThat(top.get("last_activity").asText()).matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$");
    List<String> aliases = new ArrayList<>();
    top.get("participants").forEach(p -> aliases.add(p.get("alias").asText()));
    assertThat(aliases).containsExactlyInAnyOrder("bob-dev", "carl");
    assertThat(r.get("has_more").asBoolean()).isFalse();
    assertThat(c.key()).isNotNull();
  }

  @Test
  void adminSessionsPagesWithACursor() {
    Agent a = Agents.in(server, "dash-pages").alias("alice-dev").init();
    Agents.in(server, "dash-pages").alias("bob-dev").init();
    Agents.in(server, "dash-pages").alias("carl").init();
    Agents.in(server, "dash-pages").alias("dora").init();
    chat(a, "bob-dev", "1");
    chat(a, "carl", "2");
    chat(a, "dora", "3");
    Resp first = server.get("/v1/chat/admin/sessions?limit=2", a.key());
    assertThat(first.get("sessions")).hasSize(2);
    assertThat(first.get("has_more").asBoolean()).isTrue();
    Resp rest = server.get("/v1/chat/admin/sessions?limit=2&cursor=" + first.get("next_cursor").asText(), a.key());
    assertThat(rest.get("sessions")).hasSize(1);
    assertThat(rest.get("has_more").asBoolean()).isFalse();
    assertThat(rest.get("sessions").get(0).get("last_message").asText()).isEqualTo("1");
  }

  @Test
  void adminSessionsRejectsBadParametersWith422() {
    Agent a = Agents.in(server, "dash-params").alias("alice-dev").init();
    assertThat(server.get("/v1/chat/admin/sessions?limit=0", a.key()).status()).isEqualTo(422);
    assertThat(server.get("/v1/chat/admin/sessions?limit=201", a.key()).status()).isEqualTo(422);
    assertThat(server.get("/v1/chat/admin/sessions?cursor=!!!", a.key()).status()).isEqualTo(422);
    assertThat(server.get("/v1/chat/admin/sessions/not-a-uuid/messages", a.key()).status()).isEqualTo(422);
    assertThat(server.get("/v1/chat/admin/sessions/" + UUID.randomUUID() + "/messages?limit=2001", a.key()).status())
        .isEqualTo(422);
    assertThat(server.get("/v1/chat/admin/sessions", null).status()).isEqualTo(401);
  }

  @Test
  void adminMessagesAreOldestFirstAndLimitedToTheNewest() {
    Agent a = Agents.in(server, "dash-messages").alias("alice-dev").init();
    Agent b = Agents.in(server, "dash-messages").alias("bob-dev").init();
    String session = chat(a, "bob-dev", "one");
    server.post("/v1/chat/sessions/" + session + "/messages", Map.of("body", "two"), b.key());
    server.post("/v1/chat/sessions/" + session + "/messages", Map.of("body", "three"), a.key());
    Resp all = server.get("/v1/chat/admin/sessions/" + session + "/messages", a.key());
    assertThat(all.status()).as(all.toString()).isEqualTo(200);
    assertThat(all.get("session_id").asText()).isEqualTo(session);
    List<String> bodies = new ArrayList<>();
    all.get("messages").forEach(m -> bodies.add(m.get("body").asText()));
    assertThat(bodies).containsExactly("one", "two", "three");
    assertThat(all.get("messages").get(1).get("from_agent").asText()).isEqualTo("bob-dev");
    Resp two = server.get("/v1/chat/admin/sessions/" + session + "/messages?limit=2", a.key());
    assertThat(two.get("messages")).hasSize(2);
    assertThat(two.get("messages").get(0).get("body").asText()).isEqualTo("two");
  }

  @Test
  void attentionCountsEachAgentsUnreadMail() {
    Agent a = Agents.in(server, "dash-attn").alias("alice-dev").init();
    Agent b = Agents.in(server, "dash-attn").alias("bob-dev").init();
    server.post("/v1/messages", Map.of("to_alias", "bob-dev", "body", "x"), a.key());
    server.post("/v1/messages", Map.of("to_alias", "bob-dev", "body", "y", "priority", "urgent"), a.key());
    Resp r = server.get("/v1/dashboard/attention", b.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.get("agents")).hasSize(1);
    assertThat(r.get("agents").get(0).get("alias").asText()).isEqualTo("bob-dev");
    assertThat(r.get("agents").get(0).get("unread_mail").asInt()).isEqualTo(2);
    assertThat(r.get("agents").get(0).get("urgent_mail").asInt()).isEqualTo(1);
  }

  @Test
  void adminMessagesCarryEachOtherParticipantsDeliveryState() {
    Agent a = Agents.in(server, "dash-delivery").alias("alice-dev").init();
    Agent b = Agents.in(server, "dash-delivery").alias("bob-dev").init();
    String session = chat(a, "bob-dev", "one");
    JsonNode one = server.get("/v1/chat/admin/sessions/" + session + "/messages", a.key()).get("messages").get(0);
    assertThat(one.get("delivery")).hasSize(1);
    assertThat(one.get("delivery").get(0).get("alias").asText()).isEqualTo("bob-dev");
    assertThat(one.get("delivery").get(0).get("state").asText()).isEqualTo("stored");
    Resp read = server.post("/v1/chat/sessions/" + session + "/read",
        Map.of("up_to_message_id", one.get("message_id").asText()), b.key());
    assertThat(read.status()).as(read.toString()).isEqualTo(200);
    JsonNode after = server.get("/v1/chat/admin/sessions/" + session + "/messages", a.key()).get("messages").get(0);
    assertThat(after.get("delivery").get(0).get("state").asText()).isEqualTo("seen");
  }

  @Test
  void joinAddsTheHumansDashboardWorkspaceOnceAndTheHumanCanReply() {
    Agent a = Agents.in(server, "dash-join").alias("alice-dev").init();
    Agents.in(server, "dash-join").alias("bob-dev").init();
    String session = chat(a, "bob-dev", "hi bob");
    JsonNode human = identity(a, Map.of("human_name", "Hana"));
    String key = human.get("api_key").asText();
    Map<String, String> body = Map.of("workspace_id", human.get("workspace_id").asText(), "alias", "dashboard-hana");
    Resp joined = server.post("/v1/chat/admin/sessions/" + session + "/join", body, key);
    assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
    assertThat(joined.get("session_id").asText()).isEqualTo(session);
    assertThat(joined.get("alias").asText()).isEqualTo("dashboard-hana");
    Resp again = server.post("/v1/chat/admin/sessions/" + session + "/join", body, key);
    assertThat(again.get("joined_at")).isEqualTo(joined.get("joined_at"));

    Resp reply = server.post("/v1/chat/sessions/" + session + "/messages", Map.of("body", "hello from the human"), key);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    Resp history = server.get("/v1/chat/sessions/" + session + "/messages", a.key());
    assertThat(history.text()).contains("hello from the human");
  }

  @Test
  void joinAsAnotherWorkspaceOrANonDashboardWorkspaceIsRefused() {
    Agent a = Agents.in(server, "dash-join-no").alias("alice-dev").init();
    Agents.in(server, "dash-join-no").alias("bob-dev").init();
    String session = chat(a, "bob-dev", "hi");
    JsonNode human = identity(a, Map.of("human_name", "Hana"));
    Map<String, String> asHuman = Map.of("workspace_id", human.get("workspace_id").asText(), "alias", "dashboard-hana");
    assertThat(server.post("/v1/chat/admin/sessions/" + session + "/join", asHuman, a.key()).status()).isEqualTo(403);
    Map<String, String> asAgent = Map.of("workspace_id", a.agentId(), "alias", "alice-dev");
    assertThat(server.post("/v1/chat/admin/sessions/" + session + "/join", asAgent, a.key()).status()).isEqualTo(404);
    String key = human.get("api_key").asText();
    Map<String, String> wrongAlias = Map.of("workspace_id", human.get("workspace_id").asText(), "alias", "someone");
    assertThat(server.post("/v1/chat/admin/sessions/" + session + "/join", wrongAlias, key).status()).isEqualTo(422);
    assertThat(server.post("/v1/chat/admin/sessions/" + session + "/join", Map.of("alias", "x"), key).status())
        .isEqualTo(422);
    assertThat(server.post("/v1/chat/admin/sessions/" + session + "/join",
        Map.of("workspace_id", "nope", "alias", "x"), key).status()).isEqualTo(422);
  }

  /** Spec 80 §6 check 10. */
  @Test
  void anotherProjectsKeySeesNoneOfThisProjectsSessionsAndGets404ForThem() {
    Agent a = Agents.in(server, "dash-scope-a").alias("alice-dev").init();
    Agents.in(server, "dash-scope-a").alias("bob-dev").init();
    Agent other = Agents.in(server, "dash-scope-b").alias("zed").init();
    String session = chat(a, "bob-dev", "private");
    Resp list = server.get("/v1/chat/admin/sessions", other.key());
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.text()).doesNotContain(session).doesNotContain("private");
    assertThat(server.get("/v1/chat/admin/sessions/" + session + "/messages", other.key()).status()).isEqualTo(404);
    JsonNode otherHuman = identity(other, Map.of("human_name", "Olga"));
    Resp join = server.post("/v1/chat/admin/sessions/" + session + "/join", Map.of("workspace_id",
        otherHuman.get("workspace_id").asText(), "alias", "dashboard-olga"), otherHuman.get("api_key").asText());
    assertThat(join.status()).isEqualTo(404);
  }
}
