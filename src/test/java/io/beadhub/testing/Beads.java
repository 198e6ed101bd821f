package io.beadhub.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Beads test data and the routes that load it: the shared fixture files, the smoke demo of spec 40
 * §11 (sm-1…sm-4 on {@link #SMOKE_REPO}), and bdh syncs, uploads and ephemeral pushes of them.
 */
public final class Beads {
  /** The repos of the shared fixture files. */
  public static final String RIG = "github.com/example/gastown";
  public static final String TOWN = "github.com/example/town";
  /** What a workspace on {@link #RIG} registers as its origin. */
  public static final String RIG_ORIGIN = "https://github.com/example/gastown.git";

  public static final String SMOKE_ORIGIN = "git@github.com:example/smoke-demo.git";
  public static final String SMOKE_REPO = "github.com/example/smoke-demo";
  public static final String S1 = "{\"id\": \"sm-1\", \"title\": \"Set up CI\", \"status\": \"open\", \"priority\": 1, \"issue_type\": \"task\", \"created_at\": \"2026-03-01T10:00:00Z\", \"updated_at\": \"2026-03-01T10:00:00Z\"}\n";
  public static final String S2 = "{\"id\": \"sm-2\", \"title\": \"Fix login bug\", \"status\": \"in_progress\", \"priority\": 0, \"issue_type\": \"bug\", \"assignee\": \"alice-dev\", \"created_at\": \"2026-03-01T11:00:00Z\", \"updated_at\": \"2026-03-02T09:00:00Z\"}\n";
  public static final String S3 = "{\"id\": \"sm-3\", \"title\": \"Write docs\", \"status\": \"open\", \"priority\": 2, \"issue_type\": \"task\", \"dependencies\": [{\"issue_id\": \"sm-3\", \"depends_on_id\": \"sm-1\", \"type\": \"blocks\", \"created_at\": \"2026-03-01T12:00:00Z\", \"created_by\": \"alice-dev\"}], \"created_at\": \"2026-03-01T12:00:00Z\", \"updated_at\": \"2026-03-01T12:00:00Z\"}\n";
  public static final String S4L = "{\"id\": \"sm-4\", \"title\": \"Old cleanup\", \"status\": \"closed\", \"priority\": 3, \"issue_type\": \"chore\", \"created_at\": \"2026-02-20T08:00:00Z\", \"updated_at\": \"2026-02-21T08:00:00Z\", \"closed_at\": \"2026-02-21T08:00:00Z\"}\n";
  /** All four smoke issues, one JSONL text. */
  public static final String S4 = S1 + S2 + S3 + S4L;

  private Beads() {
  }

  /**
   * Where the shared fixture files are: {@code BEADHUB_FIXTURES} if set, else {@code shared/} beside
   * the repository (as in every clone, CI included), else the workplace's {@code /work/shared}.
   */
  public static Path dir() {
    String env = System.getenv("BEADHUB_FIXTURES");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    Path beside = Path.of("").toAbsolutePath().resolveSibling("shared").resolve("fixtures/beads");
    return Files.isDirectory(beside) ? beside : Path.of("/work/shared/fixtures/beads");
  }

  public static Path file(String name) {
    return dir().resolve(name);
  }

  /** A fixture file's text. */
  public static String text(String name) {
    try {
      return Files.readString(file(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines of a fixture file as JSON objects. */
  public static List<JsonNode> records(String name) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : text(name).split("\n")) {
      if (!line.isBlank()) {
        out.add(Json.tree(line));
      }
    }
    return out;
  }

  /** One JSONL line with just an id, title, status and updated_at. */
  public static String rec(String id, String title, String status, String updated) {
    return "{\"id\": \"" + id + "\", \"title\": \"" + title + "\", \"status\": \"" + status
        + "\", \"updated_at\": \"" + updated + "\"}\n";
  }

  /** {@code POST /v1/beads/upload-jsonl} (asserting 200). */
  public static Resp upload(TestServer s, String key, String repo, String jsonl) {
    Resp r = s.post("/v1/beads/upload-jsonl?repo=" + repo, jsonl, key);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r;
  }

  /** {@code POST /v1/beads/ephemeral} of a fixture file's records; {@code ttl} null leaves the default. */
  public static Resp push(TestServer s, String key, String repo, String file, Integer ttl) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("repo", repo);
    body.put("records", records(file));
    if (ttl != null) {
      body.put("ttl_seconds", ttl);
    }
    return s.post("/v1/beads/ephemeral", body, key);
  }

  /**
   * The body of a bdh sync by {@code a} from its own repo: {@code jsonl} is the whole file in full
   * mode, the changed lines (if any) in incremental mode; {@code command} null sends none.
   */
  public static Map<String, Object> syncBody(Agent a, String mode, String jsonl, String command) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("workspace_id", a.workspaceId());
    b.put("alias", a.alias());
    b.put("repo_origin", a.repoOrigin());
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

  public static Resp full(TestServer s, Agent a, String jsonl) {
    return full(s, a, jsonl, null);
  }

  public static Resp full(TestServer s, Agent a, String jsonl, String command) {
    return s.post("/v1/bdh/sync", syncBody(a, "full", jsonl, command), a.key());
  }

  public static Resp incremental(TestServer s, Agent a, String jsonl, String command) {
    return s.post("/v1/bdh/sync", syncBody(a, "incremental", jsonl, command), a.key());
  }

  /** An incremental sync that only deletes {@code ids}. */
  public static Resp deleted(TestServer s, Agent a, List<String> ids) {
    Map<String, Object> b = syncBody(a, "incremental", null, null);
    b.put("deleted_ids", ids);
    return s.post("/v1/bdh/sync", b, a.key());
  }

  /** {@code POST /v1/bdh/command}: the pre-flight check of a bd command line. */
  public static Resp preflight(TestServer s, Agent a, String command) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("workspace_id", a.workspaceId());
    b.put("alias", a.alias());
    b.put("repo_origin", a.repoOrigin());
    b.put("command_line", command);
    return s.post("/v1/bdh/command", b, a.key());
  }
}
