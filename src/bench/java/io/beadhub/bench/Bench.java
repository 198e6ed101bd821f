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
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP benchmark for a running beadhub (not a test; never fails a build). N virtual-thread clients
 * loop on one scenario for a fixed time; prints requests/s, p50 and p99 per scenario.
 *
 * <pre>java src/bench/java/io/beadhub/bench/Bench.java --url http://127.0.0.1:8000 --clients 32 --seconds 10 [--pause-ms 0] [scenario…]</pre>
 * Throughput scenarios: {@code init}, {@code read} (authenticated GET /v1/agents/me), {@code introspect},
 * {@code attention} (GET /v1/attention in a project of 10,000 messages),
 * {@code mail-send}, {@code inbox} (GET /v1/messages/inbox?limit=50 of a 50-message inbox), {@code mcp-inbox}
 * (the same inbox through the MCP tool {@code fetch_inbox}, one MCP session per client),
 * {@code lock} (acquire a new key each time), {@code status} (GET /v1/status, 20 agents with presence),
 * {@code ready} and {@code molecule-progress} (spec 60 §7: a project of 50,000 beads over 5 repos,
 * seeded once through upload-jsonl by the first set-up).
 * Beads sync scenarios of spec 40 §1.10 (see {@link SyncScenarios}): {@code sync-full-1k}, {@code sync-full-10k}
 * (a full sync in which every row changed), {@code sync-same-10k} (nothing changed), {@code sync-1k-of-10k}
 * (10,000 of which 1,000 changed), {@code sync-load-10k} (init + the first full sync into an empty project),
 * {@code sync-incr-10} (10 issues whose titles changed, into a repo of 10,000), {@code sync-incr-10-status}
 * (the same with their status changed too) and {@code preflight} ({@code POST /v1/bdh/command}). Run the
 * sync scenarios with {@code --clients 1}. The "srv" columns are the server's own time from its
 * {@code Server-Timing} header (for sync-load-10k: of the sync alone), what spec 40 §1.10 measures.
 * Their issues are the tracker export of {@code --fixture} (default the shared fixtures), copied with
 * renamed ids to the size needed; without the file, synthetic records.
 * Latency measurements (their own mode, no client loop): {@code chat-wake} (send → the waiting
 * stream's message event, 1,000 messages) and {@code sse-fanout} (1,000 open status streams, one
 * event: time until each received it). Runs only JDK classes, so it starts from source with no build.
 */
public final class Bench {
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
  static String base = "http://127.0.0.1:8000";
  /** The server this thread's connection goes to (the team model spreads agents over several). */
  static final ThreadLocal<String> TARGET = ThreadLocal.withInitial(() -> base);
  static final AtomicInteger SEQ = new AtomicInteger();
  /**
   * Pause of each client after each request ({@code --pause-ms}): spec 40 §1.10 times single syncs on a
   * quiet server, and a bulk sync leaves background work (statistics, search-index merge) behind it.
   */
  static long pauseMs;
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
    SCENARIOS.put("mail-send", new Scenario() {
      public Object setUp(int client) throws Exception {
        String project = "bench-mail-" + RUN;
        String key = key(project, "sender-" + client);
        key(project, "rcpt-" + client);
        return new String[] {key, "{\"to_alias\":\"rcpt-" + client + "\",\"subject\":\"bench\",\"body\":\"hello\"}"};
      }

      public int request(Object state) throws Exception {
        String[] s = (String[]) state;
        return post("/v1/messages", s[1], s[0]).statusCode();
      }
    });
    SCENARIOS.put("attention", new Scenario() {
      public Object setUp(int client) throws Exception {
        return attention("bench-attn-" + RUN, client);
      }

      public int request(Object key) throws Exception {
        return get("/v1/attention", (String) key).statusCode();
      }
    });
    SCENARIOS.put("inbox", new Scenario() {
      public Object setUp(int client) throws Exception {
        return inbox("bench-inbox-" + RUN, client);
      }

      public int request(Object key) throws Exception {
        return get("/v1/messages/inbox?limit=50", (String) key).statusCode();
      }
    });
    SCENARIOS.put("mcp-inbox", new Scenario() {
      public Object setUp(int client) throws Exception {
        String to = inbox("bench-mcp-inbox-" + RUN, client);
        String init = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}";
        Resp r = Conn.current().send("POST", "/mcp", init, to, MCP_HEADERS);
        if (r.statusCode() != 200) {
          throw new IllegalStateException("initialize: " + r.statusCode() + " " + r.body());
        }
        String session = MCP_SESSION.get();
        String headers = MCP_HEADERS + "Mcp-Session-Id: " + session + "\r\nMCP-Protocol-Version: 2025-06-18\r\n";
        Conn.current().send("POST", "/mcp", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", to,
            headers);
        return new String[] {to, headers};
      }

      public int request(Object state) throws Exception {
        String[] s = (String[]) state;
        Resp r = Conn.current().send("POST", "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":" + SEQ.incrementAndGet()
            + ",\"method\":\"tools/call\",\"params\":{\"name\":\"fetch_inbox\",\"arguments\":{\"limit\":50}}}",
            s[0], s[1]);
        return r.statusCode() == 200 && r.body().contains("\"isError\":true") ? 500 : r.statusCode();
      }
    });
    SCENARIOS.put("lock", new Scenario() {
      public Object setUp(int client) throws Exception {
        return new Object[] {key("bench-lock-" + RUN, "locker-" + client), new AtomicInteger()};
      }

      public int request(Object state) throws Exception {
        Object[] s = (Object[]) state;
        String body = "{\"resource_key\":\"src/f" + ((AtomicInteger) s[1]).incrementAndGet() + "-" + s[0].hashCode()
            + ".java\",\"ttl_seconds\":60}";
        return post("/v1/reservations", body, (String) s[0]).statusCode();
      }
    });
    SCENARIOS.put("status", new Scenario() {
      public Object setUp(int client) throws Exception {
        return statusTeam().get(client % STATUS_AGENTS);
      }

      public int request(Object key) throws Exception {
        return get("/v1/status", (String) key).statusCode();
      }
    });
  }

  static final int STATUS_AGENTS = 20;
  private static List<String> statusTeam;

  /** One project with 20 agents, each with a workspace on one repo and live presence. */
  static synchronized List<String> statusTeam() throws Exception {
    if (statusTeam == null) {
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < STATUS_AGENTS; i++) {
        String alias = "agent-" + i;
        String r = post("/v1/init", "{\"project_slug\":\"bench-status-" + RUN + "\",\"alias\":\"" + alias
            + "\",\"human_name\":\"Agent " + i + "\",\"repo_origin\":\"git@github.com:bench/status-" + RUN
            + ".git\",\"hostname\":\"host-" + i + "\"}", null).body();
        String key = field(r, "api_key");
        post("/v1/agents/register", "{\"workspace_id\":\"" + field(r, "workspace_id") + "\",\"alias\":\"" + alias
            + "\",\"program\":\"bench\",\"current_branch\":\"main\",\"timezone\":\"UTC\"}", key);
        keys.add(key);
      }
      statusTeam = keys;
    }
    return statusTeam;
  }

  /** Latency measurements: each runs on its own, once. */
  static final Map<String, Callable<String>> LATENCY = new LinkedHashMap<>();

  static {
    LATENCY.put("chat-wake", () -> chatWake(1000));
    LATENCY.put("sse-fanout", () -> sseFanout(1000));
    SyncScenarios.register(SCENARIOS);
    PreflightScenarios.register(SCENARIOS);
    SyncAddScenarios.register(SCENARIOS);
  }

  static {
    SCENARIOS.put("ready", new Scenario() {
      public Object setUp(int client) throws Exception {
        return DataPlaneSeed.key();
      }

      public int request(Object key) throws Exception {
        return get("/v1/beads/ready", (String) key).statusCode();
      }
    });
    SCENARIOS.put("molecule-progress", new Scenario() {
      public Object setUp(int client) throws Exception {
        return DataPlaneSeed.key();
      }

      public int request(Object key) throws Exception {
        int n = SEQ.incrementAndGet();
        String root = "b" + (n % DataPlaneSeed.REPOS) + "-m" + (n * 7919 % DataPlaneSeed.MOLECULES);
        return get("/v1/beads/molecules/" + root + "/progress?repo=" + DataPlaneSeed.repo(n % DataPlaneSeed.REPOS),
            (String) key).statusCode();
      }
    });
  }

  /**
   * The data-plane project: 5 repos × 500 molecules × (1 in-progress root + 19 steps) = 50,000 beads.
   * Step k blocks on step k-1; the first (m mod 20) steps are closed, so each molecule has one ready
   * step and the rest blocked; every 50th molecule's first step also blocks on the next repo's root
   * (a plain reference resolved by id prefix).
   */
  static final class DataPlaneSeed {
    static final int REPOS = 5;
    static final int MOLECULES = 500;
    static final int STEPS = 19;
    private static String key;

    static String repo(int r) {
      return "github.com/bench/dataplane-" + RUN + "-" + r;
    }

    static synchronized String key() throws Exception {
      if (key != null) {
        return key;
      }
      String k = Bench.key("bench-dp-" + RUN, "seeder");
      long t0 = System.nanoTime();
      for (int r = 0; r < REPOS; r++) {
        StringBuilder jsonl = new StringBuilder();
        for (int m = 0; m < MOLECULES; m++) {
          String root = "b" + r + "-m" + m;
          jsonl.append(line(root, "Molecule " + m, "in_progress", "epic", m % 5, m, ""));
          for (int s = 1; s <= STEPS; s++) {
            String id = root + "." + s;
            String status = s <= m % 20 ? "closed" : "open";
            StringBuilder deps = new StringBuilder("{\"issue_id\":\"" + id + "\",\"depends_on_id\":\"" + root
                + "\",\"type\":\"parent-child\"}");
            if (s > 1) {
              deps.append(",{\"issue_id\":\"").append(id).append("\",\"depends_on_id\":\"").append(root)
                  .append('.').append(s - 1).append("\",\"type\":\"blocks\"}");
            } else if (m % 50 == 0) {
              deps.append(",{\"issue_id\":\"").append(id).append("\",\"depends_on_id\":\"b")
                  .append((r + 1) % REPOS).append("-m").append(m).append("\",\"type\":\"blocks\"}");
            }
            jsonl.append(line(id, "Step " + s + " of " + m, status, "task", (m + s) % 5, m * 20 + s,
                ",\"dependencies\":[" + deps + "]" + (status.equals("closed")
                    ? ",\"closed_at\":\"2026-01-02T00:00:00Z\"" : "")));
          }
        }
        HttpResponse<String> resp = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/beads/upload-jsonl?repo="
                + repo(r))).POST(HttpRequest.BodyPublishers.ofString(jsonl.toString()))
            .header("Authorization", "Bearer " + k).header("Content-Type", "application/x-ndjson")
            .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) {
          throw new IllegalStateException("seed upload " + r + ": " + resp.statusCode() + " " + resp.body());
        }
      }
      System.err.printf("seeded %d beads over %d repos in %.1f s%n", REPOS * MOLECULES * (STEPS + 1), REPOS,
          (System.nanoTime() - t0) / 1e9);
      settle(k);
      key = k;
      return k;
    }

    /**
     * The spec measures a warm system: after a bulk load PostgreSQL plans with stale statistics until
     * autovacuum analyzes the new rows (about a minute). Wait for that, at most 180 s: until a ready
     * and a progress request both answer within 50 ms three times in a row.
     */
    private static void settle(String k) throws Exception {
      long t0 = System.nanoTime();
      int good = 0;
      while (good < 3 && System.nanoTime() - t0 < 180e9) {
        long a = System.nanoTime();
        get("/v1/beads/ready", k);
        get("/v1/beads/molecules/b0-m1/progress?repo=" + repo(0), k);
        good = System.nanoTime() - a < 50e6 ? good + 1 : 0;
        Thread.sleep(good > 0 ? 100 : 2000);
      }
      System.err.printf("settled after %.0f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static String line(String id, String title, String status, String type, int priority, int minute,
                               String extra) {
      String t = java.time.Instant.parse("2026-01-01T00:00:00Z").plusSeconds(minute * 60L).toString();
      return "{\"id\":\"" + id + "\",\"title\":\"" + title + "\",\"status\":\"" + status
          + "\",\"priority\":" + priority + ",\"issue_type\":\"" + type + "\",\"created_at\":\"" + t
          + "\",\"updated_at\":\"" + t + "\"" + extra + "}\n";
    }
  }

  public static void main(String[] args) throws Exception {
    if (java.util.Arrays.asList(args).contains("team")) {
      System.exit(Team.run(args));
    }
    int clients = 32;
    int seconds = 10;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--url" -> base = args[++i];
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--pause-ms" -> pauseMs = Long.parseLong(args[++i]);
        case "--fixture" -> SyncScenarios.fixture = java.nio.file.Path.of(args[++i]);
        default -> names.add(args[i]);
      }
    }
    if (names.isEmpty()) {
      names.addAll(SCENARIOS.keySet());
      names.addAll(LATENCY.keySet());
    }
    for (String name : names) {
      if (!SCENARIOS.containsKey(name) && !LATENCY.containsKey(name)) {
        System.err.println("unknown scenario " + name + "; known: " + SCENARIOS.keySet() + " " + LATENCY.keySet());
        System.exit(2);
      }
    }
    boolean header = false;
    for (String name : names) {
      Scenario s = SCENARIOS.get(name);
      if (s != null) {
        if (!header) {
          System.out.printf("%-14s %8s %10s %9s %9s %7s %9s %9s%n", "scenario", "clients", "req/s", "p50 ms", "p99 ms",
              "errors", "srv p50", "srv p99");
          header = true;
        }
        run(name, s, clients, seconds);
      }
    }
    for (String name : names) {
      if (LATENCY.containsKey(name)) {
        System.out.printf("%-14s %s%n", name, LATENCY.get(name).call());
      }
    }
    System.exit(0);
  }

  static void run(String name, Scenario s, int clients, int seconds) throws Exception {
    Object[] states = new Object[clients];
    for (int c = 0; c < clients; c++) {
      states[c] = s.setUp(c);
    }
    // Warm-up: a quarter of the time, not recorded.
    loop(s, states, Math.max(1, seconds / 4), null);
    long[][] lat = new long[clients][];
    long[][] server = new long[clients][];
    AtomicLong errors = new AtomicLong();
    Map<Integer, AtomicLong> failed = new java.util.concurrent.ConcurrentSkipListMap<>();
    long start = System.nanoTime();
    loop(s, states, seconds, new Recorder(lat, server, errors, failed));
    double elapsed = (System.nanoTime() - start) / 1e9;
    long[] all = Arrays.stream(lat).flatMapToLong(Arrays::stream).sorted().toArray();
    long[] srv = Arrays.stream(server).flatMapToLong(Arrays::stream).filter(x -> x >= 0).sorted().toArray();
    System.out.printf("%-14s %8d %10.0f %9.2f %9.2f %7d %9s %9s%n", name, clients, all.length / elapsed,
        pct(all, 0.50) / 1e6, pct(all, 0.99) / 1e6, errors.get(),
        srv.length == 0 ? "-" : String.format("%.2f", pct(srv, 0.50) / 1e6),
        srv.length == 0 ? "-" : String.format("%.2f", pct(srv, 0.99) / 1e6));
    if (!failed.isEmpty()) {
      System.out.println("  errors by status (-1: no answer): " + failed);
    }
  }

  /** Per client: round-trip latencies and the server's own times ({@code Server-Timing}; -1 when absent). */
  record Recorder(long[][] lat, long[][] server, AtomicLong errors, Map<Integer, AtomicLong> failed) {
  }

  static void loop(Scenario s, Object[] states, int seconds, Recorder rec) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < states.length; c++) {
        int client = c;
        ex.submit(() -> {
          long[] buf = new long[1 << 16];
          long[] srv = new long[1 << 16];
          int n = 0;
          while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            SERVER_NANOS.set(-1L);
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
                rec.failed().computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
              }
              if (n == buf.length) {
                buf = Arrays.copyOf(buf, n * 2);
                srv = Arrays.copyOf(srv, n * 2);
              }
              srv[n] = SERVER_NANOS.get();
              buf[n++] = dt;
            }
            if (pauseMs > 0) {
              Thread.sleep(pauseMs);
            }
          }
          if (rec != null) {
            rec.lat()[client] = Arrays.copyOf(buf, n);
            rec.server()[client] = Arrays.copyOf(srv, n);
          }
          return null;
        });
      }
    }
  }

  static long pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
  }

  // ---- latency measurements ---------------------------------------------------------------------

  /**
   * Chat wake: B waits on the session's stream; A sends in-session messages one at a time. Measured
   * from the send's 200 to B's {@code message} event, and from the send's start.
   */
  static String chatWake(int n) throws Exception {
    String project = "bench-chat-" + RUN;
    String a = key(project, "alice-dev");
    String b = key(project, "bob-rev");
    String session = field(post("/v1/chat/sessions", "{\"to_aliases\":[\"bob-rev\"],\"message\":\"start\"}", a).body(),
        "session_id");
    String deadline = java.time.Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    long[] afterResponse = new long[n];
    long[] fromStart = new long[n];
    try (Sse stream = new Sse("/v1/chat/sessions/" + session + "/stream?deadline=" + deadline, b)) {
      stream.next(10_000); // the replayed "start" message
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        post("/v1/chat/sessions/" + session + "/messages", "{\"body\":\"ping " + i + "\"}", a);
        long t1 = System.nanoTime();
        Sse.Frame f;
        do {
          f = stream.next(10_000);
        } while (f != null && !"message".equals(f.event()));
        long t2 = System.nanoTime();
        if (f == null) {
          return "stream ended or stalled after " + i + " messages";
        }
        afterResponse[i] = Math.max(0, t2 - t1);
        fromStart[i] = t2 - t0;
      }
    }
    Arrays.sort(afterResponse);
    Arrays.sort(fromStart);
    return String.format("%d msgs; 200 → event: p50 %.2f ms p99 %.2f ms; send start → event: p50 %.2f ms p99 %.2f ms",
        n, pct(afterResponse, 0.5) / 1e6, pct(afterResponse, 0.99) / 1e6, pct(fromStart, 0.5) / 1e6,
        pct(fromStart, 0.99) / 1e6);
  }

  /**
   * SSE fan-out: {@code n} streams on {@code /v1/status/stream} of one project; one mail to an agent
   * of that project; per stream, the time from the send's start until its {@code message.delivered}
   * data line arrived. Three rounds; the figures are of the last (the first warms up).
   */
  static String sseFanout(int n) throws Exception {
    String project = "bench-fanout-" + RUN;
    String init = post("/v1/init", "{\"project_slug\":\"" + project + "\",\"alias\":\"watched\",\"repo_origin\":"
        + "\"git@github.com:bench/fanout-" + RUN + ".git\"}", null).body();
    String watched = field(init, "api_key");
    String sender = key(project, "sender");
    List<Sse> streams = new ArrayList<>();
    String result = "";
    try {
      for (int i = 0; i < n; i++) {
        streams.add(new Sse("/v1/status/stream?event_types=message", watched));
      }
      for (Sse s : streams) {
        s.awaitOpen();
      }
      for (int round = 0; round < 3; round++) {
        long t0 = System.nanoTime();
        post("/v1/messages", "{\"to_alias\":\"watched\",\"subject\":\"fan-out\",\"body\":\"round " + round + "\"}",
            sender);
        long[] lat = new long[n];
        int missing = 0;
        for (int i = 0; i < n; i++) {
          Sse.Frame f;
          do {
            f = streams.get(i).next(10_000);
          } while (f != null && f.data() == null);
          if (f == null) {
            missing++;
            lat[i] = Long.MAX_VALUE;
          } else {
            lat[i] = f.at() - t0;
          }
        }
        Arrays.sort(lat);
        result = String.format("%d streams, one event: p50 %.2f ms p99 %.2f ms max %.2f ms, %d missing", n,
            pct(lat, 0.5) / 1e6, pct(lat, 0.99) / 1e6, lat[n - 1 - missing] / 1e6, missing);
      }
    } finally {
      streams.forEach(Sse::close);
    }
    return result;
  }

  /** A minimal SSE reader on a virtual thread: frames (event name, data, arrival time) into a queue. */
  static final class Sse implements AutoCloseable {
    record Frame(String event, String data, long at) {
    }

    private static final Frame END = new Frame(null, null, 0);
    private final java.util.concurrent.LinkedBlockingQueue<Frame> frames = new java.util.concurrent.LinkedBlockingQueue<>();
    private final java.util.concurrent.CompletableFuture<java.io.InputStream> body = new java.util.concurrent.CompletableFuture<>();

    Sse(String path, String key) {
      HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key).GET().build();
      Thread.ofVirtual().start(() -> {
        try {
          HttpResponse<java.io.InputStream> r = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
          body.complete(r.body());
          var in = new java.io.BufferedReader(new java.io.InputStreamReader(r.body(), java.nio.charset.StandardCharsets.UTF_8));
          String event = null;
          String data = null;
          for (String line; (line = in.readLine()) != null; ) {
            if (line.isEmpty()) {
              if (event != null || data != null) {
                frames.add(new Frame(event, data, System.nanoTime()));
              }
              event = null;
              data = null;
            } else if (line.startsWith("event: ")) {
              event = line.substring(7);
            } else if (line.startsWith("data: ")) {
              data = line.substring(6);
            }
          }
        } catch (Exception e) {
          body.completeExceptionally(e);
        } finally {
          frames.add(END);
        }
      });
    }

    void awaitOpen() throws Exception {
      body.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** The next frame, or null when the stream ended or nothing came in time. */
    Frame next(long timeoutMillis) throws InterruptedException {
      Frame f = frames.poll(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
      return f == END ? null : f;
    }

    @Override
    public void close() {
      body.thenAccept(in -> {
        try {
          in.close();
        } catch (java.io.IOException ignored) {
          // closing anyway
        }
      });
    }
  }

  // ---- helpers shared by scenarios --------------------------------------------------------------

  static String key(String project, String alias) throws Exception {
    return field(post("/v1/init", "{\"project_slug\":\"" + project + "\",\"alias\":\"" + alias + "\"}", null).body(),
        "api_key");
  }

  /** The key of an agent whose inbox holds 50 messages. */
  static String inbox(String project, int client) throws Exception {
    String from = key(project, "from-" + client);
    String to = key(project, "to-" + client);
    for (int i = 0; i < 50; i++) {
      post("/v1/messages", "{\"to_alias\":\"to-" + client + "\",\"subject\":\"s" + i
          + "\",\"body\":\"a message body of a realistic length, with a sentence or two of text in it.\"}", from);
    }
    return to;
  }

  /**
   * The key of an agent in a project holding 10,000 messages: 2,000 unread to it (a tenth urgent), the rest
   * to 20 other agents; and a chat waiting for it.
   */
  static String attention(String project, int client) throws Exception {
    String me = "me-" + client;
    String to = key(project, me);
    String from = key(project, "from-" + client);
    for (int i = 0; i < 20; i++) {
      key(project, "other-" + client + "-" + i);
    }
    for (int i = 0; i < 10_000; i++) {
      String rcpt = i % 5 == 0 ? me : "other-" + client + "-" + (i % 20);
      String priority = i % 50 == 0 ? "urgent" : "normal";
      post("/v1/messages", "{\"to_alias\":\"" + rcpt + "\",\"subject\":\"s" + i + "\",\"priority\":\""
          + priority + "\",\"body\":\"a message body of a realistic length, with a sentence or two in it.\"}", from);
    }
    post("/v1/chat/sessions", "{\"to_aliases\":[\"" + me + "\"],\"message\":\"ping\"}", from);
    return to;
  }

  static final String MCP_HEADERS = "Accept: application/json, text/event-stream\r\n";
  /** The {@code Mcp-Session-Id} of the last response on this thread that carried one. */
  static final ThreadLocal<String> MCP_SESSION = new ThreadLocal<>();

  /** The server's own time for the last response on this thread ({@code Server-Timing}), or -1. */
  static final ThreadLocal<Long> SERVER_NANOS = ThreadLocal.withInitial(() -> -1L);

  /** A response: status and body. */
  record Resp(int statusCode, String body) {
  }

  static Resp get(String path, String key) throws Exception {
    return Conn.current().send("GET", path, null, key);
  }

  static Resp post(String path, String body, String key) throws Exception {
    return Conn.current().send("POST", path, body, key);
  }

  /**
   * A minimal blocking HTTP/1.1 keep-alive client, one socket per thread. The JDK HttpClient costs
   * several times the server's CPU per request on this machine, which would measure the client.
   */
  static final class Conn {
    private static final ThreadLocal<Conn> CURRENT = new ThreadLocal<>();
    private final java.net.Socket socket;
    private final java.io.BufferedInputStream in;
    private final java.io.OutputStream out;
    private final String host;
    private boolean used;
    private boolean answered;

    private Conn() throws java.io.IOException {
      URI u = URI.create(TARGET.get());
      host = u.getHost() + ":" + u.getPort();
      socket = new java.net.Socket(u.getHost(), u.getPort());
      socket.setTcpNoDelay(true);
      in = new java.io.BufferedInputStream(socket.getInputStream(), 16384);
      out = new java.io.BufferedOutputStream(socket.getOutputStream(), 16384);
    }

    static Conn current() throws java.io.IOException {
      Conn c = CURRENT.get();
      if (c == null) {
        c = new Conn();
        CURRENT.set(c);
      }
      return c;
    }

    /**
     * One exchange. A kept-alive socket the server closed while idle fails before any response byte:
     * that request is sent again once on a new socket, as HTTP clients do.
     */
    Resp send(String method, String path, String body, String key) throws java.io.IOException {
      return send(method, path, body, key, "");
    }

    /** {@code headers}: more header lines, each ending in CRLF. */
    Resp send(String method, String path, String body, String key, String headers) throws java.io.IOException {
      boolean reused = used;
      used = true;
      answered = false;
      try {
        return exchange(method, path, body, key, headers);
      } catch (java.io.IOException e) {
        CURRENT.remove();
        socket.close();
        if (reused && !answered && e instanceof java.io.EOFException) {
          return current().send(method, path, body, key, headers);
        }
        throw e;
      }
    }

    private Resp exchange(String method, String path, String body, String key, String headers)
        throws java.io.IOException {
      byte[] payload = body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      StringBuilder h = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
          .append(host).append("\r\n");
      if (key != null) {
        h.append("Authorization: Bearer ").append(key).append("\r\n");
      }
      if (body != null) {
        h.append("Content-Type: application/json\r\nContent-Length: ").append(payload.length).append("\r\n");
      }
      h.append(headers);
      out.write(h.append("\r\n").toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      out.write(payload);
      out.flush();
      String status = line();
      answered = true;
      int code = Integer.parseInt(status.substring(9, 12));
      int length = -1;
      boolean chunked = false;
      boolean close = false;
      for (String l = line(); !l.isEmpty(); l = line()) {
        String lower = l.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Integer.parseInt(lower.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("connection:") && lower.contains("close")) {
          close = true;
        } else if (lower.startsWith("mcp-session-id:")) {
          MCP_SESSION.set(l.substring(15).trim());
        } else if (lower.startsWith("server-timing:") && lower.contains("dur=")) {
          String d = lower.substring(lower.indexOf("dur=") + 4).split("[;,\\s]")[0];
          SERVER_NANOS.set((long) (Double.parseDouble(d) * 1e6));
        }
      }
      java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(Math.max(length, 64));
      if (chunked) {
        for (int n = Integer.parseInt(line().trim(), 16); n > 0; n = Integer.parseInt(line().trim(), 16)) {
          buf.write(in.readNBytes(n));
          line();
        }
        line();
      } else if (length >= 0) {
        buf.write(in.readNBytes(length));
      }
      if (close) {
        CURRENT.remove();
        socket.close();
      }
      return new Resp(code, buf.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    private String line() throws java.io.IOException {
      StringBuilder sb = new StringBuilder(64);
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new java.io.EOFException("connection closed");
        }
        if (c != '\r') {
          sb.append((char) c);
        }
      }
      return sb.toString();
    }
  }

  /**
   * Incremental syncs that add new issues (what {@code bdh create} ends in): {@code sync-add-1-10k},
   * {@code sync-add-10-10k}, {@code sync-add-1-50k}, {@code sync-add-10-50k}; each request adds 1 or 10
   * issues never seen before (same id prefix as the repo) to a repo loaded with 10,000 or 50,000.
   */
  static final class SyncAddScenarios {
    private SyncAddScenarios() {
    }

    static void register(Map<String, Scenario> out) {
      for (int size : new int[] {10_000, 50_000}) {
        for (int added : new int[] {1, 10}) {
          out.put("sync-add-" + added + "-" + size / 1_000 + "k", adding(added, size));
        }
      }
    }

    static Scenario adding(int added, int size) {
      return new Scenario() {
        public Object setUp(int client) throws Exception {
          SyncScenarios.State st = new SyncScenarios.State();
          SyncScenarios.project(st, "bench-add-" + added + "-" + size + "-" + RUN + "-" + client);
          // Under the body limit: a full sync of the first 10,000, then incremental syncs of 10,000 each.
          String[] lines = SyncScenarios.issues(size, "").split("\n");
          for (int from = 0; from < lines.length; from += 10_000) {
            String chunk = String.join("\n", java.util.Arrays.copyOfRange(lines, from,
                Math.min(lines.length, from + 10_000))) + "\n";
            SyncScenarios.check(post("/v1/bdh/sync", SyncScenarios.body(st, from == 0 ? "full" : "incremental", chunk),
                st.key));
          }
          st.n = client * 1_000_000;
          return st;
        }

        public int request(Object state) throws Exception {
          SyncScenarios.State st = (SyncScenarios.State) state;
          StringBuilder sb = new StringBuilder();
          for (int j = 0; j < added; j++) {
            int i = st.n++;
            sb.append("{\"id\":\"bd-new").append(i).append("\",\"title\":\"New issue ").append(i)
                .append("\",\"description\":\"Created by the bench\",\"status\":\"open\",\"priority\":2,")
                .append("\"issue_type\":\"task\",\"created_at\":\"2026-01-01T00:00:00Z\",")
                .append("\"updated_at\":\"2026-01-01T00:00:00Z\"}\n");
          }
          return post("/v1/bdh/sync", SyncScenarios.body(st, "incremental", sb.toString()), st.key).statusCode();
        }
      };
    }
  }

  /** A top-level string field of a JSON object (enough for ids and keys). */
  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return m.group(1);
  }

  /**
   * Pre-flight scenarios (issue 22): {@code preflight-read} sends a command that claims nothing
   * ({@code list}) into a repo with a few claims; {@code preflight-claim} claims a new bead each request
   * (every answer approved, a pending claim written); the {@code -10k} variants run in a repo seeded
   * first with 10,000 pending claims (so every answer lists 200). Each run has its own project; one
   * workspace per client.
   */
  static final class PreflightScenarios {
    static final String ORIGIN = "git@github.com:bench/preflight.git";

    /** A client's workspace and the command it sends. */
    record Client(String key, String ws, String alias, int client, AtomicInteger n, boolean claims) {
    }

    private PreflightScenarios() {
    }

    static void register(Map<String, Scenario> out) {
      out.put("preflight-read", scenario(false, 0));
      out.put("preflight-read-10k", scenario(false, 10_000));
      out.put("preflight-claim", scenario(true, 0));
      out.put("preflight-claim-10k", scenario(true, 10_000));
    }

    static Scenario scenario(boolean claims, int seeded) {
      return new Scenario() {
        String slug;

        public Object setUp(int client) throws Exception {
          if (client == 0) {
            slug = "bench-pf-" + RUN + "-" + SEQ.incrementAndGet();
          }
          Client c = join(slug, client, claims);
          if (client == 0) {
            seed(c, seeded > 0 ? seeded : 3);
          }
          return c;
        }

        public int request(Object state) throws Exception {
          Client c = (Client) state;
          String command = c.claims() ? "update pc-" + c.client() + "-" + c.n().incrementAndGet() + " --status in_progress"
              : "list --status open";
          return post("/v1/bdh/command", body(c, command), c.key()).statusCode();
        }
      };
    }

    static Client join(String slug, int client, boolean claims) throws Exception {
      String alias = "pf-" + client;
      String r = post("/v1/init", "{\"project_slug\":\"" + slug + "\",\"alias\":\"" + alias
          + "\",\"human_name\":\"Agent " + client + "\",\"repo_origin\":\"" + ORIGIN + "\"}", null).body();
      return new Client(field(r, "api_key"), field(r, "workspace_id"), alias, client, new AtomicInteger(), claims);
    }

    /** {@code count} pending claims of {@code c} in the repo, 100 beads a pre-flight. */
    static void seed(Client c, int count) throws Exception {
      for (int from = 0; from < count; from += 100) {
        StringBuilder ids = new StringBuilder();
        for (int i = from; i < Math.min(count, from + 100); i++) {
          ids.append("seed-").append(i).append(' ');
        }
        Resp r = post("/v1/bdh/command", body(c, "update " + ids + "--status in_progress"), c.key());
        if (r.statusCode() != 200 || !r.body().contains("\"approved\":true")) {
          throw new IllegalStateException("seeding failed: " + r.statusCode() + " " + r.body());
        }
      }
    }

    static String body(Client c, String command) {
      return "{\"workspace_id\":\"" + c.ws() + "\",\"alias\":\"" + c.alias() + "\",\"repo_origin\":\"" + ORIGIN
          + "\",\"command_line\":\"" + command + "\"}";
    }
  }
}

/** The beads sync scenarios: per-client projects, payloads built once in set-up. */
final class SyncScenarios {
  static java.nio.file.Path fixture = java.nio.file.Path.of("").toAbsolutePath().resolveSibling("shared")
      .resolve("fixtures/beads/beads-tracker-v0.49.6.jsonl");
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
    out.put("sync-1k-of-10k", full(10_000, 1_000));
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
    out.put("sync-incr-10", incremental(false));
    out.put("sync-incr-10-status", incremental(true));
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

  /**
   * Incremental syncs of 10 changed issues into 10,000: {@code status} false changes their titles (text
   * only: no state to refresh), true also moves them to in_progress and back (the blocked-state refresh,
   * status events and claim releases of a {@code bd update --status} / {@code bd close}).
   */
  static Bench.Scenario incremental(boolean status) {
    return new Bench.Scenario() {
      public Object setUp(int client) throws Exception {
        State st = new State();
        project(st, "bench-incr-" + status + "-" + Bench.RUN + "-" + client);
        String all = issues(10_000, "");
        check(Bench.post("/v1/bdh/sync", body(st, "full", all), st.key));
        st.lines = List.of(all.split("\n"));
        return st;
      }

      public int request(Object state) throws Exception {
        State st = (State) state;
        int i = st.n++;
        int round = i / (st.lines.size() / 10);
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < 10; j++) {
          String line = st.lines.get((i * 10 + j) % st.lines.size());
          line = line.replaceFirst("\"title\":\"", "\"title\":\"inc " + i + " ");
          if (status && round % 2 == 0) {
            line = line.replaceFirst("\"status\":\"[a-z_]*\"", "\"status\":\"in_progress\"");
          }
          sb.append(line).append('\n');
        }
        return Bench.post("/v1/bdh/sync", body(st, "incremental", sb.toString()), st.key).statusCode();
      }
    };
  }

  /** Full syncs of {@code size} issues; {@code changing}: the requests alternate two titles, so every row changes. */
  static Bench.Scenario full(int size, boolean changing) {
    return full(size, changing ? size : 0);
  }

  /**
   * Full syncs of {@code size} issues of which {@code changed} changed: the requests alternate two
   * payloads whose first {@code changed} titles differ (spec 40 §1.10's "10,000 of which 1,000 changed").
   */
  static Bench.Scenario full(int size, int changed) {
    boolean changing = changed > 0;
    return new Bench.Scenario() {
      public Object setUp(int client) throws Exception {
        State st = new State();
        project(st, "bench-full-" + size + "-" + changed + "-" + Bench.RUN + "-" + client);
        String base = issues(size, "");
        String variant = issues(size, "v2 ");
        int cut = 0;
        for (int i = 0; i < changed; i++) {
          cut = variant.indexOf('\n', cut) + 1;
        }
        int baseCut = 0;
        for (int i = 0; i < changed; i++) {
          baseCut = base.indexOf('\n', baseCut) + 1;
        }
        st.bodies = new String[] {body(st, "full", base),
            body(st, "full", variant.substring(0, cut) + base.substring(baseCut))};
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

  static void check(Bench.Resp r) {
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
