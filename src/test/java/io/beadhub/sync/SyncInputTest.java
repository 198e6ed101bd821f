package io.beadhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Beads;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 40 §11 checks 12–22: limits and bad input. Each test uses its own project. */
class SyncInputTest {
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

  static TwoProjects fresh() {
    return TwoProjects.sync(server, "input-" + (n++));
  }

  static String lines(int count) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < count; i++) {
      sb.append("{\"id\":\"ln-").append(i).append("\",\"title\":\"t\"}\n");
    }
    return sb.toString();
  }

  @Test
  void tenThousandAndOneIssuesIs400AndTenThousandIsAccepted() {
    TwoProjects s = fresh();
    Resp over = Beads.full(server, s.a(), lines(10_001));
    assertThat(over.status()).isEqualTo(400);
    assertThat(over.detail()).isEqualTo("Too many issues: exceeds limit of 10000");
    Resp ok = Beads.full(server, s.a(), lines(10_000));
    assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    assertThat(ok.get("stats").path("received").asInt()).isEqualTo(10_000);
    assertThat(ok.get("issues_count").asInt()).isEqualTo(10_000);
  }

  @Test
  void invalidJsonNamesTheLine() {
    TwoProjects s = fresh();
    Resp r = Beads.full(server, s.a(), Beads.S1 + "{\"id\": \"x\",\n");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.detail()).startsWith("Invalid JSON on line 2: ");
  }

  /** Lines are parsed on several cores: the error reported is still the one a line-by-line reading meets first. */
  @Test
  void theFirstBadLineOfALargePayloadIsTheOneReported() {
    TwoProjects s = fresh();
    List<String> ls = new java.util.ArrayList<>(lines(5_000).lines().toList());
    ls.set(4_500, "[1,2]");
    ls.set(1_200, "{\"id\": \"x\",");
    ls.set(3_000, "{\"id\": ");
    Resp r = Beads.full(server, s.a(), String.join("\n", ls) + "\n");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.detail()).startsWith("Invalid JSON on line 1201: ");
    ls.set(1_200, "{\"id\":\"ok\"}");
    ls.set(3_000, "{\"id\":\"ok2\"}");
    Resp notObject = Beads.full(server, s.a(), String.join("\n", ls) + "\n");
    assertThat(notObject.detail()).isEqualTo("JSON on line 4501 must be an object");
  }

  @Test
  void aBadLineBeforeTheLimitWinsOverTooManyIssuesAndOneAfterItDoesNot() {
    TwoProjects s = fresh();
    List<String> ls = new java.util.ArrayList<>(lines(10_050).lines().toList());
    ls.set(9_000, "{\"id\": ");
    assertThat(Beads.full(server, s.a(), String.join("\n", ls) + "\n").detail())
        .startsWith("Invalid JSON on line 9001: ");
    ls.set(9_000, "{\"id\":\"fine\"}");
    ls.set(10_020, "{\"id\": ");
    assertThat(Beads.full(server, s.a(), String.join("\n", ls) + "\n").detail())
        .isEqualTo("Too many issues: exceeds limit of 10000");
  }

  @Test
  void nonObjectLineIs400() {
    TwoProjects s = fresh();
    Resp r = Beads.full(server, s.a(), Beads.S1 + Beads.S2 + "[1,2]\n");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.detail()).isEqualTo("JSON on line 3 must be an object");
  }

  static String nested(int objects) {
    StringBuilder sb = new StringBuilder("{\"id\":\"deep-1\",\"x\":");
    for (int i = 1; i < objects - 1; i++) {
      sb.append("{\"a\":");
    }
    sb.append("{\"i\":1}");
    sb.append("}".repeat(objects - 2)).append("}\n");
    return sb.toString();
  }

  @Test
  void depthLimitIsTenAndVeryDeepLinesAre400() {
    TwoProjects s = fresh();
    Resp nine = Beads.full(server, s.a(), nested(9));
    assertThat(nine.status()).as(nine.toString()).isEqualTo(200);
    Resp ten = Beads.full(server, s.a(), nested(10));
    assertThat(ten.status()).isEqualTo(400);
    assertThat(ten.detail()).isEqualTo("JSON nesting depth exceeds limit (10) on line 1");
    Resp deep = Beads.full(server, s.a(), "[".repeat(15_000) + "]".repeat(15_000) + "\n");
    assertThat(deep.status()).isEqualTo(400);
    assertThat(deep.detail()).isEqualTo("JSON nesting depth exceeds limit (10) on line 1");
    assertThat(server.get("/health", null).status()).isEqualTo(200);
  }

  @Test
  void oversizeJsonlIs422AndOversizeBodyIs413() {
    TwoProjects s = fresh();
    String big = "x".repeat(10_485_761);
    Resp r = Beads.full(server, s.a(), big);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().path("detail").path(0).path("type").asText()).isEqualTo("string_too_long");
    String huge = "{\"workspace_id\":\"" + s.a().workspaceId() + "\",\"pad\":\"" + "y".repeat(33 * 1024 * 1024) + "\"}";
    Resp t = server.post("/v1/bdh/sync", huge, s.a().key());
    assertThat(t.status()).isEqualTo(413);
    assertThat(t.detail()).isEqualTo("Request body too large");
  }

  @Test
  void badIdsAreRejectedAndValidLinesSynced() {
    TwoProjects s = fresh();
    Resp r = Beads.full(server, s.a(), "{\"id\":\"../etc\"}\n{\"id\":\"\"}\n{\"title\":\"none\"}\n" + Beads.S1);
    assertThat(r.status()).isEqualTo(200);
    JsonNode rej = r.get("rejected");
    assertThat(rej).hasSize(3);
    assertThat(rej.get(0).path("reason").asText()).isEqualTo("invalid_id");
    assertThat(rej.get(1).path("reason").asText()).isEqualTo("missing_id");
    assertThat(rej.get(2).path("reason").asText()).isEqualTo("missing_id");
    assertThat(r.get("issues_count").asInt()).isEqualTo(1);
  }

  @Test
  void theResponseListsTheFirstHundredRejectionsAndCountsThemAll() {
    TwoProjects s = fresh();
    StringBuilder sb = new StringBuilder(Beads.S1);
    for (int i = 0; i < 150; i++) {
      sb.append("{\"title\":\"no id ").append(i).append("\"}\n");
    }
    Resp r = Beads.full(server, s.a(), sb.toString());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("stats").path("rejected").asInt()).isEqualTo(150);
    JsonNode rej = r.get("rejected");
    assertThat(rej).hasSize(100);
    assertThat(rej.get(0).path("line").asInt()).isEqualTo(2);
    assertThat(rej.get(99).path("line").asInt()).isEqualTo(101);
    assertThat(r.get("issues_count").asInt()).isEqualTo(1);
  }

  @Test
  void typedFieldsAreValidatedPerRecord() {
    TwoProjects s = fresh();
    Resp r = Beads.full(server, s.a(), "{\"id\":\"p-1\",\"priority\":\"high\"}\n{\"id\":\"p-2\",\"labels\":\"x\"}\n"
        + "{\"id\":\"p-3\",\"dependencies\":[1,{\"depends_on_id\":\"sm-1\"}]}\n");
    assertThat(r.status()).isEqualTo(200);
    JsonNode rej = r.get("rejected");
    assertThat(rej).hasSize(2);
    assertThat(rej.get(0).path("field").asText()).isEqualTo("priority");
    assertThat(rej.get(0).path("reason").asText()).isEqualTo("invalid_field");
    assertThat(rej.get(1).path("field").asText()).isEqualTo("labels");
    List<Map<String, Object>> edges = server.sql().withHandle(h -> h.createQuery(
        "SELECT d.type FROM beads.issue_deps d JOIN beads.issues i ON i.id = d.issue_id WHERE i.bead_id = 'p-3'"
            + " AND i.project_id = CAST(:p AS uuid)").bind("p", s.a().projectId()).mapToMap().list());
    assertThat(edges).hasSize(1);
    assertThat(edges.get(0).get("type")).isEqualTo("blocks");
  }

  @Test
  void importDefaultsApply() {
    TwoProjects s = fresh();
    assertThat(Beads.full(server, s.a(), "{\"id\":\"d-1\",\"title\":\"t\"}\n").status()).isEqualTo(200);
    Map<String, Object> row = server.sql().withHandle(h -> h.createQuery(
        "SELECT priority, status, issue_type FROM beads.issues WHERE bead_id = 'd-1' AND project_id = CAST(:p AS uuid)")
        .bind("p", s.a().projectId()).mapToMap().one());
    assertThat(row.get("priority")).isEqualTo(0);
    assertThat(row.get("status")).isEqualTo("open");
    assertThat(row.get("issue_type")).isEqualTo("task");
  }

  @Test
  void offsetLessTimestampsAreUtcAndUnparseableOnesNull() {
    TwoProjects s = fresh();
    Resp r = Beads.full(server, s.a(),
        "{\"id\":\"t-1\",\"updated_at\":\"2026-03-02T09:00:00\"}\n{\"id\":\"t-2\",\"updated_at\":\"soon\"}\n");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("stats").path("received").asInt()).isEqualTo(2);
    Resp t1 = server.get("/v1/beads/issues/t-1", s.a().key());
    assertThat(t1.get("updated_at").asText()).isEqualTo("2026-03-02T09:00:00+00:00");
    assertThat(server.get("/v1/beads/issues/t-2", s.a().key()).get("updated_at").isNull()).isTrue();
  }

  @Test
  void uncanonicalisableRepoOriginIs422() {
    TwoProjects s = fresh();
    Map<String, Object> b = Beads.syncBody(s.a(), "full", Beads.S1, null);
    b.put("repo_origin", "not a url");
    Resp r = server.post("/v1/bdh/sync", b, s.a().key());
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.detail()).isEqualTo("Invalid repo_origin");
  }

  @Test
  void rawLineSeparatorInsideAStringIsKept() {
    TwoProjects s = fresh();
    Resp r = Beads.full(server, s.a(), "{\"id\":\"u-1\",\"description\":\"a\u2028b\u0085c\"}\n");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("stats").path("inserted").asInt()).isEqualTo(1);
    assertThat(server.get("/v1/beads/issues/u-1", s.a().key()).get("description").asText())
        .isEqualTo("a\u2028b\u0085c");
  }
}
