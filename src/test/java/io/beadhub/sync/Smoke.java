package io.beadhub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The set-up of spec 40 §11: project P with alice and bob on R, project Q with carol. */
final class Smoke {
  static final String ORIGIN = "git@github.com:example/smoke-demo.git";
  static final String R = "github.com/example/smoke-demo";
  static final String S1 = "{\"id\": \"sm-1\", \"title\": \"Set up CI\", \"status\": \"open\", \"priority\": 1, \"issue_type\": \"task\", \"created_at\": \"2026-03-01T10:00:00Z\", \"updated_at\": \"2026-03-01T10:00:00Z\"}\n";
  static final String S2 = "{\"id\": \"sm-2\", \"title\": \"Fix login bug\", \"status\": \"in_progress\", \"priority\": 0, \"issue_type\": \"bug\", \"assignee\": \"alice-dev\", \"created_at\": \"2026-03-01T11:00:00Z\", \"updated_at\": \"2026-03-02T09:00:00Z\"}\n";
  static final String S3 = "{\"id\": \"sm-3\", \"title\": \"Write docs\", \"status\": \"open\", \"priority\": 2, \"issue_type\": \"task\", \"dependencies\": [{\"issue_id\": \"sm-3\", \"depends_on_id\": \"sm-1\", \"type\": \"blocks\", \"created_at\": \"2026-03-01T12:00:00Z\", \"created_by\": \"alice-dev\"}], \"created_at\": \"2026-03-01T12:00:00Z\", \"updated_at\": \"2026-03-01T12:00:00Z\"}\n";
  static final String S4L = "{\"id\": \"sm-4\", \"title\": \"Old cleanup\", \"status\": \"closed\", \"priority\": 3, \"issue_type\": \"chore\", \"created_at\": \"2026-02-20T08:00:00Z\", \"updated_at\": \"2026-02-21T08:00:00Z\", \"closed_at\": \"2026-02-21T08:00:00Z\"}\n";
  static final String S4 = S1 + S2 + S3 + S4L;

  record Agent(String key, String ws, String alias, String project) {
  }

  final TestServer server;
  final Agent alice;
  final Agent bob;
  final Agent carol;

  Smoke(TestServer server, String slug) {
    this.server = server;
    alice = init(slug, "alice-dev", "Alice", ORIGIN);
    bob = init(slug, "bob-rev", "Bob", ORIGIN);
    carol = init(slug + "-q", "carol-dev", "Carol", ORIGIN);
  }

  Agent init(String slug, String alias, String human, String origin) {
    Map<String, Object> b = new HashMap<>();
    b.put("project_slug", slug);
    b.put("alias", alias);
    b.put("human_name", human);
    b.put("repo_origin", origin);
    JsonNode r = server.init(b);
    return new Agent(r.path("api_key").asText(), r.path("workspace_id").asText(), alias, r.path("project_id").asText());
  }

  static Map<String, Object> body(Agent a, String mode, String jsonl, String command) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("workspace_id", a.ws());
    b.put("alias", a.alias());
    b.put("repo_origin", ORIGIN);
    b.put("sync_mode", mode);
    if (mode.equals("full")) {
      b.put("issues_jsonl", jsonl);
    } else if (jsonl != null) {
      b.put("changed_issues", jsonl);
    }
    if (command != null) {
      b.put("command_line", command);
    }
    return b;
  }

  Resp full(Agent a, String jsonl) {
    return server.post("/v1/bdh/sync", body(a, "full", jsonl, null), a.key());
  }

  Resp full(Agent a, String jsonl, String command) {
    return server.post("/v1/bdh/sync", body(a, "full", jsonl, command), a.key());
  }

  Resp incr(Agent a, String jsonl, String command) {
    return server.post("/v1/bdh/sync", body(a, "incremental", jsonl, command), a.key());
  }

  Resp deleted(Agent a, List<String> ids) {
    Map<String, Object> b = body(a, "incremental", null, null);
    b.put("deleted_ids", ids);
    return server.post("/v1/bdh/sync", b, a.key());
  }

  Resp preflight(Agent a, String command) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("workspace_id", a.ws());
    b.put("alias", a.alias());
    b.put("repo_origin", ORIGIN);
    b.put("command_line", command);
    return server.post("/v1/bdh/command", b, a.key());
  }

  static String rec(String id, String title, String status, String updated) {
    return "{\"id\": \"" + id + "\", \"title\": \"" + title + "\", \"status\": \"" + status
        + "\", \"updated_at\": \"" + updated + "\"}\n";
  }
}
