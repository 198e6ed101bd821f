package io.beadhub.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seeds a running server with a small, realistic project so a newcomer sees a populated server in
 * seconds: three agents in two repos, beads synced as bdh would, a claim, mail, a chat and a lock.
 * It speaks only the public HTTP API, exactly as the clients do.
 */
public final class Demo {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String project;

  public Demo(String base, String project) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.project = project;
  }

  /** A seeded agent: its init answer and key. */
  record Agent(String alias, String key, String workspaceId, String repoOrigin) {
  }

  /** Seeds the project; returns the coordinator's key (its dashboard link is printed), or null when already seeded. */
  public String run() throws Exception {
    String api = "git@github.com:acme/widgets-api.git";
    String web = "git@github.com:acme/widgets-web.git";
    Agent coord = init("coord", "Cora", "coordinator", api, "/srv/demo/widgets-api-coord");
    if (coord == null) {
      // The server mints no key for an existing alias without that agent's key: a seeded project stays as it is.
      say("project %s is already seeded (its agent coord exists); nothing to do. --project <slug> seeds another.",
          project);
      return null;
    }
    Agent dev1 = init("alice-dev", "Alice", "developer", api, "/srv/demo/widgets-api-alice");
    Agent dev2 = init("bob-dev", "Bob", "developer", web, "/srv/demo/widgets-web-bob");
    say("agents: %s, %s, %s in project %s", coord.alias, dev1.alias, dev2.alias, project);

    String apiIssues = String.join("\n",
        issue("wa-1", "Ship the v2 widgets API", "epic", "open", 1, null),
        issue("wa-2", "Add pagination to GET /widgets", "feature", "open", 2, "wa-1"),
        issue("wa-3", "Fix 500 on empty widget name", "bug", "open", 1, "wa-1"),
        issue("wa-4", "Document the v2 endpoints", "task", "open", 3, "wa-1")) + "\n";
    sync(dev1, "full", "issues_jsonl", apiIssues, "create Fix 500 on empty widget name -t bug");
    String webIssues = String.join("\n",
        issue("ww-1", "Widgets page uses v2 API", "feature", "open", 2, null),
        issue("ww-2", "Empty state for the widget list", "task", "open", 3, null)) + "\n";
    sync(dev2, "full", "issues_jsonl", webIssues, "create Widgets page uses v2 API -t feature");
    say("beads synced: 4 in widgets-api, 2 in widgets-web");

    String claimed = issue("wa-3", "Fix 500 on empty widget name", "bug", "in_progress", 1, "wa-1");
    sync(dev1, "incremental", "changed_issues", claimed, "update wa-3 --status in_progress");
    say("alice-dev claimed wa-3");

    post("/v1/messages", Map.of("to_alias", dev1.alias, "subject", "Pagination",
        "body", "When wa-3 is done, can you take wa-2? Web needs it for ww-1.", "priority", "high"), coord.key);
    post("/v1/messages", Map.of("to_alias", dev2.alias, "subject", "API v2",
        "body", "The v2 list endpoint lands this week; stub it for now."), coord.key);
    say("mail: 2 messages from coord");

    post("/v1/chat/sessions", Map.of("to_aliases", List.of(dev1.alias),
        "message", "Is the empty-name fix a validation error (422) or a default name?"), dev2.key);
    say("chat: bob-dev asked alice-dev a question");

    lock(dev1, "src/widgets/handlers.py", "fixing wa-3");
    say("lock: alice-dev holds src/widgets/handlers.py");

    post("/v1/agents/register", Map.of("workspace_id", dev1.workspaceId, "alias", dev1.alias,
        "program", "claude-code", "branch", "fix/wa-3"), dev1.key);
    post("/v1/agents/register", Map.of("workspace_id", dev2.workspaceId, "alias", dev2.alias,
        "program", "codex", "branch", "main"), dev2.key);
    say("presence: alice-dev and bob-dev online");

    post("/v1/escalations", Map.of("workspace_id", coord.workspaceId, "alias", coord.alias,
        "subject", "Ship v2 without pagination?",
        "situation", "wa-2 (pagination) is not started; web needs the v2 list this week. Ship v2 now and add"
            + " pagination in v2.1, or hold the release?",
        "options", List.of("ship now", "wait for pagination"), "expires_in_hours", 48), coord.key);
    say("escalation: coord asks a human whether to ship v2 without pagination");
    say("");
    say("Try:  curl -s %s/v1/status -H 'Authorization: Bearer %s'", base, coord.key);
    say("Dashboard (as bdh :dashboard prints it):  %s/#api_key=%s", base, coord.key);
    return coord.key;
  }

  /** Acquire, or renew when this agent already holds it (a second demo run on the same server). */
  private void lock(Agent a, String path, String reason) throws Exception {
    HttpResponse<String> r = send("/v1/reservations", Map.of("resource_key", path, "ttl_seconds", 3600,
        "metadata", Map.of("reason", reason)), a.key);
    if (r.statusCode() == 409 && a.alias.equals(Json.tree(r.body()).path("holder_alias").asText())) {
      post("/v1/reservations/renew", Map.of("resource_key", path, "ttl_seconds", 3600), a.key);
    } else {
      check("/v1/reservations", r);
    }
  }

  /** The new agent; null when the alias already exists in the project (a second run). */
  private Agent init(String alias, String human, String role, String origin, String path) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("project_slug", project);
    body.put("alias", alias);
    body.put("human_name", human);
    body.put("role", role);
    body.put("repo_origin", origin);
    body.put("hostname", "demo-host-" + alias);
    body.put("workspace_path", path);
    HttpResponse<String> sent = send("/v1/init", body, null);
    if (sent.statusCode() == 409 && sent.body().contains("alias_exists")) {
      return null;
    }
    JsonNode r = Json.tree(check("/v1/init", sent).body());
    return new Agent(alias, r.path("api_key").asText(), r.path("workspace_id").asText(), origin);
  }

  private void sync(Agent a, String mode, String field, String jsonl, String commandLine) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workspace_id", a.workspaceId);
    body.put("alias", a.alias);
    body.put("repo_origin", a.repoOrigin);
    body.put("sync_mode", mode);
    body.put(field, jsonl);
    body.put("command_line", commandLine);
    body.put("sync_protocol_version", 0);
    post("/v1/bdh/sync", body, a.key);
  }

  private static String issue(String id, String title, String type, String status, int priority, String parent) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("title", title);
    m.put("status", status);
    m.put("priority", priority);
    m.put("issue_type", type);
    m.put("created_at", "2026-11-23T09:00:00Z");
    m.put("updated_at", "2026-11-23T09:30:00Z");
    if (parent != null) {
      m.put("dependencies", List.of(Map.of("issue_id", id, "depends_on_id", parent, "type", "parent-child",
          "created_at", "2026-11-23T09:00:00Z", "created_by", "demo")));
    }
    return Json.string(m);
  }

  private JsonNode post(String path, Object body, String key) throws Exception {
    return Json.tree(check(path, send(path, body, key)).body());
  }

  private HttpResponse<String> send(String path, Object body, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.string(body)));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new DemoFailed("cannot reach " + base + " (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); is the server running?");
    }
  }

  private static HttpResponse<String> check(String path, HttpResponse<String> r) {
    if (r.statusCode() / 100 != 2) {
      throw new DemoFailed(path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r;
  }

  /** A seeding step failed; the message is meant for the user (no stack trace). */
  public static final class DemoFailed extends RuntimeException {
    DemoFailed(String message) {
      super(message);
    }
  }

  private static void say(String fmt, Object... args) {
    System.out.println(args.length == 0 ? fmt : String.format(fmt, args));
  }
}
