package io.beadhub.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP benchmark for a running beadhub (not a test; never fails a build). N virtual-thread clients
 * loop on one scenario for a fixed time; prints requests/s, p50 and p99 per scenario.
 *
 * <pre>java src/bench/java/io/beadhub/bench/Bench.java --url http://127.0.0.1:8000 --clients 32 --seconds 10 [scenario…]</pre>
 * Scenarios: {@code init}, {@code read} (authenticated GET /v1/agents/me), {@code introspect}, and the
 * beads sync ones of spec 40 §1.10 (see {@link SyncScenarios}): {@code sync-full-1k}, {@code sync-full-10k}
 * (a full sync in which every row changed), {@code sync-same-10k} (nothing changed), {@code sync-load-10k}
 * (init + the first full sync into an empty project), {@code sync-incr-10} (10 changed issues into a
 * repo of 10,000) and {@code preflight} ({@code POST /v1/bdh/command}). Run the sync scenarios with
 * {@code --clients 1}: the figure is then the server time of one sync (loopback transfer included).
 * Issues are the tracker export of {@code --fixture} (default the shared fixtures), copied with
 * renamed ids to the size needed; without the file, synthetic records.
 * Runs only JDK classes, so it starts from source with no build.
 */
public final class Bench {
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
  static String base = "http://127.0.0.1:8000";
  static final AtomicInteger SEQ = new AtomicInteger();
  static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

  /** One scenario: a set-up (once per client) and a request (each loop). */
  interface Scenario {
    Object setUp(int client) throws Exception;

    /** Sends one request; returns the HTTP status. */
    int request(Object state) throws Exception;
  }

  static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

  static {
    SCENARIOS.put("init", new Scenario() {
      public Object setUp(int client) {
        return client;
      }

      public int request(Object state) throws Exception {
        int n = SEQ.incrementAndGet();
        return post("/v1/init", "{\"project_slug\":\"bench-init-" + RUN + "\",\"alias\":\"a" + n + "\"}", null).statusCode();
      }
    });
    SCENARIOS.put("read", new Scenario() {
      public Object setUp(int client) throws Exception {
        return key("bench-read-" + RUN, "reader-" + client);
      }

      public int request(Object key) throws Exception {
        return get("/v1/agents/me", (String) key).statusCode();
      }
    });
    SCENARIOS.put("introspect", new Scenario() {
      public Object setUp(int client) throws Exception {
        return key("bench-read-" + RUN, "intro-" + client);
      }

      public int request(Object key) throws Exception {
        return get("/v1/auth/introspect", (String) key).statusCode();
      }
    });
    SyncScenarios.register(SCENARIOS);
  }

  public static void main(String[] args) throws Exception {
    int clients = 32;
    int seconds = 10;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--url" -> base = args[++i];
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--fixture" -> SyncScenarios.fixture = java.nio.file.Path.of(args[++i]);
        default -> names.add(args[i]);
      }
    }
    if (names.isEmpty()) {
      names.addAll(SCENARIOS.keySet());
    }
    System.out.printf("%-14s %8s %10s %9s %9s %7s%n", "scenario", "clients", "req/s", "p50 ms", "p99 ms", "errors");
    for (String name : names) {
      Scenario s = SCENARIOS.get(name);
      if (s == null) {
        System.err.println("unknown scenario " + name + "; known: " + SCENARIOS.keySet());
        System.exit(2);
      }
      run(name, s, clients, seconds);
    }
  }

  static void run(String name, Scenario s, int clients, int seconds) throws Exception {
    Object[] states = new Object[clients];
    for (int c = 0; c < clients; c++) {
      states[c] = s.setUp(c);
    }
    // Warm-up: a quarter of the time, not recorded.
    loop(s, states, Math.max(1, seconds / 4), null);
    long[][] lat = new long[clients][];
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    loop(s, states, seconds, new Recorder(lat, errors));
    double elapsed = (System.nanoTime() - start) / 1e9;
    long[] all = Arrays.stream(lat).flatMapToLong(Arrays::stream).sorted().toArray();
    System.out.printf("%-14s %8d %10.0f %9.2f %9.2f %7d%n", name, clients, all.length / elapsed,
        pct(all, 0.50) / 1e6, pct(all, 0.99) / 1e6, errors.get());
  }

  record Recorder(long[][] lat, AtomicLong errors) {
  }

  static void loop(Scenario s, Object[] states, int seconds, Recorder rec) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < states.length; c++) {
        int client = c;
        ex.submit(() -> {
          long[] buf = new long[1 << 16];
          int n = 0;
          while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            int status;
            try {
              status = s.request(states[client]);
            } catch (Exception e) {
              status = -1;
            }
            long dt = System.nanoTime() - t0;
            if (rec != null) {
              if (status < 200 || status >= 300) {
                rec.errors().incrementAndGet();
              }
              if (n == buf.length) {
                buf = Arrays.copyOf(buf, n * 2);
              }
              buf[n++] = dt;
            }
          }
          if (rec != null) {
            rec.lat()[client] = Arrays.copyOf(buf, n);
          }
          return null;
        });
      }
    }
  }

  static long pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
  }

  // ---- helpers shared by scenarios --------------------------------------------------------------

  static String key(String project, String alias) throws Exception {
    return field(post("/v1/init", "{\"project_slug\":\"" + project + "\",\"alias\":\"" + alias + "\"}", null).body(),
        "api_key");
  }

  static HttpResponse<String> get(String path, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(String path, String body, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A top-level string field of a JSON object (enough for ids and keys). */
  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return m.group(1);
  }
}

/** The beads sync scenarios: per-client projects, payloads built once in set-up. */
final class SyncScenarios {
  static java.nio.file.Path fixture = java.nio.file.Path.of("/work/shared/fixtures/beads/beads-tracker-v0.49.6.jsonl");
  static final String ORIGIN = "git@github.com:bench/sync.git";
  static List<String> base;

  private SyncScenarios() {
  }

  /** A client's project: its key and workspace, and what its requests send. */
  static final class State {
    String key;
    String ws;
    String[] bodies;
    int n;
    List<String> lines;
  }

  static void register(Map<String, Bench.Scenario> out) {
    out.put("sync-full-1k", full(1_000, true));
    out.put("sync-full-10k", full(10_000, true));
    out.put("sync-same-10k", full(10_000, false));
    out.put("sync-load-10k", new Bench.Scenario() {
      public Object setUp(int client) {
        State st = new State();
        st.bodies = new String[] {issues(10_000, "")};
        return st;
      }

      public int request(Object state) throws Exception {
        State st = (State) state;
        project(st, "bench-load-" + Bench.RUN + "-" + Bench.SEQ.incrementAndGet());
        return Bench.post("/v1/bdh/sync", body(st, "full", st.bodies[0]), st.key).statusCode();
      }
    });
    out.put("sync-incr-10", new Bench.Scenario() {
      public Object setUp(int client) throws Exception {
        State st = new State();
        project(st, "bench-incr-" + Bench.RUN + "-" + client);
        String all = issues(10_000, "");
        check(Bench.post("/v1/bdh/sync", body(st, "full", all), st.key));
        st.lines = List.of(all.split("\n"));
        return st;
      }

      public int request(Object state) throws Exception {
        State st = (State) state;
        int i = st.n++;
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < 10; j++) {
          String line = st.lines.get((i * 10 + j) % st.lines.size());
          sb.append(line.replaceFirst("\"title\":\"", "\"title\":\"inc " + i + " ")).append('\n');
        }
        return Bench.post("/v1/bdh/sync", body(st, "incremental", sb.toString()), st.key).statusCode();
      }
    });
    out.put("preflight", new Bench.Scenario() {
      public Object setUp(int client) throws Exception {
        State st = new State();
        st.key = null;
        String r = Bench.post("/v1/init", "{\"project_slug\":\"bench-pre-" + Bench.RUN + "\",\"alias\":\"pre-" + client
            + "\",\"repo_origin\":\"" + ORIGIN + "\"}", null).body();
        st.key = Bench.field(r, "api_key");
        st.ws = Bench.field(r, "workspace_id");
        st.n = client * 1_000;
        return st;
      }

      public int request(Object state) throws Exception {
        State st = (State) state;
        String cmd = "update bd-" + (st.n++ % 1_000_000) + " --status in_progress";
        return Bench.post("/v1/bdh/command", "{\"workspace_id\":\"" + st.ws + "\",\"alias\":\"x\",\"repo_origin\":\""
            + ORIGIN + "\",\"command_line\":\"" + cmd + "\"}", st.key).statusCode();
      }
    });
  }

  /** Full syncs of {@code size} issues; {@code changing}: the requests alternate two titles, so every row changes. */
  static Bench.Scenario full(int size, boolean changing) {
    return new Bench.Scenario() {
      public Object setUp(int client) throws Exception {
        State st = new State();
        project(st, "bench-full-" + size + "-" + changing + "-" + Bench.RUN + "-" + client);
        st.bodies = new String[] {body(st, "full", issues(size, "")), body(st, "full", issues(size, "v2 "))};
        long t = System.nanoTime();
        check(Bench.post("/v1/bdh/sync", st.bodies[0], st.key));
        System.out.printf("  (client %d: first full sync of %d into an empty repo %.0f ms)%n", client, size,
            (System.nanoTime() - t) / 1e6);
        return st;
      }

      public int request(Object state) throws Exception {
        State st = (State) state;
        String b = st.bodies[changing ? ++st.n % 2 : 0];
        return Bench.post("/v1/bdh/sync", b, st.key).statusCode();
      }
    };
  }

  static void check(java.net.http.HttpResponse<String> r) {
    if (r.statusCode() != 200) {
      throw new IllegalStateException(r.statusCode() + " " + r.body());
    }
  }

  static void project(State st, String slug) throws Exception {
    String r = Bench.post("/v1/init", "{\"project_slug\":\"" + slug + "\",\"alias\":\"bench-dev\",\"repo_origin\":\""
        + ORIGIN + "\"}", null).body();
    st.key = Bench.field(r, "api_key");
    st.ws = Bench.field(r, "workspace_id");
  }

  static String body(State st, String mode, String jsonl) {
    return "{\"workspace_id\":\"" + st.ws + "\",\"alias\":\"bench-dev\",\"repo_origin\":\"" + ORIGIN
        + "\",\"sync_mode\":\"" + mode + "\",\"" + (mode.equals("full") ? "issues_jsonl" : "changed_issues") + "\":"
        + quote(jsonl) + "}";
  }

  /**
   * {@code size} tracker-shaped records: copy k of the export has its {@code bd-} ids renamed to
   * {@code bd-c<k>…} (dependencies included, so the edge graph is kept); {@code titlePrefix} marks a variant.
   */
  static synchronized String issues(int size, String titlePrefix) {
    if (base == null) {
      try {
        base = java.nio.file.Files.readAllLines(fixture).stream().filter(l -> !l.isBlank()).toList();
      } catch (java.io.IOException e) {
        base = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          base.add("{\"id\":\"bd-s" + i + "\",\"title\":\"Synthetic issue " + i + "\",\"description\":\"Body " + i
              + "\",\"status\":\"" + (i % 5 == 0 ? "open" : "closed") + "\",\"priority\":" + (i % 4)
              + ",\"issue_type\":\"task\",\"updated_at\":\"2026-01-01T00:00:00Z\"" + (i > 0 && i % 3 == 0
              ? ",\"dependencies\":[{\"issue_id\":\"bd-s" + i + "\",\"depends_on_id\":\"bd-s" + (i - 1)
              + "\",\"type\":\"blocks\"}]" : "") + "}");
        }
      }
    }
    StringBuilder sb = new StringBuilder(size * 1200);
    for (int i = 0; i < size; i++) {
      String line = base.get(i % base.size()).replace("\"bd-", "\"bd-c" + (i / base.size()));
      if (!titlePrefix.isEmpty()) {
        line = line.replaceFirst("\"title\":\"", "\"title\":\"" + titlePrefix);
      }
      sb.append(line).append('\n');
    }
    return sb.toString();
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + s.length() / 8 + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
