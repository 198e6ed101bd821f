package io.beadhub.bench;

import io.beadhub.http.Json;
import io.beadhub.messaging.Party;
import io.beadhub.messaging.Sse;
import io.beadhub.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Messaging benchmark (not a test; prints figures, never fails on timing): mail send, inbox read and
 * lock acquire at 32 concurrent clients, and chat wake latency over 1,000 messages.
 * Run: {@code ./mvnw -q test-compile && java -cp target/classes:target/test-classes:$(cat cp.txt) io.beadhub.bench.MessagingBench}
 */
public final class MessagingBench {
  static final HttpClient HTTP = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();

  public static void main(String[] args) throws Exception {
    int clients = 32;
    Duration run = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 10);
    try (TestServer server = TestServer.start()) {
      Party alice = Party.init(server, "bench", "alice-dev");
      Party bob = Party.init(server, "bench", "bob-rev");
      String body = Json.string(Map.of("to_alias", "bob-rev", "subject", "bench", "body", "hello"));
      if (args.length > 1) {
        load("health", clients, run, i -> get(server, "/health", null));
        load("agents/me", clients, run, i -> get(server, "/v1/agents/me", alice.key()));
      }
      load("mail send", clients, run, i -> post(server, "/v1/messages", body, alice.key()));
      load("inbox read", clients, run, i -> get(server, "/v1/messages/inbox?limit=50", bob.key()));
      AtomicLong seq = new AtomicLong();
      load("lock acquire", clients, run, i -> post(server, "/v1/reservations",
          Json.string(Map.of("resource_key", "k/" + seq.incrementAndGet(), "ttl_seconds", 60)), alice.key()));
      wake(server, alice, bob, 1000);
    }
    System.exit(0);
  }

  static HttpRequest post(TestServer s, String path, String body, String key) {
    return HttpRequest.newBuilder(URI.create(s.base() + path)).header("Authorization", "Bearer " + key)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  static HttpRequest get(TestServer s, String path, String key) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.base() + path)).GET();
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return b.build();
  }

  static void load(String name, int clients, Duration run, IntFunction<HttpRequest> request) throws Exception {
    List<Long> lat = Collections.synchronizedList(new ArrayList<>());
    AtomicLong errors = new AtomicLong();
    long end = System.nanoTime() + run.toNanos();
    long t0 = System.nanoTime();
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < clients; c++) {
        int client = c;
        ex.submit(() -> {
          while (System.nanoTime() < end) {
            long s = System.nanoTime();
            HttpResponse<String> r = HTTP.send(request.apply(client), HttpResponse.BodyHandlers.ofString());
            lat.add(System.nanoTime() - s);
            if (r.statusCode() != 200) {
              errors.incrementAndGet();
            }
          }
          return null;
        });
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    List<Long> sorted = new ArrayList<>(lat);
    Collections.sort(sorted);
    System.out.printf("%-12s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  (%d requests, %d non-200)%n", name,
        sorted.size() / secs, pct(sorted, 50), pct(sorted, 99), sorted.size(), errors.get());
  }

  static double pct(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
  }

  /** Send (in-session) → the stream's message event, measured from the send's 200 and from its start. */
  static void wake(TestServer server, Party a, Party b, int n) throws Exception {
    String session = Json.tree(HTTP.send(post(server, "/v1/chat/sessions",
        Json.string(Map.of("to_aliases", List.of("bob-rev"), "message", "start")), a.key()),
        HttpResponse.BodyHandlers.ofString()).body()).path("session_id").asText();
    String url = server.base() + "/v1/chat/sessions/" + session + "/stream?deadline="
        + Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
    List<Long> afterResponse = new ArrayList<>();
    List<Long> fromStart = new ArrayList<>();
    try (Sse s = Sse.open(url, b.key())) {
      s.next(Duration.ofSeconds(5));
      HttpRequest send = post(server, "/v1/chat/sessions/" + session + "/messages",
          Json.string(Map.of("body", "ping")), a.key());
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        HTTP.send(send, HttpResponse.BodyHandlers.ofString());
        long t1 = System.nanoTime();
        Sse.Frame f;
        do {
          f = s.nextEvent(Duration.ofSeconds(10));
        } while (f != null && !"message".equals(f.event()));
        long t2 = System.nanoTime();
        afterResponse.add(Math.max(0, t2 - t1));
        fromStart.add(t2 - t0);
        s.nextEvent(Duration.ofSeconds(10)); // the sender's read_receipt
      }
    }
    Collections.sort(afterResponse);
    Collections.sort(fromStart);
    System.out.printf("chat wake    after 200: p50 %6.2f ms  p99 %6.2f ms;  send start → event: p50 %6.2f ms  p99 %6.2f ms (%d msgs)%n",
        pct(afterResponse, 50), pct(afterResponse, 99), pct(fromStart, 50), pct(fromStart, 99), n);
  }
}
