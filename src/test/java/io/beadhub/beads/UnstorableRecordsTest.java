package io.beadhub.beads;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Agent;
import io.beadhub.testing.Agents;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: a record holding something PostgreSQL cannot store (a NUL, an unpaired surrogate, a number
 * beyond {@code numeric}) is rejected on its own as {@code invalid_field} (spec 40 §1.3) by every ingest
 * route; the rest of the payload is applied. Before, one such record failed the whole sync with a 500.
 */
class UnstorableRecordsTest {
  static final String ORIGIN = "git@github.com:acme/unstorable.git";
  static final String REPO = "github.com/acme/unstorable";
  /** JSONL: a good record, then four bad ones (as `bd export` would write them), then another good one. */
  static final String JSONL = """
      {"id":"us-1","title":"fine"}
      {"id":"us-2","title":"nul \\u0000 inside"}
      {"id":"us-3","description":"lone \\ud800 surrogate"}
      {"id":"us-4","notes":{"deep":["x","\\u0000"]}}
      {"id":"us-5","estimate":1e999999999}
      {"id":"us-6","title":"also fine","labels":["ok"]}
      """;
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

  static Agent fresh() {
    return Agents.in(server, "unstorable-" + (n++)).alias("alice-dev").repo(ORIGIN).init();
  }

  @Test
  void aSyncRejectsOnlyTheRecordsThatCannotBeStored() {
    Agent a = fresh();
    Resp r = server.post("/v1/bdh/sync", Map.of("workspace_id", a.workspaceId(), "alias", a.alias(),
        "repo_origin", ORIGIN, "sync_mode", "full", "issues_jsonl", JSONL), a.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertRejectedAsInvalidField(r.get("rejected"));
    assertThat(r.get("issues_count").asInt()).isEqualTo(2);
    assertStoredIds(a.key(), List.of("us-1", "us-6"));

    Resp incr = server.post("/v1/bdh/sync", Map.of("workspace_id", a.workspaceId(), "alias", a.alias(),
        "repo_origin", ORIGIN, "sync_mode", "incremental",
        "changed_issues", "{\"id\":\"us-7\",\"title\":\"x\\u0000\"}\n{\"id\":\"us-8\"}\n"),
        a.key());
    assertThat(incr.status()).as(incr.toString()).isEqualTo(200);
    assertThat(incr.get("rejected").get(0).path("id").asText()).isEqualTo("us-7");
    assertStoredIds(a.key(), List.of("us-1", "us-6", "us-8"));
  }

  @Test
  void anUploadRejectsOnlyTheRecordsThatCannotBeStored() {
    Agent a = fresh();
    StringBuilder items = new StringBuilder("[");
    for (String line : JSONL.strip().split("\n")) {
      items.append(items.length() > 1 ? "," : "").append(line);
    }
    String body = "{\"repo\":\"" + REPO + "\",\"issues\":" + items + "]}";
    Resp r = server.post("/v1/beads/upload", body, a.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertRejectedAsInvalidField(r.get("rejected"));
    assertThat(r.get("issues_added").asInt()).isEqualTo(2);
    assertStoredIds(a.key(), List.of("us-1", "us-6"));
  }

  @Test
  void aJsonlUploadRejectsOnlyTheRecordsThatCannotBeStored() throws Exception {
    Agent a = fresh();
    HttpRequest req = HttpRequest.newBuilder(URI.create(server.base() + "/v1/beads/upload-jsonl?repo=" + REPO))
        .header("Authorization", "Bearer " + a.key()).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(JSONL)).build();
    HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertRejectedAsInvalidField(new Resp(r.statusCode(), r.headers(), r.body()).get("rejected"));
    assertStoredIds(a.key(), List.of("us-1", "us-6"));
  }

  @Test
  void anEphemeralPushRejectsOnlyTheRecordsThatCannotBeStored() {
    Agent a = fresh();
    String body = "{\"repo\":\"" + REPO + "\",\"records\":[{\"id\":\"us-w1\",\"title\":\"ok\",\"ephemeral\":true},"
        + "{\"id\":\"us-w2\",\"title\":\"\\u0000\",\"ephemeral\":true}]}";
    Resp r = server.post("/v1/beads/ephemeral", body, a.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.get("accepted").asInt()).isEqualTo(1);
    JsonNode rej = r.get("rejected").get(0);
    assertThat(rej.path("id").asText()).isEqualTo("us-w2");
    assertThat(rej.path("reason").asText()).isEqualTo("invalid_field");
    assertThat(rej.path("field").asText()).isEqualTo("title");
  }

  @Test
  void anUploadItemNestedPastTheBodyParsersLimitIsTheSpecsDepth400() {
    Agent a = fresh();
    String deep = "[".repeat(5_000) + "]".repeat(5_000);
    Resp r = server.post("/v1/beads/upload", "{\"repo\":\"" + REPO + "\",\"issues\":[{\"id\":\"a\"}," + deep + "]}",
        a.key());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.detail()).isEqualTo("JSON nesting depth exceeds limit (10) on item 2");
  }

  /** us-2..us-5 rejected as invalid_field, naming the top-level field that holds the bad value. */
  private static void assertRejectedAsInvalidField(JsonNode rejected) {
    List<String> seen = new ArrayList<>();
    for (JsonNode j : rejected) {
      assertThat(j.path("reason").asText()).as(j.toString()).isEqualTo("invalid_field");
      seen.add(j.path("id").asText() + ":" + j.path("field").asText());
    }
    assertThat(seen).containsExactly("us-2:title", "us-3:description", "us-4:notes", "us-5:estimate");
  }

  private static void assertStoredIds(String key, List<String> ids) {
    JsonNode issues = server.get("/v1/beads/issues?repo=" + REPO + "&limit=200", key).json().get("issues");
    List<String> stored = new ArrayList<>();
    issues.forEach(i -> stored.add(i.path("bead_id").asText()));
    assertThat(stored).containsExactlyInAnyOrderElementsOf(ids);
  }
}
