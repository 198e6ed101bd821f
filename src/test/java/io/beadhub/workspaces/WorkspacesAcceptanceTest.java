package io.beadhub.workspaces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 30 §11 acceptance checks on workspaces, agents and repos (black box, over HTTP). */
class WorkspacesAcceptanceTest {
  static TestServer s;

  @BeforeAll
  static void start() {
    s = TestServer.start();
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  static List<String> ids(Resp r) {
    List<String> out = new ArrayList<>();
    r.get("workspaces").forEach(w -> out.add(w.path("workspace_id").asText()));
    return out;
  }

  static Map<String, Object> register(String ws, String alias) {
    return Map.of("workspace_id", ws, "alias", alias, "program", "claude-code", "branch", "main");
  }

  @Test
  void listShowsBothWorkspacesWithAll26Fields() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp r = s.get("/v1/workspaces", w.ka());
    assertThat(r.status()).isEqualTo(200);
    assertThat(ids(r)).containsExactlyInAnyOrder(w.wa(), w.wb());
    for (JsonNode item : r.get("workspaces")) {
      assertThat(item.size()).isEqualTo(26);
    }
    assertThat(r.get("has_more").asBoolean()).isFalse();
    assertThat(r.get("next_cursor").isNull()).isTrue();
  }

  @Test
  void listWithoutCredentialsIs401() {
    assertThat(s.get("/v1/workspaces", null).status()).isEqualTo(401);
  }

  @Test
  void hostnameFilterWithoutPresenceGivesExactlyWaOffline() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp r = s.get("/v1/workspaces?hostname=host-a&include_presence=false", w.kb());
    assertThat(ids(r)).containsExactly(w.wa());
    JsonNode item = r.get("workspaces").get(0);
    assertThat(item.path("workspace_path").asText()).isEqualTo("/tmp/a");
    assertThat(item.path("status").asText()).isEqualTo("offline");
  }

  @Test
  void badFiltersAre422() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp host = s.get("/v1/workspaces?hostname=host%01a", w.ka());
    assertThat(host.status()).isEqualTo(422);
    assertThat(host.detail()).isEqualTo("Invalid hostname: contains null bytes or control characters");
    Resp repo = s.get("/v1/workspaces?repo=not%20valid", w.ka());
    assertThat(repo.status()).isEqualTo(422);
    assertThat(repo.detail()).startsWith("Invalid repo format:");
    Resp alias = s.get("/v1/workspaces?alias=-bad", w.ka());
    assertThat(alias.status()).isEqualTo(422);
    assertThat(alias.detail()).startsWith("Invalid alias: ");
    assertThat(s.get("/v1/workspaces?limit=0", w.ka()).status()).isEqualTo(422);
    assertThat(s.get("/v1/workspaces?limit=201", w.ka()).status()).isEqualTo(422);
  }

  @Test
  void cursorPagingWalksBothWorkspaces() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp first = s.get("/v1/workspaces?limit=1", w.ka());
    assertThat(first.get("workspaces").size()).isEqualTo(1);
    assertThat(first.get("has_more").asBoolean()).isTrue();
    String cursor = first.get("next_cursor").asText();
    Resp second = s.get("/v1/workspaces?limit=1&cursor=" + cursor, w.ka());
    assertThat(second.get("workspaces").size()).isEqualTo(1);
    assertThat(second.get("has_more").asBoolean()).isFalse();
    List<String> both = new ArrayList<>(ids(first));
    both.addAll(ids(second));
    assertThat(both).containsExactlyInAnyOrder(w.wa(), w.wb());
  }

  @Test
  void garbageCursorIs422() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp r = s.get("/v1/workspaces?cursor=!!!", w.ka());
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.detail()).startsWith("Invalid cursor");
  }

  @Test
  void otherProjectSeesOnlyItsOwnWorkspace() {
    TwoProjects w = TwoProjects.workspaces(s);
    assertThat(ids(s.get("/v1/workspaces", w.kc()))).containsExactly(w.wc());
  }

  @Test
  void agentRegisterRefreshesPresenceAndListingShowsIt() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp r = s.post("/v1/agents/register", register(w.wa(), "alice-dev"), w.ka());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("agent").path("alias").asText()).isEqualTo("alice-dev");
    assertThat(r.json().path("agent").path("member").isNull()).isTrue();
    assertThat(r.json().path("workspace").path("workspace_id").asText()).isEqualTo(w.wa());
    JsonNode wa = find(s.get("/v1/workspaces", w.ka()), w.wa());
    assertThat(wa.path("status").asText()).isEqualTo("active");
    assertThat(wa.path("program").asText()).isEqualTo("claude-code");
    assertThat(wa.path("branch").asText()).isEqualTo("main");
    assertThat(wa.path("model").asText()).isEmpty();
    assertThat(wa.path("model").isTextual()).isTrue();
  }

  static JsonNode find(Resp r, String id) {
    for (JsonNode n : r.get("workspaces")) {
      if (n.path("workspace_id").asText().equals(id)) {
        return n;
      }
    }
    throw new AssertionError(id + " not in " + r);
  }

  @Test
  void agentRegisterIgnoresTheSentAlias() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp r = s.post("/v1/agents/register", register(w.wa(), "somebody-else"), w.ka());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("agent").path("alias").asText()).isEqualTo("alice-dev");
  }

  @Test
  void agentRegisterChecksBindingAndWorkspaceAccess() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp bound = s.post("/v1/agents/register", register(w.wa(), "alice-dev"), w.kb());
    assertThat(bound.status()).isEqualTo(403);
    assertThat(bound.detail()).isEqualTo("workspace_id does not match API key identity");
    Resp other = s.post("/v1/agents/register", Map.of("workspace_id", w.wc(), "alias", "x"), w.ka());
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.detail()).isEqualTo("Workspace not found or does not belong to your project");
    Resp missing = s.post("/v1/agents/register", Map.of("workspace_id", UUID.randomUUID().toString(), "alias", "x"),
        w.ka());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.detail()).isEqualTo("Workspace not found");
  }

  @Test
  void agentRegisterValidatesAndIgnoresUnknownFields() {
    TwoProjects w = TwoProjects.workspaces(s);
    assertThat(s.post("/v1/agents/register", Map.of("workspace_id", "nope", "alias", "a"), w.ka()).status())
        .isEqualTo(422);
    assertThat(s.post("/v1/agents/register", Map.of("workspace_id", w.wa(), "alias", "a", "ttl_seconds", 0), w.ka())
        .status()).isEqualTo(422);
    assertThat(s.post("/v1/agents/register", Map.of("workspace_id", w.wa(), "alias", "a", "ttl_seconds", 86401),
        w.ka()).status()).isEqualTo(422);
    assertThat(s.post("/v1/agents/register", Map.of("workspace_id", w.wa(), "alias", "a", "repo_id", "r",
        "hostname", "h"), w.ka()).status()).isEqualTo(200);
  }

  @Test
  void onlineListsRegisteredWorkspaceFromPresenceOnly() {
    TwoProjects w = TwoProjects.workspaces(s);
    s.post("/v1/agents/register", register(w.wa(), "alice-dev"), w.ka());
    Resp r = s.get("/v1/workspaces/online", w.kb());
    assertThat(ids(r)).containsExactly(w.wa());
    JsonNode item = r.get("workspaces").get(0);
    assertThat(item.path("project_id").isNull()).isTrue();
    assertThat(item.path("repo").isNull()).isTrue();
    assertThat(item.path("claims").size()).isZero();
    assertThat(item.path("status").asText()).isEqualTo("active");
  }

  @Test
  void agentsListShowsOnlineAndOfflineAgentsByAlias() {
    TwoProjects w = TwoProjects.workspaces(s);
    s.post("/v1/agents/register", register(w.wa(), "alice-dev"), w.ka());
    Resp r = s.get("/v1/agents", w.ka());
    JsonNode agents = r.get("agents");
    assertThat(agents.size()).isEqualTo(2);
    assertThat(agents.get(0).path("alias").asText()).isEqualTo("alice-dev");
    assertThat(agents.get(0).path("online").asBoolean()).isTrue();
    assertThat(agents.get(0).path("status").asText()).isEqualTo("active");
    assertThat(agents.get(1).path("alias").asText()).isEqualTo("bob-rev");
    assertThat(agents.get(1).path("online").asBoolean()).isFalse();
    assertThat(agents.get(1).path("status").asText()).isEqualTo("offline");
    assertThat(agents.get(1).path("last_seen").isNull()).isTrue();
    assertThat(r.json().has("namespace_slug")).isFalse();
  }

  @Test
  void suggestAliasPrefixByProjectSlug() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp r = s.post("/v1/agents/suggest-alias-prefix", Map.of("project_slug", w.pSlug()), null);
    assertThat(r.get("name_prefix").asText()).isEqualTo("charlie");
    Resp unknown = s.post("/v1/agents/suggest-alias-prefix", Map.of("project_slug", "unknown-proj-" + w.suffix()),
        null);
    assertThat(unknown.status()).isEqualTo(200);
    assertThat(unknown.get("project_id").isNull()).isTrue();
    assertThat(unknown.get("name_prefix").asText()).isEqualTo("alice");
    assertThat(s.post("/v1/agents/suggest-alias-prefix", Map.of("project_slug", "bad slug"), null).status())
        .isEqualTo(422);
  }

  @Test
  void suggestNamePrefixByOriginAnonymously() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp r = s.post("/v1/workspaces/suggest-name-prefix",
        Map.of("origin_url", "https://github.com/acme/widgets-" + w.suffix() + ".git"), null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("name_prefix").asText()).isEqualTo("charlie");
    assertThat(r.get("project_slug").asText()).isEqualTo(w.pSlug());
    assertThat(r.get("repo_id").asText()).isEqualTo(w.repoP());
    Resp unknown = s.post("/v1/workspaces/suggest-name-prefix",
        Map.of("origin_url", "https://github.com/acme/unknown-" + w.suffix()), null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.detail()).isEqualTo("Repo not registered: github.com/acme/unknown-" + w.suffix()
        + ". Run 'bdh :init' to register.");
    assertThat(s.post("/v1/workspaces/suggest-name-prefix", Map.of("origin_url", "nonsense"), null).status())
        .isEqualTo(422);
  }

  @Test
  void sameOriginInTwoProjectsIsAmbiguousAnonymouslyButNotWithAKey() {
    TwoProjects w = TwoProjects.workspaces(s);
    s.post("/v1/repos/ensure", Map.of("project_id", w.qId(), "origin_url", w.repoOrigin()), w.kc());
    Resp anon = s.post("/v1/workspaces/suggest-name-prefix", Map.of("origin_url", w.repoOrigin()), null);
    assertThat(anon.status()).isEqualTo(409);
    assertThat(anon.detail()).startsWith("Repo exists in multiple projects: " + w.pSlug() + ", " + w.qSlug() + ".");
    Resp withKey = s.post("/v1/workspaces/suggest-name-prefix", Map.of("origin_url", w.repoOrigin()), w.kc());
    assertThat(withKey.status()).isEqualTo(200);
    assertThat(withKey.get("project_slug").asText()).isEqualTo(w.qSlug());
  }

  @Test
  void workspaceRegisterUpdatesRoleOfTheCallersWorkspace() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp r = s.post("/v1/workspaces/register", Map.of("repo_origin", w.repoOrigin(), "role", "Back End",
        "hostname", "h", "workspace_path", "/w"), w.ka());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("created").asBoolean()).isFalse();
    assertThat(r.get("workspace_id").asText()).isEqualTo(w.wa());
    String role = s.sql().withHandle(h -> h.createQuery("SELECT role FROM server.workspaces WHERE workspace_id = "
        + "CAST(:id AS uuid)").bind("id", w.wa()).mapTo(String.class).one());
    assertThat(role).isEqualTo("back end");
  }

  @Test
  void workspaceRegisterRejectsAnotherRepoAndBadFields() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp other = s.post("/v1/workspaces/register", Map.of("repo_origin", "git@github.com:acme/other.git"), w.ka());
    assertThat(other.status()).isEqualTo(409);
    assertThat(other.detail()).isEqualTo("Workspace already registered for another repo");
    Resp role = s.post("/v1/workspaces/register", Map.of("repo_origin", w.repoOrigin(), "role", "a b c"), w.ka());
    assertThat(role.status()).isEqualTo(422);
    assertThat(role.msg()).contains("Invalid role");
    assertThat(s.post("/v1/workspaces/register", Map.of("repo_origin", w.repoOrigin(), "hostname", "a\u0000b"), w.ka())
        .status()).isEqualTo(422);
  }

  @Test
  void heartbeatStoresBranchAndTimezoneAndKeepsHumanName() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp r = s.post("/v1/workspaces/heartbeat", Map.of("workspace_id", w.wa(), "alias", "alice-dev",
        "repo_origin", "https://github.com/acme/widgets-" + w.suffix(), "current_branch", "feat",
        "timezone", "Europe/Madrid"), w.ka());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("ok").asBoolean()).isTrue();
    assertThat(r.get("workspace_id").asText()).isEqualTo(w.wa());
    JsonNode agent = s.get("/v1/status", w.ka()).get("agents").get(0);
    assertThat(agent.path("workspace_id").asText()).isEqualTo(w.wa());
    assertThat(agent.path("program").asText()).isEqualTo("bdh");
    assertThat(agent.path("timezone").asText()).isEqualTo("Europe/Madrid");
    assertThat(agent.path("current_branch").asText()).isEqualTo("feat");
    assertThat(s.get("/v1/workspaces/" + w.wa(), w.ka()).get("human_name").asText()).isEqualTo("Alice");
  }

  @Test
  void heartbeatMismatchesAreRejected() {
    TwoProjects w = TwoProjects.workspaces(s);
    String repo = "https://github.com/acme/widgets-" + w.suffix();
    Resp alias = s.post("/v1/workspaces/heartbeat", Map.of("workspace_id", w.wa(), "alias", "alice-other",
        "repo_origin", repo), w.ka());
    assertThat(alias.status()).isEqualTo(409);
    assertThat(alias.detail()).isEqualTo("Alias mismatch for workspace " + w.wa()
        + " (expected 'alice-dev', got 'alice-other'). Run 'bdh :init' to re-register.");
    Resp other = s.post("/v1/workspaces/heartbeat", Map.of("workspace_id", w.wa(), "alias", "alice-dev",
        "repo_origin", "https://github.com/acme/else"), w.ka());
    assertThat(other.status()).isEqualTo(400);
    assertThat(other.detail()).startsWith("Repo mismatch:");
    assertThat(s.post("/v1/workspaces/heartbeat", Map.of("workspace_id", w.wa(), "alias", "alice-dev",
        "repo_origin", repo, "timezone", "9bad"), w.ka()).status()).isEqualTo(422);
  }

  @Test
  void statusSnapshotOfAQuietProject() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp r = s.get("/v1/status", w.ka());
    assertThat(r.status()).isEqualTo(200);
    JsonNode ws = r.get("workspace");
    assertThat(ws.path("project_id").asText()).isEqualTo(w.pId());
    assertThat(ws.path("project_slug").asText()).isEqualTo(w.pSlug());
    assertThat(ws.path("workspace_count").asInt()).isEqualTo(2);
    assertThat(r.get("claims").size()).isZero();
    assertThat(r.get("conflicts").size()).isZero();
    assertThat(r.get("escalations_pending").asInt()).isZero();
    assertThat(r.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+00:00");
  }

  @Test
  void statusParametersAreValidated() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp other = s.get("/v1/status?workspace_id=" + w.wc(), w.ka());
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.detail()).isEqualTo("Workspace not found");
    Resp bad = s.get("/v1/status?workspace_id=xyz", w.ka());
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.detail()).isEqualTo("Invalid workspace_id format");
    assertThat(s.get("/v1/status?repo_id=short", w.ka()).status()).isEqualTo(422);
    Resp notUuid = s.get("/v1/status?repo_id=" + "x".repeat(36), w.ka());
    assertThat(notUuid.status()).isEqualTo(422);
    assertThat(notUuid.detail()).isEqualTo("Invalid repo_id format: expected UUID");
  }

  @Test
  void statusOfARepolessProjectIsEmptyEvenWhenOthersHoldClaims() {
    TwoProjects w = TwoProjects.workspaces(s);
    w.claim(s, w.wa(), "alice-dev", "bd-1");
    String key = s.init(Map.of("project_slug", "solo-" + w.suffix(), "alias", "solo")).path("api_key").asText();
    Resp r = s.get("/v1/status", key);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("workspace").path("workspace_count").asInt()).isZero();
    assertThat(r.get("workspace").path("project_slug").asText()).isEqualTo("solo-" + w.suffix());
    assertThat(r.get("claims").size()).isZero();
  }

  @Test
  void twoClaimantsOfOneBeadAreAConflict() {
    TwoProjects w = TwoProjects.workspaces(s);
    w.claim(s, w.wa(), "alice-dev", "bd-7");
    w.claim(s, w.wb(), "bob-rev", "bd-7");
    Resp r = s.get("/v1/status", w.ka());
    assertThat(r.get("claims").size()).isEqualTo(2);
    for (JsonNode c : r.get("claims")) {
      assertThat(c.path("claimant_count").asInt()).isEqualTo(2);
      assertThat(c.path("bead_id").asText()).isEqualTo("bd-7");
    }
    assertThat(r.get("conflicts").size()).isEqualTo(1);
    assertThat(r.get("conflicts").get(0).path("bead_id").asText()).isEqualTo("bd-7");
    assertThat(r.get("conflicts").get(0).path("claimants").size()).isEqualTo(2);
  }

  @Test
  void statusScopesItsClaimsAndShowsThemNewestFirst() {
    TwoProjects w = TwoProjects.workspaces(s);
    JsonNode d = s.init(Map.of("project_slug", w.pSlug(), "alias", "dave", "human_name", "Dave",
        "repo_origin", "git@github.com:acme/gadgets-" + w.suffix() + ".git"));
    String wd = d.path("workspace_id").asText();
    s.post("/v1/agents/register", register(w.wa(), "alice-dev"), w.ka());
    s.post("/v1/agents/register", register(w.wb(), "bob-rev"), w.kb());
    s.post("/v1/agents/register", register(wd, "dave"), d.path("api_key").asText());
    w.claim(s, w.wa(), "alice-dev", "bd-1", 30);
    w.claim(s, w.wb(), "bob-rev", "bd-1", 20);
    w.claim(s, w.wa(), "alice-dev", "bd-2", 10);
    w.claim(s, wd, "dave", "gd-9", 5);

    Resp all = s.get("/v1/status", w.ka());
    assertThat(all.get("workspace").path("workspace_count").asInt()).isEqualTo(3);
    assertThat(beads(all.get("claims"))).containsExactly("gd-9", "bd-2", "bd-1", "bd-1");
    assertThat(all.get("conflicts").size()).isEqualTo(1);
    JsonNode alice = null;
    for (JsonNode a : all.get("agents")) {
      if (a.path("workspace_id").asText().equals(w.wa())) {
        alice = a;
      }
    }
    assertThat(alice).isNotNull();
    assertThat(alice.path("current_issue").asText()).isEqualTo("bd-2");

    Resp repo = s.get("/v1/status?repo_id=" + w.repoP(), w.ka());
    assertThat(repo.get("workspace").path("workspace_count").asInt()).isEqualTo(2);
    assertThat(repo.get("workspace").path("repo_id").asText()).isEqualTo(w.repoP());
    assertThat(beads(repo.get("claims"))).containsExactly("bd-2", "bd-1", "bd-1");
    assertThat(repo.get("agents").size()).isEqualTo(2);

    Resp one = s.get("/v1/status?workspace_id=" + w.wa(), w.ka());
    assertThat(one.get("workspace").path("workspace_id").asText()).isEqualTo(w.wa());
    assertThat(beads(one.get("claims"))).containsExactly("bd-2", "bd-1");
    // the count is over the project: bob's claim on bd-1 is outside this workspace's snapshot
    assertThat(one.get("claims").get(1).path("claimant_count").asInt()).isEqualTo(2);
    assertThat(one.get("agents").size()).isEqualTo(1);
  }

  private static List<String> beads(JsonNode claims) {
    List<String> out = new ArrayList<>();
    claims.forEach(c -> out.add(c.path("bead_id").asText()));
    return out;
  }

  @Test
  void deletingAWorkspaceEndsItsAgentPresenceAndClaims() {
    TwoProjects w = TwoProjects.workspaces(s);
    s.post("/v1/agents/register", register(w.wb(), "bob-rev"), w.kb());
    w.claim(s, w.wb(), "bob-rev", "bd-3");
    Resp r = s.delete("/v1/workspaces/" + w.wb(), w.ka());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("workspace_id").asText()).isEqualTo(w.wb());
    assertThat(r.get("alias").asText()).isEqualTo("bob-rev");
    assertThat(r.get("deleted_at").asText()).endsWith("+00:00");
    assertThat(s.get("/v1/workspaces", w.kb()).status()).isEqualTo(401);
    assertThat(ids(s.get("/v1/workspaces/online", w.ka()))).doesNotContain(w.wb());
    assertThat(s.get("/v1/status", w.ka()).get("workspace").path("workspace_count").asInt()).isEqualTo(1);
    assertThat(ids(s.get("/v1/workspaces", w.ka()))).containsExactly(w.wa());
    JsonNode deleted = find(s.get("/v1/workspaces?include_deleted=true", w.ka()), w.wb());
    assertThat(deleted.path("deleted_at").isNull()).isFalse();
    int claims = s.sql().withHandle(h -> h.createQuery("SELECT count(*) FROM server.bead_claims WHERE workspace_id = "
        + "CAST(:id AS uuid)").bind("id", w.wb()).mapTo(Integer.class).one());
    assertThat(claims).isZero();
    s.eventsNumbered();
    List<String> events = s.sql().withHandle(h -> h.createQuery("SELECT type FROM server.events WHERE workspace_id = "
        + "CAST(:id AS uuid)").bind("id", w.wb()).mapTo(String.class).list());
    assertThat(events).containsExactly("bead.unclaimed");
  }

  @Test
  void deleteAgainOrElsewhereIs404AndMalformedIs422() {
    TwoProjects w = TwoProjects.workspaces(s);
    s.delete("/v1/workspaces/" + w.wb(), w.ka());
    Resp again = s.delete("/v1/workspaces/" + w.wb(), w.ka());
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.detail()).isEqualTo("Workspace " + w.wb() + " is already deleted");
    Resp other = s.delete("/v1/workspaces/" + w.wc(), w.ka());
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.detail()).isEqualTo("Workspace " + w.wc() + " not found");
    assertThat(s.delete("/v1/workspaces/not-a-uuid", w.ka()).status()).isEqualTo(422);
  }

  @Test
  void restoreOfALiveWorkspaceIs409AndOfAnotherIs403() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp live = s.post("/v1/workspaces/" + w.wa() + "/restore", null, w.ka());
    assertThat(live.status()).isEqualTo(409);
    assertThat(live.detail()).isEqualTo("Workspace " + w.wa() + " is already active (not deleted)");
    s.delete("/v1/workspaces/" + w.wb(), w.ka());
    Resp other = s.post("/v1/workspaces/" + w.wb() + "/restore", null, w.ka());
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.detail()).isEqualTo("workspace_id does not match API key identity");
  }

  @Test
  void getOneWorkspaceIsScopedToTheProject() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp r = s.get("/v1/workspaces/" + w.wa(), w.ka());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("claims").isArray()).isTrue();
    assertThat(r.json().size()).isEqualTo(26);
    Resp other = s.get("/v1/workspaces/" + w.wa(), w.kc());
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.detail()).isEqualTo("Workspace not found");
  }

  @Test
  void patchChangesMutableFieldsOnly() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp r = s.patch("/v1/workspaces/" + w.wa(), Map.of("role", "reviewer", "timezone", "UTC"), w.ka());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("role").asText()).isEqualTo("reviewer");
    Resp alias = s.patch("/v1/workspaces/" + w.wa(), Map.of("alias", "new"), w.ka());
    assertThat(alias.status()).isEqualTo(409);
    assertThat(alias.detail()).isEqualTo("alias is immutable");
    assertThat(s.patch("/v1/workspaces/" + w.wa(), Map.of("role", "x"), w.kb()).status()).isEqualTo(403);
  }

  @Test
  void theDatabaseEnforcesImmutableLinksAndUniqueAliases() {
    TwoProjects w = TwoProjects.workspaces(s);
    org.jdbi.v3.core.Jdbi sql = s.sql();
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> sql.useHandle(h -> h.execute(
        "UPDATE server.workspaces SET alias = 'x' WHERE workspace_id = ?::uuid", w.wa()))))
        .hasMessageContaining("alias is immutable");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> sql.useHandle(h -> h.execute(
        "UPDATE server.workspaces SET project_id = ?::uuid WHERE workspace_id = ?::uuid", w.qId(), w.wa()))))
        .hasMessageContaining("project_id is immutable");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> sql.useHandle(h -> h.execute("""
        INSERT INTO server.workspaces (workspace_id, project_id, repo_id, alias)
        VALUES (gen_random_uuid(), ?::uuid, ?::uuid, 'alice-dev')""", w.pId(), w.repoP()))))
        .hasMessageContaining("idx_unique_active_alias");
  }

  @Test
  void reposAreAuthenticatedAndScoped() {
    TwoProjects w = TwoProjects.workspaces(s);
    assertThat(s.get("/v1/repos", null).status()).isEqualTo(401);
    Resp r = s.get("/v1/repos", w.ka());
    assertThat(r.get("repos").size()).isEqualTo(1);
    JsonNode repo = r.get("repos").get(0);
    assertThat(repo.path("project_id").asText()).isEqualTo(w.pId());
    assertThat(repo.path("created_at").asText()).endsWith("Z");
    assertThat(repo.path("workspace_count").asInt()).isEqualTo(2);
    assertThat(s.get("/v1/repos?project_id=" + w.qId(), w.ka()).get("repos").size()).isZero();
  }

  @Test
  void ensureRepoChecksTheProject() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp other = s.post("/v1/repos/ensure", Map.of("project_id", w.qId(), "origin_url", w.repoOrigin()), w.ka());
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.detail()).isEqualTo("Project not found");
    assertThat(s.post("/v1/repos/ensure", Map.of("project_id", "x", "origin_url", w.repoOrigin()), w.ka()).status())
        .isEqualTo(422);
  }

  @Test
  void anonymousLookupOfARepoInTwoProjectsListsCandidates() {
    TwoProjects w = TwoProjects.workspaces(s);
    s.post("/v1/repos/ensure", Map.of("project_id", w.qId(), "origin_url", w.repoOrigin()), w.kc());
    Resp r = s.post("/v1/repos/lookup", Map.of("origin_url", w.repoOrigin()), null);
    assertThat(r.status()).isEqualTo(409);
    JsonNode d = r.get("detail");
    assertThat(d.path("message").asText()).isNotEmpty();
    assertThat(d.path("canonical_origin").asText()).isEqualTo(w.canonical());
    assertThat(d.path("candidates").size()).isEqualTo(2);
  }

  @Test
  void teamViewAlwaysIncludesTheAskedWorkspace() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp r = s.get("/v1/workspaces/team?always_include_workspace_id=" + w.wa()
        + "&include_claims=true&include_presence=true&limit=16&only_with_claims=false", w.ka());
    assertThat(r.status()).isEqualTo(200);
    assertThat(ids(r)).contains(w.wa());
    assertThat(r.get("has_more").asBoolean()).isFalse();
    Resp bad = s.get("/v1/workspaces/team?always_include_workspace_id=bad", w.ka());
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.detail()).isEqualTo("Invalid workspace_id format");
    Resp forced = s.get("/v1/workspaces/team?always_include_workspace_id=" + w.wb() + "&limit=1", w.ka());
    assertThat(ids(forced)).containsExactly(w.wb());
  }

  @Test
  void deletingARepoEndsItsWorkspacesAndTheirKeys() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp other = s.delete("/v1/repos/" + w.repoP(), w.kc());
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.detail()).isEqualTo("Repo not found");
    Resp r = s.delete("/v1/repos/" + w.repoP(), w.ka());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("workspaces_deleted").asInt()).isEqualTo(2);
    assertThat(s.get("/v1/workspaces", w.ka()).status()).isEqualTo(401);
    assertThat(s.get("/v1/workspaces", w.kb()).status()).isEqualTo(401);
  }
}
