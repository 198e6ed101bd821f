package io.beadhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beadhub.http.Router;
import io.beadhub.testing.Reliability;
import io.beadhub.testing.TestServer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: malformed requests on every route of the server's own route table (so a new route is
 * covered without touching this test) never get a 5xx, and every error answer is JSON with a
 * {@code detail}. Quick: ~1,500 requests; {@code -Preliability}: 12,000. The seed is printed (and named in a
 * failure); {@code -Dbeadhub.fuzz.seed=<n>} sends the same requests again (the same shapes and values; the
 * ids the server hands out differ).
 */
class FuzzTest {
  private static final String SECRET = "fuzz-secret";
  private static final int WORKERS = 4;
  private static final int FAILURES_SHOWN = 15;
  /** Error bodies echo the input, which may be nested as deep as the server allows, plus the envelope. */
  private static final ObjectMapper LENIENT = new ObjectMapper();

  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("BEADHUB_INTERNAL_AUTH_SECRET", SECRET, "BEADHUB_INIT_RATE_LIMIT", "1000000"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void malformedRequestsOnEveryRouteGetNo5xxAndAJsonDetail() throws Exception {
    long seed = Long.getLong("beadhub.fuzz.seed", new SecureRandom().nextLong());
    List<Router.Route> routes = server.routes();
    int total = Math.max(Reliability.scale(1_500, 12_000), routes.size() * 10);
    AtomicReference<FuzzInput.Identity> me = new AtomicReference<>(identity(0));
    AtomicInteger identities = new AtomicInteger(1);
    RawHttp http = new RawHttp(server.port());
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    Map<Integer, AtomicInteger> byStatus = new ConcurrentSkipListMap<>();

    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    for (int i = 0; i < total; i++) {
      int n = i;
      pool.execute(() -> {
        Router.Route route = routes.get(n % routes.size());
        FuzzInput.Identity id = me.get();
        FuzzInput.Request req = new FuzzInput(new Random(seed * 1_000_003L + n), id).next(route);
        try {
          RawHttp.Answer a = http.send(req.method(), req.target(), req.headers(), req.body());
          byStatus.computeIfAbsent(a.status(), s -> new AtomicInteger()).incrementAndGet();
          String problem = problem(a);
          if (problem != null) {
            failures.add("#" + n + " " + req + "\n    -> " + problem);
          }
          // a fuzzed call may deregister, retire or delete the identity: carry on with a fresh one
          boolean ownKey = ("Bearer " + id.key()).equals(req.headers().get("Authorization"));
          if (ownKey && (a.status() == 401 || a.status() == 410)) {
            synchronized (me) {
              if (me.get() == id) {
                me.set(identity(identities.getAndIncrement()));
              }
            }
          }
        } catch (Exception e) {
          failures.add("#" + n + " " + req + "\n    -> " + e);
        }
      });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.MINUTES)).isTrue();

    System.out.printf("fuzz: seed %d, %d requests on %d routes, %d identities, statuses %s%n", seed, total,
        routes.size(), identities.get(), byStatus);
    List<String> shown = new ArrayList<>(failures).subList(0, Math.min(FAILURES_SHOWN, failures.size()));
    assertThat(shown)
        .as("seed %d (replay: -Dbeadhub.fuzz.seed=%d): %d of %d requests failed; the first ones:%n%s", seed, seed,
            failures.size(), total, String.join("\n", shown))
        .isEmpty();
  }

  /** What is wrong with an answer, or null: a 5xx, or an error without a JSON {@code detail}. */
  private static String problem(RawHttp.Answer a) {
    if (a.status() >= 500) {
      return a.status() + " " + a.body();
    }
    if (a.status() < 400) {
      return null;
    }
    String type = a.header("Content-Type");
    if (type == null || !type.startsWith("application/json")) {
      return a.status() + " with Content-Type " + type + ": " + a.body();
    }
    try {
      JsonNode n = LENIENT.readTree(a.body());
      return n.isObject() && n.has("detail") ? null : a.status() + " without detail: " + a.body();
    } catch (java.io.IOException e) {
      return a.status() + " with a body that is not JSON: " + a.body();
    }
  }

  private static FuzzInput.Identity identity(int n) {
    JsonNode r = server.init(Map.of("project_slug", "fuzz", "alias", "fuzzer-" + n, "repo_origin", FuzzInput.ORIGIN));
    return new FuzzInput.Identity(r.path("api_key").asText(), r.path("project_id").asText(),
        r.path("agent_id").asText(), r.path("workspace_id").asText(), r.path("alias").asText(),
        r.path("namespace_slug").asText(), SECRET);
  }
}
