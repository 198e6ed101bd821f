package io.beadhub.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.common.Json;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Loading the shared beads fixtures through the public upload route. */
final class Fixtures {
  static final String RIG = "github.com/example/gastown";
  static final String TOWN = "github.com/example/town";
  private static final Path DIR = io.beadhub.testing.SharedFixtures.beads();

  private Fixtures() {
  }

  static String text(String file) {
    try {
      return Files.readString(DIR.resolve(file));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Resp upload(TestServer s, String key, String repo, String jsonl) {
    Resp r = s.post("/v1/beads/upload-jsonl?repo=" + repo, jsonl, key);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r;
  }

  /** The lines of a fixture file as JSON objects. */
  static java.util.List<com.fasterxml.jackson.databind.JsonNode> records(String file) {
    java.util.List<com.fasterxml.jackson.databind.JsonNode> out = new java.util.ArrayList<>();
    for (String line : text(file).split("\n")) {
      if (!line.isBlank()) {
        out.add(io.beadhub.common.Json.tree(line));
      }
    }
    return out;
  }

  /** {@code POST /v1/beads/ephemeral} of a fixture file's records. */
  static Resp push(TestServer s, String key, String repo, String file, Integer ttl) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("repo", repo);
    body.put("records", records(file));
    if (ttl != null) {
      body.put("ttl_seconds", ttl);
    }
    return s.post("/v1/beads/ephemeral", body, key);
  }

  /** A full bdh sync of {@code jsonl} by a workspace (init response) whose origin is {@code origin}. */
  static Resp fullSync(TestServer s, com.fasterxml.jackson.databind.JsonNode ws, String origin, String jsonl,
                       String command) {
    Map<String, Object> b = new java.util.LinkedHashMap<>();
    b.put("workspace_id", ws.get("workspace_id").asText());
    b.put("alias", ws.get("alias").asText());
    b.put("repo_origin", origin);
    b.put("sync_mode", "full");
    b.put("issues_jsonl", jsonl);
    if (command != null) {
      b.put("command_line", command);
    }
    return s.post("/v1/bdh/sync", b, ws.get("api_key").asText());
  }

  static com.fasterxml.jackson.databind.JsonNode agent(TestServer s, String slug, String alias, String origin) {
    Map<String, Object> b = new java.util.HashMap<>();
    b.put("project_slug", slug);
    b.put("alias", alias);
    b.put("human_name", alias);
    b.put("repo_origin", origin);
    return s.init(b);
  }

  static String project(TestServer s, String slug) {
    return s.init(Map.of("project_slug", slug)).get("api_key").asText();
  }
}
