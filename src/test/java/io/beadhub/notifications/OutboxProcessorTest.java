package io.beadhub.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.beads.BeadChange;
import io.beadhub.db.Database;
import io.beadhub.db.DatabaseUrl;
import io.beadhub.events.EventBus;
import io.beadhub.testing.Beads;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spec 40 §7.3 processor mechanics (checks 61, 62 and the retry schedule). The worlds are built over
 * HTTP, then the server is closed: the only processors left are the ones each test runs, so no
 * background delivery races with the assertions. Intents are recorded by the ingest's own
 * {@link Outbox#recordIntents} and mail goes through a recording {@link MailSender}.
 */
class OutboxProcessorTest {
  static final String R = Beads.SMOKE_REPO;
  static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  static Database db;
  /** Project P with alice (writer), bob (subscribed to all changes of sm-2) and sm-2 in progress. */
  static final Map<String, TwoProjects> worlds = new HashMap<>();

  @BeforeAll
  static void start() {
    String url;
    try (TestServer server = TestServer.start()) {
      url = server.databaseUrl();
      for (String name : List.of("concurrent", "dead", "retry")) {
        worlds.put(name, world(server, "outbox-" + name));
      }
    }
    db = new Database(DatabaseUrl.parse(url), 4);
    db.tx(h -> h.execute("""
        CREATE TABLE public.test_mail (id uuid PRIMARY KEY, project_id uuid, from_agent uuid, from_alias text,
                                       to_agent uuid, subject text, body text, thread_id uuid)"""));
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  static TwoProjects world(TestServer server, String slug) {
    TwoProjects w = TwoProjects.sync(server, slug);
    String sm2 = "{\"id\":\"sm-2\",\"title\":\"Fix login bug\",\"status\":\"in_progress\",\"priority\":0,"
        + "\"updated_at\":\"2026-03-02T09:00:00Z\"}\n";
    assertThat(Beads.full(server, w.a(), sm2).status()).isEqualTo(200);
    Map<String, Object> sub = Map.of("workspace_id", w.wb(), "bead_id", "sm-2", "event_types", List.of("all"));
    assertThat(server.post("/v1/subscriptions", sub, w.kb()).status()).isEqualTo(200);
    return w;
  }

  static UUID project(TwoProjects w) {
    return UUID.fromString(w.pId());
  }

  static final MailSender RECORDING = (h, m) -> {
    UUID id = UUID.randomUUID();
    h.createUpdate("INSERT INTO public.test_mail VALUES (:id, :p, :f, :fa, :t, :s, :b, :th)").bind("id", id)
        .bind("p", m.projectId()).bind("f", m.fromAgentId()).bind("fa", m.fromAlias()).bind("t", m.toAgentId())
        .bind("s", m.subject()).bind("b", m.body()).bind("th", m.threadId()).execute();
    return id;
  };

  static Outbox processor(MailSender sender, Instant now) {
    return new Outbox(db, sender, new EventBus(() -> { }), Clock.fixed(now, ZoneOffset.UTC));
  }

  static int intents(TwoProjects w, BeadChange... changes) {
    return db.tx(h -> {
      io.beadhub.db.Batch b = new io.beadhub.db.Batch();
      var subscribers = Outbox.subscribers(b, project(w), R, List.of(changes));
      b.run(h);
      return Outbox.recordIntents(h, project(w), R, "main", List.of(changes), subscribers, T0);
    });
  }

  static List<Map<String, Object>> outbox(TwoProjects w) {
    return db.read(h -> h.createQuery("""
        SELECT status, attempts, last_error, message_id, next_attempt_at FROM server.notification_outbox
         WHERE project_id = :p ORDER BY created_at, id""").bind("p", project(w)).mapToMap().list());
  }

  static int mails(TwoProjects w) {
    return db.read(h -> h.createQuery("SELECT count(*) FROM public.test_mail WHERE project_id = :p")
        .bind("p", project(w)).mapTo(Integer.class).one());
  }

  @Test
  void concurrentProcessorsDeliverEachMailOnce() throws Exception {
    TwoProjects w = worlds.get("concurrent");
    assertThat(intents(w, new BeadChange("sm-2", "status", "in_progress", "open", "Fix login bug", null),
        new BeadChange("sm-2", "priority", "0", "1", "Fix login bug", null),
        new BeadChange("sm-2", "status", "open", "closed", "Fix login bug", null),
        new BeadChange("sm-2", "priority", "1", "2", "Fix login bug", null))).isEqualTo(4);
    // The system agent exists after the first delivery of a project; create it now so that its
    // first-use insert does not serialise the two processors.
    db.tx(h -> SystemAgent.ensure(h, project(w)));
    // Each processor's first delivery waits at the barrier until the other processor is delivering
    // too: both hold an entry at the same moment, so the run is concurrent by construction.
    CyclicBarrier bothDelivering = new CyclicBarrier(2);
    Set<Thread> passed = ConcurrentHashMap.newKeySet();
    MailSender overlapping = (h, m) -> {
      if (passed.add(Thread.currentThread())) {
        try {
          bothDelivering.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException("processors did not overlap", e);
        }
      }
      return RECORDING.send(h, m);
    };
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Outbox.Processed> a = pool.submit(() -> processor(overlapping, T0).process(project(w), 100, 20_000));
      Future<Outbox.Processed> b = pool.submit(() -> processor(overlapping, T0).process(project(w), 100, 20_000));
      assertThat(a.get(30, TimeUnit.SECONDS).sent() + b.get(30, TimeUnit.SECONDS).sent()).isEqualTo(4);
    } finally {
      pool.shutdownNow();
    }
    assertThat(passed).hasSize(2);
    assertThat(mails(w)).isEqualTo(4);
    List<Map<String, Object>> rows = outbox(w);
    assertThat(rows).allSatisfy(r -> assertThat(r).containsEntry("status", "completed").containsEntry("attempts", 1));
    assertThat(rows.stream().map(r -> r.get("message_id")).distinct()).hasSize(4);
  }

  @Test
  void deletedRecipientMakesTheEntryDead() {
    TwoProjects w = worlds.get("dead");
    assertThat(intents(w, new BeadChange("sm-2", "status", "in_progress", "closed", "Fix login bug", null)))
        .isEqualTo(1);
    db.tx(h -> h.execute("UPDATE server.workspaces SET deleted_at = now() WHERE workspace_id = ?",
        UUID.fromString(w.wb())));
    Outbox.Processed p = processor(RECORDING, T0).process(project(w), 100, 2000);
    assertThat(p.sent()).isZero();
    assertThat(p.failed()).isEqualTo(1);
    assertThat(outbox(w)).singleElement().satisfies(r -> assertThat(r).containsEntry("status", "dead")
        .containsEntry("last_error", Outbox.RECIPIENT_GONE).containsEntry("attempts", 1));
    assertThat(mails(w)).isZero();
    assertThat(processor(RECORDING, T0.plusSeconds(3600)).process(project(w), 100, 2000).failed())
        .as("a dead entry is never retried").isZero();
  }

  @Test
  void failedDeliveriesBackOffAndDieAfterFiveAttempts() {
    TwoProjects w = worlds.get("retry");
    assertThat(intents(w, new BeadChange("sm-2", "status", "in_progress", "closed", "Fix login bug", null)))
        .isEqualTo(1);
    MailSender down = (h, m) -> {
      h.execute("INSERT INTO public.test_mail (id, project_id) VALUES (?, ?)", UUID.randomUUID(), m.projectId());
      throw new IllegalStateException("mail store down");
    };
    Instant now = T0;
    for (int i = 1; i <= 5; i++) {
      assertThat(processor(down, now).process(project(w), 100, 2000).failed()).isEqualTo(1);
      Map<String, Object> row = outbox(w).get(0);
      assertThat(row.get("attempts")).isEqualTo(i);
      assertThat(row.get("status")).isEqualTo(i < 5 ? "failed" : "dead");
      assertThat(row.get("last_error")).isEqualTo("mail store down");
      Instant next = ((java.sql.Timestamp) row.get("next_attempt_at")).toInstant();
      assertThat(next).isEqualTo(now.plusSeconds(30L << (i - 1)));
      assertThat(processor(down, next.minusMillis(1)).process(project(w), 100, 2000).failed())
          .as("not due before the back-off has passed").isZero();
      now = next;
    }
    assertThat(processor(down, now.plusSeconds(86_400)).process(project(w), 100, 2000).failed())
        .as("dead after the fifth attempt").isZero();
    assertThat(mails(w)).as("each failed delivery rolled back to its savepoint").isZero();
  }
}
