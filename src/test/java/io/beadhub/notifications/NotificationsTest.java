package io.beadhub.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import io.beadhub.testing.Agent;
import io.beadhub.testing.Agents;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spec 40 §11 checks 57–60 and 63 over HTTP against the real server, which delivers notification
 * mail itself; the processor mechanics (checks 61, 62, retries) are in {@link OutboxProcessorTest}.
 */
class NotificationsTest {
  static final String ORIGIN = "git@github.com:example/smoke-demo.git";
  static final String R = "github.com/example/smoke-demo";
  static TestServer server;
  static int n;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Agent init(String slug, String alias, String human) {
    return Agents.in(server, slug).alias(alias).human(human).repo(ORIGIN).init();
  }

  static Resp sync(Agent a, String alias, String mode, String jsonl) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("workspace_id", a.workspaceId());
    b.put("alias", alias);
    b.put("repo_origin", ORIGIN);
    b.put("sync_mode", mode);
    b.put(mode.equals("full") ? "issues_jsonl" : "changed_issues", jsonl);
    return server.post("/v1/bdh/sync", b, a.key());
  }

  static String rec(String id, String status, int priority, String updated) {
    return "{\"id\":\"" + id + "\",\"title\":\"Fix login bug\",\"status\":\"" + status + "\",\"priority\":" + priority
        + ",\"updated_at\":\"" + updated + "\"}\n";
  }

  static Resp subscribe(Agent a, String beadId, List<String> types) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("workspace_id", a.workspaceId());
    b.put("bead_id", beadId);
    if (types != null) {
      b.put("event_types", types);
    }
    return server.post("/v1/subscriptions", b, a.key());
  }

  static List<Map<String, Object>> outbox(String project) {
    return server.sql().withHandle(h -> h.createQuery("""
        SELECT event_type, payload::text AS payload, recipient_alias, status, last_error, attempts
          FROM server.notification_outbox WHERE project_id = CAST(:p AS uuid) ORDER BY created_at""")
        .bind("p", project).mapToMap().list());
  }

  /** P with alice (writer) and bob (watcher) and sm-2 in progress. */
  static Agent[] fresh() {
    String slug = "notify-" + (n++);
    Agent alice = init(slug, "alice-dev", "Alice");
    Agent bob = init(slug, "bob-rev", "Bob");
    assertThat(sync(alice, "alice-dev", "full", rec("sm-2", "in_progress", 0, "2026-03-02T09:00:00Z")).status())
        .isEqualTo(200);
    return new Agent[] {alice, bob};
  }

  @Test
  void subscribingTwiceIsIdempotentAndReplacesTypes() {
    Agent bob = fresh()[1];
    Resp a = subscribe(bob, "sm-2", null);
    assertThat(a.status()).as(a.toString()).isEqualTo(200);
    assertThat(a.get("event_types").toString()).isEqualTo("[\"status_change\"]");
    assertThat(a.get("alias").asText()).isEqualTo("bob-rev");
    Resp b = subscribe(bob, "sm-2", List.of("all"));
    assertThat(b.get("subscription_id").asText()).isEqualTo(a.get("subscription_id").asText());
    assertThat(b.get("event_types").toString()).isEqualTo("[\"all\"]");
    assertThat(server.get("/v1/subscriptions?workspace_id=" + bob.workspaceId(), bob.key()).get("count").asInt())
        .isEqualTo(1);
  }

  @Test
  void aStatusChangeBecomesOneMailFromTheSystemAgent() {
    Agent[] p = fresh();
    subscribe(p[1], "sm-2", null);
    subscribe(p[1], R + ":sm-2", null);
    assertThat(sync(p[0], "alice-dev", "incremental", rec("sm-2", "closed", 0, "2026-03-03T09:00:00Z")).status())
        .isEqualTo(200);
    List<Map<String, Object>> rows = outbox(p[0].projectId());
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0)).containsEntry("event_type", "bead_status_change").containsEntry("recipient_alias", "bob-rev");
    JsonNode payload = Json.tree((String) rows.get(0).get("payload"));
    assertThat(payload.path("old_status").asText()).isEqualTo("in_progress");
    assertThat(payload.path("new_status").asText()).isEqualTo("closed");
    // The server delivers after commit, off the request path: the mail arrives shortly after the sync.
    JsonNode mail = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> inbox(p[1]), m -> m.size() > 0).get(0);
    assertThat(inbox(p[1])).hasSize(1);
    assertThat(mail.path("from_alias").asText()).isEqualTo("system");
    assertThat(mail.path("from_agent_id").asText())
        .isEqualTo(SystemAgent.idOf(UUID.fromString(p[0].projectId())).toString());
    assertThat(mail.path("subject").asText()).isEqualTo("Bead status changed: sm-2");
    assertThat(mail.path("body").asText()).startsWith("**sm-2** status changed from `in_progress` to `closed`")
        .contains("Title: Fix login bug\n", "Repo: " + R + "\n", "Branch: main\n");
    assertThat(mail.path("priority").asText()).isEqualTo("normal");
    assertThat(mail.path("thread_id").asText()).isEqualTo(SystemAgent.uuid5(SystemAgent.URL_NAMESPACE, "bead:sm-2")
        .toString());
    Map<String, Object> row = outbox(p[0].projectId()).get(0);
    assertThat(row).containsEntry("status", "completed").containsEntry("attempts", 1);
    assertThat(inbox(p[0])).as("the writer gets no mail").isEmpty();
  }

  static JsonNode inbox(Agent a) {
    Resp r = server.get("/v1/messages/inbox", a.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.get("messages");
  }

  @Test
  void systemAgentAndThreadIdsAreUuid5() {
    assertThat(SystemAgent.idOf(UUID.fromString("8df898fc-5165-450a-b0ce-f0c57a5f54d6")).toString())
        .isEqualTo("68079dd5-ab90-5d4c-843b-7084bed91506");
    assertThat(SystemAgent.uuid5(SystemAgent.URL_NAMESPACE, "bead:sm-2").toString())
        .isEqualTo("eb0454c2-6889-57c5-976f-2534bfe37678");
  }

  @Test
  void dottedIdsAreAcceptedAndInsertsDoNotNotify() {
    Agent[] p = fresh();
    assertThat(subscribe(p[1], "gt-r4x9.2", null).status()).isEqualTo(200);
    sync(p[0], "alice-dev", "incremental", rec("gt-r4x9.2", "open", 0, "2026-03-03T09:00:00Z"));
    assertThat(outbox(p[0].projectId())).isEmpty();
  }

  @Test
  void priorityChangesNotifyOnlyMatchingSubscribers() {
    Agent[] p = fresh();
    subscribe(p[1], "sm-2", null);
    sync(p[0], "alice-dev", "incremental", rec("sm-2", "in_progress", 2, "2026-03-03T09:00:00Z"));
    assertThat(outbox(p[0].projectId())).isEmpty();
    subscribe(p[1], "sm-2", List.of("priority_change"));
    sync(p[0], "alice-dev", "incremental", rec("sm-2", "in_progress", 3, "2026-03-04T09:00:00Z"));
    assertThat(outbox(p[0].projectId())).hasSize(1);
    assertThat(outbox(p[0].projectId()).get(0)).containsEntry("event_type", "bead_priority_change");
  }

  @Test
  void subscriptionValidation() {
    Agent[] p = fresh();
    Agent alice = p[0];
    Agent bob = p[1];
    Map<String, Object> other = new LinkedHashMap<>();
    other.put("workspace_id", bob.workspaceId());
    other.put("bead_id", "sm-2");
    assertThat(server.post("/v1/subscriptions", other, alice.key()).status()).isEqualTo(403);
    Resp space = subscribe(bob, "a b", null);
    assertThat(space.status()).isEqualTo(400);
    assertThat(space.detail()).isEqualTo("Invalid bead_id format: a b");
    assertThat(subscribe(bob, "sm-2", List.of("nope")).status()).isEqualTo(400);
    Resp bad = server.delete("/v1/subscriptions/xyz?workspace_id=" + bob.workspaceId(), bob.key());
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.detail()).isEqualTo("Invalid subscription_id format");
    Resp unknown = server.delete("/v1/subscriptions/" + UUID.randomUUID() + "?workspace_id=" + bob.workspaceId(),
        bob.key());
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.detail()).isEqualTo("Subscription not found");
    Agent carol = init("notify-q-" + (n++), "carol-dev", "Carol");
    subscribe(bob, "sm-2", null);
    assertThat(server.get("/v1/subscriptions?workspace_id=" + carol.workspaceId(), carol.key()).get("count")
        .asInt()).isZero();
    Resp del = server.delete("/v1/subscriptions/" + subscribe(bob, "sm-2", null).get("subscription_id").asText()
        + "?workspace_id=" + bob.workspaceId(), bob.key());
    assertThat(del.get("deleted").asBoolean()).isTrue();
  }
}
