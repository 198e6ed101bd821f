package io.beadhub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Beads;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 90 §5 checks 2 (another project sees nothing), 5 (ready/blocked), 6 (claims) and 7 (file locks). */
class McpBeadToolsTest {
  static final String ORIGIN = "https://github.com/steveyegge/beads.git";
  static final String REPO = "github.com/steveyegge/beads";
  static TestServer server;
  static JsonNode alice;
  static JsonNode bob;
  static JsonNode quinn;
  static McpHttp a;
  static McpHttp b;
  static McpHttp q;

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.start();
    alice = agent("beads-mcp", "alice");
    bob = agent("beads-mcp", "bob");
    quinn = agent("other-mcp", "quinn");
    Map<String, Object> sync = new LinkedHashMap<>();
    sync.put("workspace_id", alice.get("workspace_id").asText());
    sync.put("alias", "alice");
    sync.put("repo_origin", ORIGIN);
    sync.put("sync_mode", "full");
    sync.put("issues_jsonl", Beads.text("beads-tracker-v0.49.6.jsonl"));
    Resp r = server.post("/v1/bdh/sync", sync, key(alice));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    a = McpHttp.open(server, key(alice));
    b = McpHttp.open(server, key(bob));
    q = McpHttp.open(server, key(quinn));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonNode agent(String project, String alias) {
    return server.init(Map.of("project_slug", project, "alias", alias, "human_name", alias, "repo_origin", ORIGIN));
  }

  static String key(JsonNode agent) {
    return agent.get("api_key").asText();
  }

  static List<String> ids(JsonNode issues) {
    List<String> out = new ArrayList<>();
    issues.forEach(i -> out.add(i.get("bead_id").asText()));
    return out;
  }

  @Test
  void readyAndBlockedMatchTheRestViewsAfterASyncOfTheRealFixture() {
    // include_claimed: the claim checks of this class may hold one of them when this runs
    JsonNode ready = a.ok("get_ready_issues", Map.of("limit", 10_000, "include_claimed", true));
    JsonNode blocked = a.ok("get_blocked_issues", Map.of("limit", 200));
    assertThat(ready.get("count").asInt()).isEqualTo(99);
    assertThat(blocked.get("count").asInt()).isEqualTo(14);
    JsonNode restReady = server.get("/v1/beads/ready?limit=10000&include_claimed=true", key(alice)).json();
    JsonNode restBlocked = server.get("/v1/beads/blocked?limit=200", key(alice)).json();
    assertThat(ids(ready.get("issues"))).containsExactlyElementsOf(ids(restReady.get("issues")));
    assertThat(ids(blocked.get("issues"))).containsExactlyElementsOf(ids(restBlocked.get("issues")));
    blocked.get("issues").forEach(i -> assertThat(i.get("blocked_reasons").size()).isPositive());
    assertThat(a.ok("get_ready_issues", Map.of()).get("count").asInt()).isEqualTo(10);
  }

  @Test
  void getIssueAnswersTheRestDetailAndTheIssueResource() {
    JsonNode issue = a.ok("get_issue", Map.of("bead_id", "bd-bvec"));
    assertThat(issue.get("blocked").asBoolean()).isTrue();
    assertThat(issue.get("blocked_reasons").size()).isEqualTo(10);
    assertThat(issue).isEqualTo(server.get("/v1/beads/issues/bd-bvec", key(alice)).json());
    assertThat(a.error("get_issue", Map.of("bead_id", "bd-nope"))).isEqualTo("Issue not found");
    JsonNode read = a.call("resources/read", Map.of("uri", "beadhub://issues/bd-bvec"));
    assertThat(read.path("result").path("contents").path(0).path("text").asText()).contains("\"bead_id\":\"bd-bvec\"");
    JsonNode missing = a.call("resources/read", Map.of("uri", "beadhub://issues/bd-nope"));
    assertThat(missing.path("error").path("code").asInt()).isEqualTo(-32002);
  }

  @Test
  void aClaimHeldByAnotherIsRefusedNamingTheHolderAndTakenOnceReleased() {
    String bead = a.ok("get_ready_issues", Map.of("limit", 1)).get("issues").get(0).get("bead_id").asText();
    JsonNode claimed = a.ok("claim_issue", Map.of("bead_id", bead));
    assertThat(claimed.get("repo").asText()).isEqualTo(REPO);
    assertThat(claimed.get("state").asText()).isEqualTo("active");
    assertThat(b.error("claim_issue", Map.of("bead_id", bead))).contains(bead + " is being worked on by alice");
    assertThat(b.error("release_issue", Map.of("bead_id", bead))).contains("alice");
    JsonNode claims = server.get("/v1/claims?bead_id=" + bead, key(bob)).json().get("claims");
    assertThat(claims).hasSize(1);
    assertThat(claims.get(0).get("alias").asText()).isEqualTo("alice");

    assertThat(a.ok("release_issue", Map.of("bead_id", bead)).get("released").asBoolean()).isTrue();
    assertThat(a.ok("release_issue", Map.of("bead_id", bead)).get("released").asBoolean()).isFalse();
    assertThat(b.ok("claim_issue", Map.of("bead_id", bead, "repo", REPO)).get("alias").asText()).isEqualTo("bob");
    assertThat(server.get("/v1/claims?bead_id=" + bead, key(bob)).json().get("claims").get(0).get("alias").asText())
        .isEqualTo("bob");
    assertThat(a.error("claim_issue", Map.of("bead_id", "bd-does-not-exist"))).startsWith("Issue not found");
  }

  @Test
  void reservingAFileHeldByAnotherNamesTheHolderTakesNothingAndReleaseFreesIt() {
    JsonNode mine = a.ok("reserve_files", Map.of("paths", List.of("src/a.txt", "src/b.txt"), "reason", "refactor"));
    assertThat(mine.get("count").asInt()).isEqualTo(2);
    String refused = b.error("reserve_files", Map.of("paths", List.of("src/c.txt", "src/b.txt")));
    assertThat(refused).contains("Reservation is already held").contains("holder_alias: alice");
    JsonNode listed = b.ok("list_reservations", Map.of("prefix", "src/"));
    assertThat(listed.get("count").asInt()).isEqualTo(2); // c.txt was not taken: all or none
    assertThat(listed.get("reservations").get(0).get("holder_alias").asText()).isEqualTo("alice");
    assertThat(b.error("release_files", Map.of("paths", List.of("src/a.txt")))).contains("held by another agent");

    a.ok("release_files", Map.of("paths", List.of("src/a.txt", "src/b.txt")));
    assertThat(b.ok("reserve_files", Map.of("paths", List.of("src/c.txt", "src/b.txt"))).get("count").asInt())
        .isEqualTo(2);
    assertThat(server.get("/v1/reservations?prefix=src/", key(alice)).json().get("count").asInt()).isEqualTo(2);
  }

  @Test
  void anotherProjectsKeySeesNoneOfThisProjectsData() {
    a.ok("reserve_files", Map.of("paths", List.of("secret/plan.md")));
    assertThat(q.ok("get_ready_issues", Map.of("limit", 10_000)).get("count").asInt()).isZero();
    assertThat(q.ok("get_blocked_issues", Map.of()).get("count").asInt()).isZero();
    assertThat(q.error("get_issue", Map.of("bead_id", "bd-bvec"))).isEqualTo("Issue not found");
    assertThat(q.ok("list_reservations", Map.of()).get("count").asInt()).isZero();
    assertThat(q.ok("list_agents", Map.of()).get("agents").toString()).doesNotContain("alice", "bob");
    assertThat(q.ok("status", Map.of()).toString()).doesNotContain("alice", "bob");
    assertThat(q.error("claim_issue", Map.of("bead_id", "bd-bvec"))).startsWith("Issue not found");
    JsonNode resource = q.call("resources/read", Map.of("uri", "beadhub://status"));
    assertThat(resource.toString()).doesNotContain("alice");
    McpHttp stolen = new McpHttp(server, key(quinn), a.session());
    assertThat(stolen.post(McpHttp.request("tools/list", null)).status()).isEqualTo(404);
  }
}
