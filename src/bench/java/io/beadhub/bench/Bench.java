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
 * Scenarios: {@code init}, {@code read} (authenticated GET /v1/agents/me), {@code introspect}.
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
