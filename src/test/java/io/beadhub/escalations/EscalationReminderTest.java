package io.beadhub.escalations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Re-notifying an escalation nobody has looked at, with back-off, on the server's clock (docs/delivery.md). */
class EscalationReminderTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String create(TwoProjects t, String subject) {
    Resp r = server.post("/v1/escalations", Map.of("workspace_id", t.wa(), "alias", "alice-dev", "subject", subject,
        "situation", "X"), t.ka());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.get("escalation_id").asText();
  }

  static int reminders(String id) {
    return server.sql().withHandle(h -> h.createQuery(
        "SELECT reminders FROM server.escalations WHERE id = CAST(:id AS uuid)").bind("id", id)
        .mapTo(Integer.class).one());
  }

  static List<JsonNode> reminderEvents(String id) {
    return server.sql().withHandle(h -> h.createQuery("""
            SELECT payload::text FROM server.events WHERE type = 'escalation.reminder'
               AND payload::jsonb ->> 'escalation_id' = :id ORDER BY event_id""")
        .bind("id", id).mapTo(String.class).list()).stream().map(Json::tree).toList();
  }

  @Test
  void anEscalationNobodyLookedAtIsRemindedWithBackOffAndAViewedOrAnsweredOneIsNot() {
    TwoProjects t = TwoProjects.policies(server);
    String viewed = create(t, "viewed");
    String answered = create(t, "answered");
    assertThat(server.get("/v1/escalations/" + viewed, t.kb()).status()).isEqualTo(200);
    assertThat(server.post("/v1/escalations/" + answered + "/respond", Map.of("response", "ok"), t.kb()).status())
        .isEqualTo(200);
    server.clock().advance(Duration.ofSeconds(1));
    String ignored = create(t, "ignored");
    // the agent that raised it looking at its own escalation is not a human looking
    assertThat(server.get("/v1/escalations/" + ignored, t.ka()).status()).isEqualTo(200);

    server.clock().advance(Duration.ofSeconds(301));
    await().atMost(Duration.ofSeconds(20)).until(() -> reminders(ignored) == 1);
    assertThat(reminders(viewed)).isZero();
    assertThat(reminders(answered)).isZero();

    // 5 min later a fresh escalation is due; the ignored one waits 15 min for its second reminder
    String control = create(t, "control");
    server.clock().advance(Duration.ofSeconds(600));
    await().atMost(Duration.ofSeconds(20)).until(() -> reminders(control) == 1);
    assertThat(reminders(ignored)).isEqualTo(1);

    server.clock().advance(Duration.ofSeconds(300));
    await().atMost(Duration.ofSeconds(20)).until(() -> reminders(ignored) == 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> reminderEvents(ignored).size() == 2);
    JsonNode second = reminderEvents(ignored).get(1);
    assertThat(second.get("reminder").asInt()).isEqualTo(2);
    assertThat(second.get("subject").asText()).isEqualTo("ignored");
    assertThat(reminderEvents(viewed)).isEmpty();

    assertThat(server.get("/v1/escalations/" + ignored, t.kb()).status()).isEqualTo(200);
    server.clock().advance(Duration.ofHours(1));
    await().atMost(Duration.ofSeconds(20)).until(() -> reminders(control) == 2);
    assertThat(reminders(ignored)).isEqualTo(2);
  }
}
