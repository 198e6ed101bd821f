package io.beadhub.escalations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import io.beadhub.db.Database;
import io.beadhub.db.DatabaseUrl;
import io.beadhub.testing.ProxyAuth;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 50 §6 acceptance checks 21–35 (escalations). */
class EscalationTest {
  static final String ISO_OFFSET = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+00:00";
  static TestServer server;
  static Database db;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("BEADHUB_INTERNAL_AUTH_SECRET", ProxyAuth.SECRET));
    db = new Database(DatabaseUrl.parse(server.databaseUrl()), 2);
  }

  @AfterAll
  static void stop() {
    db.close();
    server.close();
  }

  static Map<String, Object> body(String ws, String alias, Object... extra) {
    Map<String, Object> b = new HashMap<>();
    b.put("workspace_id", ws);
    b.put("alias", alias);
    b.put("subject", "S");
    b.put("situation", "X");
    for (int i = 0; i < extra.length; i += 2) {
      b.put((String) extra[i], extra[i + 1]);
    }
    return b;
  }

  static String create(TwoProjects t) {
    Resp r = server.post("/v1/escalations", body(t.wa(), "alice-dev", "member_email", "lead@example.com"), t.ka());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.get("escalation_id").asText();
  }

  static List<String> listedIds(Resp r) {
    List<String> ids = new ArrayList<>();
    r.get("escalations").forEach(e -> ids.add(e.path("escalation_id").asText()));
    return ids;
  }

  /** The workspace's numbered events of a type, once the sequencer has numbered every event queued for it. */
  static List<JsonNode> events(String workspaceId, String type) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.sql().withHandle(h -> h.createQuery(
            "SELECT NOT EXISTS (SELECT 1 FROM server.event_queue WHERE workspace_id = CAST(:ws AS uuid))")
        .bind("ws", workspaceId).mapTo(Boolean.class).one()));
    return server.sql().withHandle(h -> h.createQuery("""
            SELECT payload::text FROM server.events WHERE workspace_id = CAST(:ws AS uuid) AND type = :type
            ORDER BY event_id""")
        .bind("ws", workspaceId).bind("type", type).mapTo(String.class).list())
        .stream().map(Json::tree).toList();
  }

  static int pending(String projectId) {
    return db.tx(h -> EscalationStore.pendingCount(h, UUID.fromString(projectId), Instant.now()));
  }

  @Test
  void createIsPendingForFourHoursAndRecordsAnEventOnTheWorkspace() {
    TwoProjects t = TwoProjects.policies(server);
    Resp r = server.post("/v1/escalations", body(t.wa(), "alice-dev"), t.ka());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("status").asText()).isEqualTo("pending");
    String created = r.get("created_at").asText();
    String expires = r.get("expires_at").asText();
    assertThat(created).matches(ISO_OFFSET);
    assertThat(expires).matches(ISO_OFFSET);
    assertThat(Duration.between(OffsetDateTime.parse(created), OffsetDateTime.parse(expires))).isEqualTo(Duration.ofHours(4));
    List<JsonNode> ev = events(t.wa(), "escalation.created");
    assertThat(ev).hasSize(1);
    assertThat(ev.get(0).path("escalation_id").asText()).isEqualTo(r.get("escalation_id").asText());
    assertThat(ev.get(0).path("alias").asText()).isEqualTo("alice-dev");
    assertThat(ev.get(0).path("subject").asText()).isEqualTo("S");
    assertThat(ev.get(0).path("project_slug").asText()).isEqualTo(t.pSlug());
    assertThat(pending(t.pId())).isEqualTo(1);
  }

  @Test
  void createForAnotherAgentsWorkspaceOrAliasIs403() {
    TwoProjects t = TwoProjects.policies(server);
    Resp other = server.post("/v1/escalations", body(t.wa(), "alice-dev"), t.kb());
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.detail()).isEqualTo("workspace_id does not match API key identity");
    Resp alias = server.post("/v1/escalations", body(t.wa(), "bob-rev"), t.ka());
    assertThat(alias.status()).isEqualTo(403);
    assertThat(alias.detail()).isEqualTo("Alias does not match workspace_id");
  }

  @Test
  void createOnAnotherProjectsWorkspaceIs403() {
    TwoProjects t = TwoProjects.policies(server);
    Resp bound = server.post("/v1/escalations", body(t.wa(), "alice-dev"), t.kc());
    assertThat(bound.status()).isEqualTo(403);
    assertThat(bound.detail()).isEqualTo("workspace_id does not match API key identity");
    Map<String, String> proxyQ = ProxyAuth.user(t.qId(), UUID.randomUUID().toString(), t.wc());
    Resp proxied = server.send("POST", "/v1/escalations", body(t.wa(), "alice-dev"), proxyQ);
    assertThat(proxied.status()).isEqualTo(403);
    assertThat(proxied.detail()).isEqualTo("Workspace not found or does not belong to your project");
    Map<String, String> proxyP = ProxyAuth.user(t.pId(), UUID.randomUUID().toString(), t.wb());
    assertThat(server.send("POST", "/v1/escalations", body(t.wa(), "alice-dev"), proxyP).status()).isEqualTo(200);
  }

  @Test
  void malformedCreateRequestsAre422() {
    TwoProjects t = TwoProjects.policies(server);
    Resp ws = server.post("/v1/escalations", body("nope", "alice-dev"), t.ka());
    assertThat(ws.status()).isEqualTo(422);
    assertThat(ws.msg()).contains("Invalid workspace_id format");
    Resp alias = server.post("/v1/escalations", body(t.wa(), "bad alias"), t.ka());
    assertThat(alias.status()).isEqualTo(422);
    assertThat(alias.msg()).contains("Invalid alias: must be alphanumeric with hyphens/underscores, 1-64 chars");
    assertThat(server.post("/v1/escalations", body(t.wa(), "alice-dev", "subject", ""), t.ka()).status()).isEqualTo(422);
    assertThat(server.post("/v1/escalations", body(t.wa(), "alice-dev", "expires_in_hours", 0), t.ka()).status())
        .isEqualTo(422);
    assertThat(server.post("/v1/escalations", body(t.wa(), "alice-dev", "expires_in_hours", 9000), t.ka()).status())
        .isEqualTo(422);
    assertThat(server.post("/v1/escalations", body(t.wa(), "alice-dev", "options", List.of(1)), t.ka()).status())
        .isEqualTo(422);
    assertThat(server.post("/v1/escalations", Map.of("workspace_id", t.wa()), t.ka()).status()).isEqualTo(422);
    assertThat(server.post("/v1/escalations", "null", t.ka()).status()).isEqualTo(422);
  }

  @Test
  void listShowsTheProjectsEscalationsOnly() {
    TwoProjects t = TwoProjects.policies(server);
    String id = create(t);
    Resp r = server.get("/v1/escalations", t.ka());
    assertThat(r.status()).isEqualTo(200);
    assertThat(listedIds(r)).containsExactly(id);
    assertThat(r.get("has_more").asBoolean()).isFalse();
    assertThat(r.get("next_cursor").isNull()).isTrue();
    JsonNode item = r.get("escalations").get(0);
    assertThat(item.path("alias").asText()).isEqualTo("alice-dev");
    assertThat(item.path("status").asText()).isEqualTo("pending");
    assertThat(item.has("member_email")).isFalse();
    assertThat(server.get("/v1/escalations", t.kc()).get("escalations").size()).isZero();
  }

  @Test
  void listFiltersAreValidated() {
    TwoProjects t = TwoProjects.policies(server);
    String id = create(t);
    Resp bogus = server.get("/v1/escalations?status=bogus", t.ka());
    assertThat(bogus.status()).isEqualTo(422);
    assertThat(bogus.detail()).isEqualTo("Invalid status: must be one of ['expired', 'pending', 'responded']");
    assertThat(listedIds(server.get("/v1/escalations?status=pending", t.ka()))).containsExactly(id);
    assertThat(listedIds(server.get("/v1/escalations?status=responded", t.ka()))).isEmpty();
    Resp alias = server.get("/v1/escalations?alias=bad!", t.ka());
    assertThat(alias.status()).isEqualTo(422);
    assertThat(alias.detail()).contains("Invalid alias");
    assertThat(listedIds(server.get("/v1/escalations?alias=alice-dev", t.ka()))).containsExactly(id);
    assertThat(listedIds(server.get("/v1/escalations?alias=bob-rev", t.ka()))).isEmpty();
    for (String limit : List.of("0", "201", "-1", "x")) {
      assertThat(server.get("/v1/escalations?limit=" + limit, t.ka()).status()).isEqualTo(422);
    }
    Resp cursor = server.get("/v1/escalations?cursor=not-valid-base64!!!", t.ka());
    assertThat(cursor.status()).isEqualTo(422);
    assertThat(cursor.detail()).contains("cursor");
    assertThat(server.get("/v1/escalations?repo_id=abc", t.ka()).status()).isEqualTo(422);
    Resp notUuid = server.get("/v1/escalations?repo_id=" + "z".repeat(36), t.ka());
    assertThat(notUuid.status()).isEqualTo(422);
    assertThat(notUuid.detail()).isEqualTo("Invalid repo_id format: expected UUID");
    Resp badWs = server.get("/v1/escalations?workspace_id=nope", t.ka());
    assertThat(badWs.status()).isEqualTo(422);
    assertThat(badWs.detail()).isEqualTo("Invalid workspace_id format");
  }

  @Test
  void listByWorkspaceAndRepoKeepsThatWorkspacesEscalations() {
    TwoProjects t = TwoProjects.policies(server);
    String a = create(t);
    String b = server.post("/v1/escalations", body(t.wb(), "bob-rev"), t.kb()).get("escalation_id").asText();
    assertThat(listedIds(server.get("/v1/escalations?workspace_id=" + t.wb(), t.ka()))).containsExactly(b);
    String repo = server.sql().withHandle(h -> h.createQuery(
        "SELECT repo_id::text FROM server.workspaces WHERE workspace_id = CAST(:w AS uuid)")
        .bind("w", t.wa()).mapTo(String.class).one());
    assertThat(listedIds(server.get("/v1/escalations?repo_id=" + repo, t.ka()))).containsExactly(b, a);
    assertThat(listedIds(server.get("/v1/escalations?repo_id=" + UUID.randomUUID(), t.ka()))).isEmpty();
  }

  @Test
  void listOfAnotherProjectsWorkspaceIs403() {
    TwoProjects t = TwoProjects.policies(server);
    Resp r = server.get("/v1/escalations?workspace_id=" + t.wc(), t.ka());
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.detail()).isEqualTo("Workspace not found or does not belong to your project");
  }

  @Test
  void listPagesWithACursorNewestFirst() {
    TwoProjects t = TwoProjects.policies(server);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(0, create(t));
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Resp r = server.get("/v1/escalations?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), t.ka());
      assertThat(r.status()).isEqualTo(200);
      seen.addAll(listedIds(r));
      cursor = r.get("has_more").asBoolean() ? r.get("next_cursor").asText() : null;
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).isEqualTo(ids);
    String badTs = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"created_at\":\"yesterday\"}".getBytes());
    Resp bad = server.get("/v1/escalations?cursor=" + badTs, t.ka());
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.detail()).startsWith("Invalid cursor timestamp: ");
    String noKeys = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{}".getBytes());
    assertThat(listedIds(server.get("/v1/escalations?cursor=" + noKeys, t.ka()))).hasSize(5);
  }

  @Test
  void detailHasEveryFieldAndIsScopedToTheProject() {
    TwoProjects t = TwoProjects.policies(server);
    String id = create(t);
    Resp r = server.get("/v1/escalations/" + id, t.ka());
    assertThat(r.status()).isEqualTo(200);
    List<String> fields = new ArrayList<>();
    r.json().fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("escalation_id", "workspace_id", "alias", "member_email", "subject",
        "situation", "options", "status", "response", "response_note", "created_at", "responded_at", "expires_at");
    assertThat(r.get("workspace_id").asText()).isEqualTo(t.wa());
    assertThat(r.get("member_email").asText()).isEqualTo("lead@example.com");
    assertThat(r.get("options").isNull()).isTrue();
    assertThat(r.get("response").isNull()).isTrue();
    assertThat(r.get("responded_at").isNull()).isTrue();
    Resp foreign = server.get("/v1/escalations/" + id, t.kc());
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.detail()).isEqualTo("Escalation not found");
    Resp bad = server.get("/v1/escalations/not-a-uuid", t.ka());
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.detail()).isEqualTo("Invalid escalation_id: must be a UUID");
    assertThat(server.get("/v1/escalations/not-a-uuid", null).status()).isEqualTo(401);
    assertThat(server.get("/v1/escalations/" + UUID.randomUUID(), t.ka()).status()).isEqualTo(404);
    assertThat(server.get("/v1/escalations/" + id + "?workspace_id=" + t.wb(), t.ka()).status()).isEqualTo(404);
    assertThat(server.get("/v1/escalations/" + id + "?workspace_id=" + t.wa(), t.ka()).status()).isEqualTo(200);
  }

  @Test
  void theEscalatingAgentGetsAMailWithTheAnswer() {
    TwoProjects t = TwoProjects.policies(server);
    String id = create(t);
    assertThat(server.post("/v1/escalations/" + id + "/respond", Map.of("response", "use option B", "note", "cheaper"),
        t.kb()).status()).isEqualTo(200);
    JsonNode inbox = server.get("/v1/messages/inbox", t.ka()).json().path("messages");
    assertThat(inbox).hasSize(1);
    JsonNode mail = inbox.get(0);
    assertThat(mail.path("subject").asText()).startsWith("Escalation answered: ");
    assertThat(mail.path("body").asText()).contains("use option B").contains("cheaper").contains(id);
    assertThat(mail.path("from_agent_id").asText()).isEqualTo(t.wb());
    assertThat(events(t.wa(), "message.delivered")).hasSize(1);
  }

  @Test
  void respondingRecordsTheAnswerAndNotifiesTheCreatorsWorkspace() {
    TwoProjects t = TwoProjects.policies(server);
    String id = create(t);
    Resp r = server.post("/v1/escalations/" + id + "/respond", Map.of("response", "approved", "note", "ok"), t.kb());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("status").asText()).isEqualTo("responded");
    assertThat(r.get("response").asText()).isEqualTo("approved");
    assertThat(r.get("response_note").asText()).isEqualTo("ok");
    assertThat(r.get("responded_at").asText()).matches(ISO_OFFSET);
    List<JsonNode> ev = events(t.wa(), "escalation.responded");
    assertThat(ev).hasSize(1);
    assertThat(ev.get(0).path("response").asText()).isEqualTo("approved");
    assertThat(ev.get(0).path("escalation_id").asText()).isEqualTo(id);
    assertThat(events(t.wb(), "escalation.responded")).isEmpty();
    Resp detail = server.get("/v1/escalations/" + id, t.ka());
    assertThat(detail.get("status").asText()).isEqualTo("responded");
    assertThat(detail.get("responded_at").asText()).isEqualTo(r.get("responded_at").asText());
    assertThat(pending(t.pId())).isZero();

    Resp again = server.post("/v1/escalations/" + id + "/respond", Map.of("response", "rejected"), t.ka());
    assertThat(again.status()).isEqualTo(200);
    Resp after = server.get("/v1/escalations/" + id, t.ka());
    assertThat(after.get("response").asText()).isEqualTo("rejected");
    assertThat(after.get("response_note").isNull()).isTrue();
  }

  @Test
  void respondingOutsideTheProjectOrWithoutAnAnswerFails() {
    TwoProjects t = TwoProjects.policies(server);
    String id = create(t);
    Resp foreign = server.post("/v1/escalations/" + id + "/respond", Map.of("response", "x"), t.kc());
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.detail()).isEqualTo("Escalation not found");
    assertThat(server.post("/v1/escalations/00000000-0000-0000-0000-000000000000/respond", Map.of("response", "x"),
        t.ka()).status()).isEqualTo(404);
    assertThat(server.post("/v1/escalations/" + id + "/respond", Map.of("response", ""), t.ka()).status()).isEqualTo(422);
    assertThat(server.post("/v1/escalations/nope/respond", Map.of("response", "x"), t.ka()).detail())
        .isEqualTo("Invalid escalation_id: must be a UUID");
    assertThat(server.get("/v1/escalations/" + id, t.ka()).get("status").asText()).isEqualTo("pending");
  }

  @Test
  void anEscalationPastItsExpiryReadsAsExpiredAndStillAcceptsAnAnswer() {
    TwoProjects t = TwoProjects.policies(server);
    Resp c = server.post("/v1/escalations", body(t.wa(), "alice-dev", "expires_in_hours", 1), t.ka());
    String id = c.get("escalation_id").asText();
    assertThat(pending(t.pId())).isEqualTo(1);
    // Move this escalation's clock: it was created two hours ago and expired an hour ago.
    server.sql().useHandle(h -> h.execute("""
        UPDATE server.escalations SET created_at = created_at - interval '2 hours',
                                      expires_at = expires_at - interval '2 hours'
         WHERE id = CAST(? AS uuid)""", id));
    assertThat(server.get("/v1/escalations/" + id, t.ka()).get("status").asText()).isEqualTo("expired");
    assertThat(server.get("/v1/escalations", t.ka()).get("escalations").get(0).path("status").asText())
        .isEqualTo("expired");
    assertThat(listedIds(server.get("/v1/escalations?status=expired", t.ka()))).containsExactly(id);
    assertThat(listedIds(server.get("/v1/escalations?status=pending", t.ka()))).isEmpty();
    assertThat(pending(t.pId())).isZero();
    String stored = server.sql().withHandle(h -> h.createQuery(
        "SELECT status FROM server.escalations WHERE id = CAST(:id AS uuid)").bind("id", id).mapTo(String.class).one());
    assertThat(stored).isEqualTo("expired");
    Resp late = server.post("/v1/escalations/" + id + "/respond", Map.of("response", "late"), t.ka());
    assertThat(late.status()).isEqualTo(200);
    assertThat(late.get("status").asText()).isEqualTo("responded");
  }

  @Test
  void expiryIsAppliedByPendingCountWithoutAnyRead() {
    TwoProjects t = TwoProjects.policies(server);
    String id = create(t);
    server.sql().useHandle(h -> h.execute(
        "UPDATE server.escalations SET expires_at = now() - interval '1 second' WHERE id = CAST(? AS uuid)", id));
    assertThat(pending(t.pId())).isZero();
    String stored = server.sql().withHandle(h -> h.createQuery(
        "SELECT status FROM server.escalations WHERE id = CAST(:id AS uuid)").bind("id", id).mapTo(String.class).one());
    assertThat(stored).isEqualTo("expired");
  }

  @Test
  void escalationsOfADeletedWorkspaceDisappear() {
    TwoProjects t = TwoProjects.policies(server);
    String id = create(t);
    String theirs = server.post("/v1/escalations", body(t.wb(), "bob-rev"), t.kb()).get("escalation_id").asText();
    assertThat(pending(t.pId())).isEqualTo(2);
    // DELETE /v1/workspaces/{id} is the workspaces feature; its effect on this table is the soft delete.
    server.sql().useHandle(h -> h.execute(
        "UPDATE server.workspaces SET deleted_at = now() WHERE workspace_id = CAST(? AS uuid)", t.wa()));
    assertThat(server.get("/v1/escalations/" + id, t.kb()).status()).isEqualTo(404);
    assertThat(server.post("/v1/escalations/" + id + "/respond", Map.of("response", "x"), t.kb()).status())
        .isEqualTo(404);
    assertThat(listedIds(server.get("/v1/escalations", t.kb()))).containsExactly(theirs);
    assertThat(pending(t.pId())).isEqualTo(1);
  }

  @Test
  void publicReadersSeeNoMemberEmailAndCannotWrite() {
    TwoProjects t = TwoProjects.policies(server);
    String id = create(t);
    Map<String, String> reader = ProxyAuth.publicReader(t.pId(), UUID.randomUUID().toString());
    Resp d = server.send("GET", "/v1/escalations/" + id, null, reader);
    assertThat(d.status()).isEqualTo(200);
    assertThat(d.json().has("member_email")).isTrue();
    assertThat(d.get("member_email").isNull()).isTrue();
    assertThat(listedIds(server.send("GET", "/v1/escalations", null, reader))).containsExactly(id);
    Resp w = server.send("POST", "/v1/escalations/" + id + "/respond", Map.of("response", "x"), reader);
    assertThat(w.status()).isEqualTo(403);
    assertThat(w.detail()).isEqualTo("Not available to public readers");
  }

  @Test
  void emptyOptionsAreStoredAsNullAndOthersKeptInOrder() {
    TwoProjects t = TwoProjects.policies(server);
    String none = server.post("/v1/escalations", body(t.wb(), "bob-rev", "options", List.of()), t.kb())
        .get("escalation_id").asText();
    String two = server.post("/v1/escalations", body(t.wb(), "bob-rev", "options", List.of("a", "b")), t.kb())
        .get("escalation_id").asText();
    assertThat(server.get("/v1/escalations/" + none, t.kb()).get("options").isNull()).isTrue();
    assertThat(server.get("/v1/escalations/" + two, t.kb()).get("options").toString()).isEqualTo("[\"a\",\"b\"]");
  }
}
