package io.beadhub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.auth.ActorBinding;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 90 §2–3 tools besides beads: check 9 (escalate), identity arguments, mail, chat, presence, policy. */
class McpToolsTest {
  static final String ORIGIN = "https://github.com/example/tools.git";
  static TestServer server;
  static JsonNode alice;
  static JsonNode bob;
  static McpHttp a;
  static McpHttp b;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    alice = server.init(Map.of("project_slug", "tools-mcp", "alias", "alice", "human_name", "Alice",
        "repo_origin", ORIGIN, "role", "developer"));
    bob = server.init(Map.of("project_slug", "tools-mcp", "alias", "bob", "repo_origin", ORIGIN));
    a = McpHttp.open(server, alice.get("api_key").asText());
    b = McpHttp.open(server, bob.get("api_key").asText());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void escalateCreatesAnEscalationVisibleOverRestAndOnlyAHumanAnswersIt() {
    JsonNode created = a.ok("escalate", Map.of("subject", "Ship it?", "situation", "Tests pass; release now?",
        "options", List.of("yes", "no"), "alias", "alice"));
    String id = created.get("escalation_id").asText();
    assertThat(created.get("status").asText()).isEqualTo("pending");
    JsonNode listed = server.get("/v1/escalations", alice.get("api_key").asText()).json().get("escalations");
    assertThat(listed.toString()).contains(id).contains("Ship it?");
    JsonNode detail = a.ok("get_escalation", Map.of("escalation_id", id));
    assertThat(detail.get("options").toString()).isEqualTo("[\"yes\",\"no\"]");

    assertThat(b.error("respond_escalation", Map.of("escalation_id", id, "response", "yes")))
        .contains("only for a human");
    Resp human = server.post("/v1/dashboard/identity", Map.of("human_name", "Hana"), alice.get("api_key").asText());
    assertThat(human.status()).as(human.toString()).isEqualTo(200);
    McpHttp h = McpHttp.open(server, human.get("api_key").asText());
    JsonNode answered = h.ok("respond_escalation", Map.of("escalation_id", id, "response", "yes", "note", "go"));
    assertThat(answered.get("status").asText()).isEqualTo("responded");
    assertThat(a.ok("get_escalation", Map.of("escalation_id", id)).get("response").asText()).isEqualTo("yes");
  }

  @Test
  void fetchSentInboxAndAttentionShowDeliveryState() {
    McpHttp carl = McpHttp.open(server, server.init(Map.of("project_slug", "tools-mcp", "alias", "carl",
        "repo_origin", ORIGIN)).get("api_key").asText());
    McpHttp dana = McpHttp.open(server, server.init(Map.of("project_slug", "tools-mcp", "alias", "dana",
        "repo_origin", ORIGIN)).get("api_key").asText());
    String id = carl.ok("send_message", Map.of("to", List.of("dana"), "subject", "Look", "body_md", "bd-9",
        "importance", "high")).get("deliveries").get(0).get("message_id").asText();
    JsonNode sent = carl.ok("fetch_sent", Map.of()).get("messages");
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).get("message_id").asText()).isEqualTo(id);
    assertThat(sent.get(0).get("delivery").get(0).get("state").asText()).isEqualTo("stored");

    JsonNode attention = dana.ok("attention", Map.of());
    assertThat(attention.get("unread_mail").asInt()).isEqualTo(1);
    assertThat(attention.get("urgent_mail").asInt()).isEqualTo(1);
    assertThat(attention.get("latest_unread").get("from_alias").asText()).isEqualTo("carl");

    JsonNode inbox = dana.ok("fetch_inbox", Map.of()).get("messages").get(0);
    assertThat(inbox.get("delivery_state").asText()).isEqualTo("seen");
    assertThat(carl.ok("fetch_sent", Map.of()).get("messages").get(0).get("delivery").get(0).get("state").asText())
        .isEqualTo("seen");
    dana.ok("acknowledge_message", Map.of("message_id", id));
    assertThat(carl.ok("fetch_sent", Map.of("limit", 1)).get("messages").get(0).get("delivery").get(0)
        .get("state").asText()).isEqualTo("acked");
    assertThat(dana.ok("fetch_inbox", Map.of()).get("messages").get(0).get("delivery_state").asText())
        .isEqualTo("acked");
    assertThat(dana.ok("attention", Map.of()).get("unread_mail").asInt()).isZero();
    assertThat(carl.error("fetch_sent", Map.of("agent_name", "dana"))).contains("agent_name 'dana' does not match");
  }

  @Test
  void identityArgumentsMustNameTheKeysAgentAndProject() {
    assertThat(a.error("list_subscriptions", Map.of("workspace_id", bob.get("workspace_id").asText())))
        .isEqualTo(ActorBinding.MISMATCH);
    assertThat(a.error("fetch_inbox", Map.of("agent_name", "bob"))).contains("agent_name 'bob' does not match");
    assertThat(a.error("fetch_inbox", Map.of("project_key", "elsewhere"))).contains("project_key 'elsewhere'");
    assertThat(a.error("escalate", Map.of("alias", "bob", "subject", "s", "situation", "x"))).contains("alias 'bob'");
    assertThat(a.ok("fetch_inbox", Map.of("project_key", "tools-mcp", "agent_name", "alice",
        "workspace_id", alice.get("workspace_id").asText())).has("messages")).isTrue();
  }

  @Test
  void replyMessageAnswersInTheThreadToTheOriginalSender() {
    String id = a.ok("send_message", Map.of("to", List.of("bob"), "subject", "Plan", "body_md", "see bd-1",
        "importance", "urgent")).get("deliveries").get(0).get("message_id").asText();
    JsonNode urgent = b.ok("fetch_inbox", Map.of("urgent_only", true, "include_bodies", false));
    assertThat(urgent.get("messages").get(0).get("message_id").asText()).isEqualTo(id);
    assertThat(urgent.get("messages").get(0).has("body")).isFalse();
    assertThat(a.error("reply_message", Map.of("message_id", id, "body_md", "mine?"))).contains("Not authorized");
    JsonNode reply = b.ok("reply_message", Map.of("message_id", id, "body_md", "on it"));
    assertThat(reply.get("thread_id").asText()).isEqualTo(id);
    assertThat(reply.get("deliveries").get(0).get("to").asText()).isEqualTo("alice");
    JsonNode got = a.ok("fetch_inbox", Map.of("since_ts", "2000-01-01T00:00:00Z")).get("messages").get(0);
    assertThat(got.get("subject").asText()).isEqualTo("Re: Plan");
    assertThat(got.get("thread_id").asText()).isEqualTo(id);
    JsonNode read = a.ok("mark_message_read", Map.of("message_id", got.get("message_id").asText()));
    assertThat(read.get("read").asBoolean()).isTrue();
    assertThat(a.ok("fetch_inbox", Map.of("since_ts", "2999-01-01T00:00:00Z")).get("count").asInt()).isZero();
    assertThat(a.error("fetch_inbox", Map.of("since_ts", "yesterday"))).isEqualTo("Invalid since_ts format");
  }

  @Test
  void subscriptionsRoundTrip() {
    JsonNode s = a.ok("subscribe_to_bead", Map.of("bead_id", "bd-7", "repo", "github.com/example/tools"));
    assertThat(s.get("event_types").toString()).isEqualTo("[\"status_change\"]");
    assertThat(a.ok("list_subscriptions", Map.of()).get("count").asInt()).isEqualTo(1);
    String id = s.get("subscription_id").asText();
    assertThat(b.error("unsubscribe", Map.of("subscription_id", id))).isEqualTo("Subscription not found");
    assertThat(a.ok("unsubscribe", Map.of("subscription_id", id)).get("deleted").asBoolean()).isTrue();
    assertThat(a.error("subscribe_to_bead", Map.of("bead_id", "bd-7", "event_types", List.of("whenever"))))
        .startsWith("Invalid event_type");
  }

  @Test
  void registerAgentMarksThePresenceListAgentsAndStatusShowIt() {
    JsonNode reg = b.ok("register_agent", Map.of("program", "claude-code", "model", "opus", "role", "reviewer"));
    assertThat(reg.get("agent").get("alias").asText()).isEqualTo("bob");
    assertThat(reg.get("agent").get("role").asText()).isEqualTo("reviewer");
    JsonNode agents = a.ok("list_agents", Map.of()).get("agents");
    boolean bobOnline = false;
    for (JsonNode x : agents) {
      bobOnline |= x.get("alias").asText().equals("bob") && x.get("online").asBoolean();
    }
    assertThat(bobOnline).as(agents.toString()).isTrue();
    assertThat(a.ok("status", Map.of()).get("agents").toString()).contains("bob");
    assertThat(b.error("register_agent", Map.of("alias", "alice"))).contains("alias 'alice'");
  }

  @Test
  void getPolicyTheResourceAndTheStartWorkPromptGiveThePolicyText() {
    JsonNode p = a.ok("get_policy", Map.of());
    assertThat(p.get("role").asText()).isEqualTo("developer");
    assertThat(p.get("text").asText()).contains("## Invariants").contains("## Role: developer");
    assertThat(a.error("get_policy", Map.of("role", "astronaut"))).startsWith("Role 'astronaut' not found");
    JsonNode reviewer = a.call("resources/read", Map.of("uri", "beadhub://policy/reviewer"));
    assertThat(reviewer.path("result").path("contents").path(0).path("text").asText()).contains("## Role: reviewer");
    JsonNode prompt = a.call("prompts/get", Map.of("name", "start_work", "arguments", Map.of()));
    assertThat(prompt.path("result").path("messages").path(0).path("content").path("text").asText())
        .contains("You are alice, developer").contains("claim_issue").contains("## Invariants");
  }

  @Test
  void chatSendInASessionAndChatPendingShowsTheConversation() {
    JsonNode opened = a.ok("chat_send", Map.of("to", List.of("bob"), "message", "hi bob"));
    assertThat(opened.get("status").asText()).isEqualTo("sent");
    String session = opened.get("session_id").asText();
    JsonNode pending = b.ok("chat_pending", Map.of());
    assertThat(pending.get("pending").toString()).contains(session);
    JsonNode again = b.ok("chat_send", Map.of("session_id", session, "message", "hi alice"));
    assertThat(again.get("session_id").asText()).isEqualTo(session);
    JsonNode nobody = a.ok("chat_send", Map.of("session_id", session, "message", "quick?", "wait_seconds", 1));
    assertThat(nobody.get("status").asText()).isEqualTo("no_reply_yet");
    assertThat(nobody.get("reply").isNull()).isTrue();
    assertThat(a.error("chat_send", Map.of("message", "to whom?"))).contains("to");
  }

  @Test
  void hookAndWorkInboxAnswerTheDataPlaneViews() {
    assertThat(a.ok("get_work_inbox", Map.of()).get("unread_count").asInt()).isZero();
    assertThat(a.tool("get_hook", Map.of()).path("result").path("isError").asBoolean()).isFalse();
  }
}
