package io.beadhub.wake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beadhub.common.Json;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A new escalation and its reminders wake the project's humans (their dashboard agents' webhooks), never
 * the agent that raised it (docs/delivery.md).
 */
class EscalationWakeTest {
  static final int WINDOW = 60;
  static final Duration WAIT = Duration.ofSeconds(20);

  TestServer server;
  WebhookReceiver human;
  WebhookReceiver raiser;
  WebhookReceiver otherProject;

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("BEADHUB_WAKE_COALESCE_SECONDS", Integer.toString(WINDOW)));
    human = new WebhookReceiver(0);
    raiser = new WebhookReceiver(0);
    otherProject = new WebhookReceiver(0);
  }

  @AfterEach
  void stop() {
    server.close();
    human.close();
    raiser.close();
    otherProject.close();
  }

  String dashboardKey(String agentKey, String name) {
    Resp r = server.post("/v1/dashboard/identity", Map.of("human_name", name), agentKey);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.get("api_key").asText();
  }

  void register(String key, WebhookReceiver to) {
    Resp r = server.put("/v1/agents/me/wake", Map.of("webhook_url", to.url(), "secret", WakeTest.SECRET), key);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  void toNextWindow() {
    long now = server.clock().instant().toEpochMilli();
    long next = (now / (WINDOW * 1000L) + 1) * WINDOW * 1000L + 1000;
    server.clock().advance(Duration.ofMillis(next - now));
  }

  @Test
  void aNewEscalationAndItsReminderWakeTheHumanAndNotTheAgentThatRaisedIt() throws InterruptedException {
    TwoProjects t = TwoProjects.policies(server);
    String hana = dashboardKey(t.ka(), "Hana");
    register(hana, human);
    register(t.ka(), raiser);
    register(dashboardKey(t.kc(), "Quinn"), otherProject);
    toNextWindow();

    Resp e = server.post("/v1/escalations", Map.of("workspace_id", t.wa(), "alias", "alice-dev",
        "subject", "deploy?", "situation", "prod is red"), t.ka());
    assertThat(e.status()).as(e.toString()).isEqualTo(200);
    await().atMost(WAIT).until(() -> human.hits().size() >= 1);
    String hanaId = server.get("/v1/auth/introspect", hana).get("agent_id").asText();
    assertThat(Json.tree(human.hits().get(0).body()).get("agent_id").asText()).isEqualTo(hanaId);
    WakeTest.assertSigned(human.hits().get(0));

    // Nobody looked: the reminder (after 300 s) wakes the human again, in a later window.
    server.clock().advance(Duration.ofSeconds(301));
    await().atMost(WAIT).until(() -> human.hits().size() >= 2);
    Thread.sleep(1500);
    assertThat(human.hits()).hasSize(2);
    assertThat(raiser.hits()).isEmpty();
    assertThat(otherProject.hits()).isEmpty();
  }
}
