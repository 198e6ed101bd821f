package io.beadhub.beads;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Beads;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 40 §11 checks 49–56 and the fixture counts of fixtures/beads/README.md. */
class BeadsRoutesTest {
  static final String S4 = "{\"id\": \"sm-1\", \"title\": \"Set up CI\", \"status\": \"open\", \"priority\": 1, \"updated_at\": \"2026-03-01T10:00:00Z\"}\n"
      + "{\"id\": \"sm-2\", \"title\": \"Fix login bug\", \"status\": \"in_progress\", \"updated_at\": \"2026-03-02T09:00:00Z\"}\n"
      + "{\"id\": \"sm-3\", \"title\": \"Write docs\", \"description\": \"Docs body\", \"dependencies\": [{\"depends_on_id\": \"sm-1\", \"type\": \"blocks\"}], \"updated_at\": \"2026-03-01T12:00:00Z\"}\n"
      + "{\"id\": \"sm-4\", \"title\": \"Old cleanup\", \"status\": \"closed\", \"updated_at\": \"2026-02-21T08:00:00Z\"}\n";
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

  /** A project key (agent without a workspace). */
  static String key() {
    Map<String, Object> b = new HashMap<>();
    b.put("project_slug", "beads-" + (n++));
    b.put("alias", "reader");
    return server.init(b).path("api_key").asText();
  }

  static Resp jsonl(String repo, String body, String key, String contentType) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base() + "/v1/beads/upload-jsonl?repo=" + repo))
          .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofString(body));
      if (contentType != null) {
        b.header("Content-Type", contentType);
      }
      HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Resp(r.statusCode(), r.headers(), r.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void uploadValidatesRepoBranchAndElements() {
    String k = key();
    Resp bad = server.post("/v1/beads/upload", Map.of("repo", "not a repo!", "issues", List.of()), k);
    assertThat(bad.status()).isEqualTo(422);
    Resp branch = server.post("/v1/beads/upload", Map.of("repo", "github.com/acme/gadgets", "branch", "-x",
        "issues", List.of()), k);
    assertThat(branch.status()).isEqualTo(422);
    assertThat(branch.detail()).isEqualTo("Invalid branch name: -x");
    Resp el = server.post("/v1/beads/upload", Map.of("repo", "github.com/acme/gadgets", "issues",
        List.of(1, Map.of("id", "gd-1"))), k);
    assertThat(el.status()).isEqualTo(200);
    assertThat(el.get("rejected").get(0).path("reason").asText()).isEqualTo("not_an_object");
    assertThat(el.get("issues_synced").asInt()).isEqualTo(1);
  }

  @Test
  void uploadListsTheFirstHundredRejections() {
    List<Object> items = new java.util.ArrayList<>();
    items.add(Map.of("id", "gd-1"));
    for (int i = 0; i < 120; i++) {
      items.add(i);
    }
    Resp r = server.post("/v1/beads/upload", Map.of("repo", "github.com/acme/gadgets", "issues", items), key());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("rejected")).hasSize(100);
    assertThat(r.get("rejected").get(0).path("reason").asText()).isEqualTo("not_an_object");
    assertThat(r.get("issues_synced").asInt()).isEqualTo(1);
  }

  @Test
  void uploadJsonlTakesTextWhateverTheContentType() {
    String k = key();
    Resp r = jsonl("github.com/acme/gadgets", S4, k, null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.get("issues_synced").asInt()).isEqualTo(4);
    assertThat(jsonl("github.com/acme/gadgets", "", k, null).status()).isEqualTo(422);
    Resp blank = jsonl("github.com/acme/gadgets", "\n\n", k, "application/json");
    assertThat(blank.status()).isEqualTo(200);
    assertThat(blank.get("issues_synced").asInt()).isZero();
  }

  @Test
  void staleUploadIsAConflict() {
    String k = key();
    jsonl("github.com/acme/gadgets", S4, k, null);
    Resp r = server.post("/v1/beads/upload", Map.of("repo", "github.com/acme/gadgets", "issues",
        List.of(Map.of("id", "sm-2", "updated_at", "2026-01-01T00:00:00Z"))), k);
    assertThat(r.get("conflicts").toString()).isEqualTo("[\"sm-2\"]");
    assertThat(r.get("conflicts_count").asInt()).isEqualTo(1);
  }

  @Test
  void statusAndTypeFiltersAcceptAnyWellFormedValue() {
    String k = key();
    assertThat(server.get("/v1/beads/issues?status=hooked,pinned", k).status()).isEqualTo(200);
    Resp bad = server.get("/v1/beads/issues?status=Open!", k);
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.detail()).isEqualTo("Invalid status: Open!");
    assertThat(server.get("/v1/beads/issues?type=message", k).status()).isEqualTo(200);
  }

  @Test
  void searchMatchesLiterallyAndByIdPrefix() {
    String k = key();
    jsonl("github.com/acme/gadgets", "{\"id\":\"q-1\",\"title\":\"Reach 100% coverage\"}\n"
        + "{\"id\":\"q-2\",\"title\":\"Handle 1000 users\"}\n" + S4, k, null);
    Resp r = server.get("/v1/beads/issues?q=100%25", k);
    assertThat(r.get("count").asInt()).isEqualTo(1);
    assertThat(r.get("issues").get(0).path("bead_id").asText()).isEqualTo("q-1");
    Resp ids = server.get("/v1/beads/issues?q=SM-", k);
    assertThat(ids.get("count").asInt()).isEqualTo(4);
  }

  @Test
  void paginationHasNoGapsOnEqualTimestamps() {
    String k = key();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      sb.append("{\"id\":\"pg-").append(i).append("\",\"updated_at\":\"2026-03-01T00:00:00Z\"}\n");
    }
    jsonl("github.com/acme/gadgets", sb.toString(), k, null);
    Set<String> seen = new HashSet<>();
    List<Integer> sizes = new ArrayList<>();
    String cursor = null;
    do {
      Resp r = server.get("/v1/beads/issues?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), k);
      sizes.add(r.get("issues").size());
      r.get("issues").forEach(i -> seen.add(i.path("bead_id").asText()));
      cursor = r.get("next_cursor").isNull() ? null : r.get("next_cursor").asText();
    } while (cursor != null);
    assertThat(sizes).containsExactly(2, 2, 1);
    assertThat(seen).hasSize(5);
    String partial = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"sort_time\":\"2026-03-01T00:00:00Z\",\"priority\":0}".getBytes());
    Resp bad = server.get("/v1/beads/issues?cursor=" + partial, k);
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.detail()).isEqualTo("Invalid cursor: incomplete sort key (missing sort_time, priority, or bead_id)");
  }

  @Test
  void getFindsTheFirstRepoAndListsOthers() {
    String k = key();
    jsonl("github.com/example/smoke-demo", S4, k, null);
    jsonl("github.com/example/zeta", "{\"id\":\"sm-2\",\"title\":\"zeta two\"}\n", k, null);
    Resp r = server.get("/v1/beads/issues/sm-3", k);
    assertThat(r.get("description").asText()).isEqualTo("Docs body");
    assertThat(r.get("project_id").asText()).isNotEmpty();
    Resp two = server.get("/v1/beads/issues/sm-2", k);
    assertThat(two.get("repo").asText()).isEqualTo("github.com/example/smoke-demo");
    assertThat(two.get("also_in").toString()).isEqualTo("[{\"repo\":\"github.com/example/zeta\",\"branch\":\"main\"}]");
    Resp exact = server.get("/v1/beads/issues/sm-2?repo=github.com/example/zeta&branch=main", k);
    assertThat(exact.get("title").asText()).isEqualTo("zeta two");
    Resp missing = server.get("/v1/beads/issues/nope-1", k);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.detail()).isEqualTo("Issue not found");
    assertThat(server.get("/v1/beads/issues/sm-2?repo=bad%20repo", k).status()).isEqualTo(422);
  }

  @Test
  void readyValidatesAndIsScopedToTheProject() {
    String k = key();
    String other = key();
    jsonl("github.com/example/smoke-demo", S4, k, null);
    assertThat(server.get("/v1/beads/ready?workspace_id=not-a-uuid", k).status()).isEqualTo(422);
    assertThat(server.get("/v1/beads/ready?limit=0", k).status()).isEqualTo(422);
    assertThat(server.get("/v1/beads/ready", null).status()).isEqualTo(401);
    assertThat(server.get("/v1/beads/ready", k).get("count").asInt()).isEqualTo(1);
    assertThat(server.get("/v1/beads/ready", other).get("count").asInt()).isZero();
    assertThat(server.get("/v1/beads/issues", other).get("count").asInt()).isZero();
  }

  @Test
  void realExportGives99ReadyAnd14Blocked() throws Exception {
    String k = key();
    Resp up = jsonl("github.com/steveyegge/beads",
        Beads.text("beads-tracker-v0.49.6.jsonl"), k, null);
    assertThat(up.get("issues_synced").asInt()).isEqualTo(835);
    Resp ready = server.get("/v1/beads/ready?limit=1000", k);
    assertThat(ready.get("count").asInt()).isEqualTo(99);
    List<String> ids = new ArrayList<>();
    ready.get("issues").forEach(i -> ids.add(i.path("bead_id").asText()));
    assertThat(ids.subList(0, 5)).containsExactly("bd-0a43", "bd-1tw", "bd-4ec8", "bd-5qim", "bd-8g8");
    assertThat(ids.subList(96, 99)).containsExactly("bd-abjw", "bd-mql4", "bd-nl2");
    Resp open = server.get("/v1/beads/issues?status=open&limit=200", k);
    assertThat(open.get("count").asInt()).isEqualTo(116);
    List<String> blocked = new ArrayList<>();
    for (JsonNode i : open.get("issues")) {
      if (i.path("blocked").asBoolean()) {
        blocked.add(i.path("bead_id").asText());
      }
    }
    assertThat(blocked).containsExactlyInAnyOrder("bd-05a8", "bd-4nqq", "bd-74w1", "bd-9g1z", "bd-b3og", "bd-b6xo",
        "bd-dhza", "bd-ork0", "bd-qioh", "bd-rgyd", "bd-n4td", "bd-o4qy", "bd-lfak", "bd-bvec");
    Resp bvec = server.get("/v1/beads/issues/bd-bvec", k);
    List<String> reasons = new ArrayList<>();
    bvec.get("blocked_reasons").forEach(r -> reasons.add(r.path("kind").asText() + ":" + r.path("target").path("bead_id").asText()));
    assertThat(reasons).containsExactly("blocks:bd-thgk", "blocks:bd-tvu3", "blocks:bd-n386", "blocks:bd-io8c",
        "blocks:bd-llfl", "blocks:bd-sh4c", "blocks:bd-fx7v", "blocks:bd-6sm6", "blocks:bd-m8ro", "blocks:bd-a15d");
  }

  @Test
  void composedFixturesGiveFourReadyAndSixBlocked() throws Exception {
    String k = key();
    jsonl("github.com/example/gastown", Beads.text("composed-rig.jsonl"), k, null);
    jsonl("github.com/example/town", Beads.text("composed-town.jsonl"), k, null);
    Resp all = server.get("/v1/beads/issues?limit=200", k);
    assertThat(all.get("count").asInt()).isEqualTo(25);
    Resp ready = server.get("/v1/beads/ready?limit=100", k);
    List<String> ids = new ArrayList<>();
    ready.get("issues").forEach(i -> ids.add(i.path("bead_id").asText()));
    assertThat(ids).containsExactlyInAnyOrder("gt-r4x9.2", "gt-k3m0", "gt-z9y7", "hq-c0a1");
    List<String> blocked = new ArrayList<>();
    all.get("issues").forEach(i -> {
      if (i.path("blocked").asBoolean()) {
        blocked.add(i.path("bead_id").asText());
      }
    });
    assertThat(blocked).containsExactlyInAnyOrder("gt-r4x9.3", "gt-r4x9.3.1", "gt-m5n6", "gt-w8t1", "gt-x2e7", "gt-z9y8");
    Resp w8t1 = server.get("/v1/beads/issues/gt-w8t1", k);
    assertThat(w8t1.get("blocked_reasons").get(0).path("detail").asText())
        .isEqualTo("waiting for all children of gt-r4x9 (2 not closed)");
  }
}
