package io.beadhub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.http.Json;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sync benchmark (spec 40 §1.10): prints figures, never fails. Run with
 * {@code java -cp target/classes:target/test-classes:<deps> io.beadhub.bench.SyncBench}.
 */
public final class SyncBench {
  private SyncBench() {
  }

  public static void main(String[] args) throws Exception {
    List<String> real = Files.readAllLines(Path.of("/work/shared/fixtures/beads/beads-tracker-v0.49.6.jsonl"));
    try (TestServer server = TestServer.start()) {
      for (int size : new int[] {1_000, 10_000}) {
        List<Long> full = new ArrayList<>();
        for (int run = 0; run < 8; run++) {
          Map<String, String> a = init(server, "bench-" + size + "-" + run);
          String jsonl = issues(real, size, "");
          long t = System.nanoTime();
          Resp r = sync(server, a, "full", jsonl, null);
          long ms = (System.nanoTime() - t) / 1_000_000;
          check(r);
          if (run >= 3) {
            full.add(ms);
          }
          if (size == 10_000 && run == 7) {
            String changed = issues(real, size, "x");
            String mixed = mix(jsonl, changed, 1_000);
            long t2 = System.nanoTime();
            check(sync(server, a, "full", mixed, null));
            System.out.printf("full re-sync of 10000 with 1000 changed: %d ms%n", (System.nanoTime() - t2) / 1_000_000);
            List<Long> inc = new ArrayList<>();
            String[] lines = jsonl.split("\n");
            for (int i = 0; i < 103; i++) {
              StringBuilder sb = new StringBuilder();
              for (int j = 0; j < 10; j++) {
                ObjectNode o = (ObjectNode) Json.tree(lines[(i * 10 + j) % lines.length]);
                o.put("title", "inc " + i);
                o.put("updated_at", "2027-01-01T00:00:" + String.format("%02d", i % 60) + "." + i + "Z");
                sb.append(o).append('\n');
              }
              long t3 = System.nanoTime();
              check(sync(server, a, "incremental", sb.toString(), null));
              if (i >= 3) {
                inc.add((System.nanoTime() - t3) / 1_000);
              }
            }
            long[] s = inc.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("incremental 10 changed into 10000: p50 %.1f ms, p95 %.1f ms%n", s[s.length / 2] / 1000.0,
                s[(int) (s.length * 0.95)] / 1000.0);
            long t4 = System.nanoTime();
            int n = 500;
            for (int i = 0; i < n; i++) {
              Map<String, Object> b = new LinkedHashMap<>();
              b.put("workspace_id", a.get("ws"));
              b.put("alias", a.get("alias"));
              b.put("repo_origin", "git@github.com:bench/repo.git");
              b.put("command_line", "update bd-" + i + " --status in_progress");
              check(server.post("/v1/bdh/command", b, a.get("key")));
            }
            System.out.printf("pre-flight (sequential, one client): %.0f requests/s%n",
                n / ((System.nanoTime() - t4) / 1e9));
          }
        }
        long[] s = full.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("full sync of %d issues into an empty repo: median %d ms (runs %s)%n", size, s[s.length / 2],
            Arrays.toString(s));
      }
    }
  }

  static void check(Resp r) {
    if (r.status() != 200) {
      throw new IllegalStateException(r.toString());
    }
  }

  static Map<String, String> init(TestServer server, String slug) {
    Map<String, Object> b = new HashMap<>();
    b.put("project_slug", slug);
    b.put("alias", "bench-dev");
    b.put("repo_origin", "git@github.com:bench/repo.git");
    JsonNode r = server.init(b);
    return Map.of("key", r.path("api_key").asText(), "ws", r.path("workspace_id").asText(), "alias", "bench-dev");
  }

  static Resp sync(TestServer server, Map<String, String> a, String mode, String jsonl, String cmd) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("workspace_id", a.get("ws"));
    b.put("alias", a.get("alias"));
    b.put("repo_origin", "git@github.com:bench/repo.git");
    b.put("sync_mode", mode);
    b.put(mode.equals("full") ? "issues_jsonl" : "changed_issues", jsonl);
    if (cmd != null) {
      b.put("command_line", cmd);
    }
    return server.post("/v1/bdh/sync", b, a.get("key"));
  }

  /** {@code size} records shaped like the real export, ids renamed to be unique. */
  static String issues(List<String> real, int size, String suffix) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < size; i++) {
      ObjectNode o = (ObjectNode) Json.tree(real.get(i % real.size()));
      o.put("id", "bd-" + i);
      o.put("title", o.path("title").asText() + suffix);
      if (!suffix.isEmpty()) {
        o.put("updated_at", "2027-01-01T00:00:00Z");
      }
      o.remove("dependencies");
      sb.append(o).append('\n');
    }
    return sb.toString();
  }

  static String mix(String base, String changed, int count) {
    String[] a = base.split("\n");
    String[] b = changed.split("\n");
    for (int i = 0; i < count; i++) {
      a[i] = b[i];
    }
    return String.join("\n", a) + "\n";
  }
}
