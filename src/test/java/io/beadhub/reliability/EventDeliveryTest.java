package io.beadhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.testing.Reliability;
import io.beadhub.testing.TestRedis;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Concurrent writers against open status streams (issue: "nothing lost"): every stream receives every
 * stored event of its project once, in id order — with one replica, with two on one PostgreSQL and
 * Redis, and across a Redis outage.
 */
class EventDeliveryTest {
  static final int WRITERS = 5;
  static final int STREAMS = 10;
  static final Duration RUN = Duration.ofSeconds(Reliability.scale(3, 30));

  @Test
  void everyStreamReceivesEveryEventOnceInOrderWithOneReplica() throws Exception {
    try (TestRedis redis = TestRedis.start();
         TestServer one = TestServer.start(Map.of("BEADHUB_REDIS_URL", redis.url()))) {
      run(List.of(one), null);
    }
  }

  @Test
  void twoReplicasOnOneDatabaseAndRedisBehaveAsOne() throws Exception {
    try (TestRedis redis = TestRedis.start();
         TestServer one = TestServer.start(Map.of("BEADHUB_REDIS_URL", redis.url()));
         TestServer two = TestServer.startOn(one.databaseUrl(), Map.of("BEADHUB_REDIS_URL", redis.url()))) {
      run(List.of(one, two), null);
    }
  }

  @Test
  void aRedisOutageInTheMiddleOfTheRunLosesNothing() throws Exception {
    try (TestRedis redis = TestRedis.start();
         TestServer one = TestServer.start(Map.of("BEADHUB_REDIS_URL", redis.url()));
         TestServer two = TestServer.startOn(one.databaseUrl(), Map.of("BEADHUB_REDIS_URL", redis.url()))) {
      run(List.of(one, two), redis);
    }
  }

  @Test
  void withoutRedisEveryStreamReceivesEveryEventOnceInOrder() throws Exception {
    try (TestServer one = TestServer.start()) {
      run(List.of(one), null);
    }
  }

  /** Writers and streams spread over the replicas; {@code outage} non-null: Redis is down for a third of the run. */
  private static void run(List<TestServer> replicas, TestRedis outage) throws Exception {
    TestServer first = replicas.get(0);
    TwoProjects w = TwoProjects.workspaces(first);
    first.eventsNumbered();
    long before = first.sql().withHandle(h -> h.createQuery(
        "SELECT coalesce(max(event_id), 0) FROM server.events WHERE project_id = CAST(:p AS uuid)")
        .bind("p", w.pId()).mapTo(Long.class).one());

    List<Collector> streams = new ArrayList<>();
    for (int i = 0; i < STREAMS; i++) {
      streams.add(Collector.open(replicas.get(i % replicas.size()), w.ka()));
    }
    AtomicInteger sent = new AtomicInteger();
    AtomicReference<String> failure = new AtomicReference<>();
    long end = System.nanoTime() + RUN.toNanos();
    List<Thread> writers = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      TestServer via = replicas.get(i % replicas.size());
      boolean fromA = i % 2 == 0;
      int writer = i;
      writers.add(Thread.ofVirtual().start(() -> {
        int n = 0;
        while (System.nanoTime() < end && failure.get() == null) {
          n++;
          var r = n % 5 == 0
              ? via.post("/v1/reservations", Map.of("resource_key", "w" + writer + "/f" + n, "ttl_seconds", 60),
                  fromA ? w.ka() : w.kb())
              : via.post("/v1/messages", Map.of("to_alias", fromA ? "bob-rev" : "alice-dev", "body", "m" + n),
                  fromA ? w.ka() : w.kb());
          if (r.status() != 200) {
            failure.compareAndSet(null, r.toString());
          }
          sent.incrementAndGet();
        }
      }));
    }
    if (outage != null) {
      Thread.sleep(RUN.toMillis() / 3);
      outage.stop();
      Thread.sleep(RUN.toMillis() / 3);
      outage.restart();
    }
    for (Thread t : writers) {
      t.join();
    }
    assertThat(failure.get()).as("a writer's request failed").isNull();
    first.eventsNumbered();
    List<Long> stored = first.sql().withHandle(h -> h.createQuery("""
        SELECT event_id FROM server.events WHERE project_id = CAST(:p AS uuid) AND event_id > :b ORDER BY event_id
        """).bind("p", w.pId()).bind("b", before).mapTo(Long.class).list());
    assertThat(stored).hasSizeGreaterThanOrEqualTo(sent.get());
    long last = stored.get(stored.size() - 1);
    Awaitility.await().atMost(Duration.ofSeconds(15))
        .until(() -> streams.stream().allMatch(c -> !c.ids.isEmpty() && c.ids.get(c.ids.size() - 1) >= last));
    for (Collector c : streams) {
      c.close();
      assertThat(c.ids).as("ids received by a stream on %s", c.via).containsExactlyElementsOf(stored);
    }
    System.out.printf("event delivery: %d replicas%s, %d writers x %d s, %d requests, %d events, each of %d streams"
        + " received all %d once in order%n", replicas.size(), outage != null ? " (Redis down a third of the run)" : "",
        WRITERS, RUN.toSeconds(), sent.get(), stored.size(), STREAMS, stored.size());
  }

  /** An open status stream collecting the ids of the events it receives. */
  static final class Collector implements AutoCloseable {
    final List<Long> ids = new CopyOnWriteArrayList<>();
    final String via;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Stream<String> body;

    private Collector(String via) {
      this.via = via;
    }

    static Collector open(TestServer s, String key) throws Exception {
      Collector c = new Collector(s.base());
      HttpRequest req = HttpRequest.newBuilder(URI.create(s.base() + "/v1/status/stream"))
          .header("Authorization", "Bearer " + key).GET().build();
      HttpResponse<Stream<String>> r = c.http.send(req, HttpResponse.BodyHandlers.ofLines());
      assertThat(r.statusCode()).isEqualTo(200);
      c.body = r.body();
      Thread.ofVirtual().start(() -> {
        try {
          c.body.forEach(l -> {
            if (l.startsWith("id: ")) {
              c.ids.add(Long.parseLong(l.substring(4)));
            }
          });
        } catch (RuntimeException e) {
          // closed
        }
      });
      return c;
    }

    @Override
    public void close() {
      body.close();
      http.shutdownNow();
    }
  }
}
