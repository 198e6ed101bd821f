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
 * Scenarios: {@code init}, {@code read} (authenticated GET /v1/agents/me), {@code introspect},
 * {@code ready} and {@code molecule-progress} (spec 60 §7: a project of 50,000 beads over 5 repos,
 * seeded once through upload-jsonl by the first set-up).
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
    int clients = 32;
    int seconds = 10;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--url" -> base = args[++i];
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
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
