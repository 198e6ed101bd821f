package io.beadhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import io.beadhub.db.DatabaseUrl;
import io.beadhub.testing.Reliability;
import io.beadhub.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 part 6: a server killed with SIGKILL while it applies a full sync leaves the repo holding the
 * old snapshot or the new one, every row, label and edge of it, never a mix (spec 40 §1.8).
 */
class SyncKillTest {
  static final int ISSUES = 2_000;
  static final String ORIGIN = "git@github.com:example/kill-nine.git";
  static final String REPO = "github.com/example/kill-nine";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String databaseUrl = TestPostgres.get().newDatabase();
  private final Jdbi sql = jdbi(databaseUrl);
  private int started;
  private long startMs;

  private static Jdbi jdbi(String url) {
    DatabaseUrl u = DatabaseUrl.parse(url);
    return Jdbi.create(u.jdbcUrl(), u.user(), u.password());
  }

  private ServerProcess start() throws Exception {
    Path log = Path.of("target", "sync-kill-" + ProcessHandle.current().pid() + "-" + (started++) + ".log");
    Files.createDirectories(log.getParent());
    long t0 = System.nanoTime();
    ServerProcess s = ServerProcess.start(databaseUrl, log);
    startMs += (System.nanoTime() - t0) / 1_000_000;
    return s;
  }

  private HttpRequest.Builder request(ServerProcess s, String path) {
    return HttpRequest.newBuilder(URI.create(s.base() + path)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json");
  }

  private JsonNode init(ServerProcess s) throws Exception {
    Map<String, Object> b = Map.of("project_slug", "kill-nine", "alias", "syncer", "human_name", "Syncer",
        "repo_origin", ORIGIN);
    HttpResponse<String> r = http.send(request(s, "/v1/init").POST(HttpRequest.BodyPublishers.ofString(
        Json.string(b))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.tree(r.body());
  }

  private HttpRequest fullSync(ServerProcess s, JsonNode agent, Snapshot snapshot) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("workspace_id", agent.path("workspace_id").asText());
    b.put("alias", "syncer");
    b.put("repo_origin", ORIGIN);
    b.put("sync_mode", "full");
    b.put("issues_jsonl", snapshot.jsonl());
    return request(s, "/v1/bdh/sync").header("Authorization", "Bearer " + agent.path("api_key").asText())
        .POST(HttpRequest.BodyPublishers.ofString(Json.string(b))).build();
  }

  /** The repo's rows as {@link Snapshot.Row}s by bead id (a removed row's title is marked: none may be). */
  private Map<String, Snapshot.Row> stored() {
    return sql.withHandle(h -> {
      Map<String, Snapshot.Row> out = new TreeMap<>();
      h.createQuery("""
          SELECT i.bead_id, i.title, i.content_hash, i.deleted_at IS NOT NULL AS removed,
                 COALESCE((SELECT string_agg(l.label, ',' ORDER BY l.label COLLATE "C")
                             FROM beads.issue_labels l WHERE l.issue_id = i.id), '') AS labels,
                 COALESCE((SELECT string_agg(d.type || ':' || d.target_raw, ',' ORDER BY d.type || ':' || d.target_raw COLLATE "C")
                             FROM beads.issue_deps d WHERE d.issue_id = i.id), '') AS deps
            FROM beads.issues i WHERE i.repo = :r""").bind("r", REPO).map((rs, c) -> {
              out.put(rs.getString("bead_id"), new Snapshot.Row(
                  (rs.getBoolean("removed") ? "removed: " : "") + rs.getString("title"), rs.getString("content_hash"),
                  rs.getString("labels"), rs.getString("deps")));
              return null;
            }).list();
      return out;
    });
  }

  private int syncAudits() {
    return sql.withHandle(h -> h.createQuery("SELECT count(*) FROM server.audit_log WHERE event_type = 'bdh_sync'")
        .mapTo(Integer.class).one());
  }

  /** True when a transaction of the server holds an advisory lock: a sync is inside its transaction. */
  private boolean syncInTransaction() {
    return sql.withHandle(h -> h.createQuery("""
        SELECT count(*) > 0 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE a.datname = current_database() AND a.application_name = 'beadhub'
           AND l.locktype = 'advisory' AND l.granted""").mapTo(Boolean.class).one());
  }

  /** Waits until the killed server's database sessions are gone, so nothing of it can still commit. */
  private void awaitSessionsGone() {
    await().atMost(Duration.ofSeconds(30)).until(() -> sql.withHandle(h -> h.createQuery("""
        SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'beadhub'""")
        .mapTo(Integer.class).one()) == 0);
  }

  /**
   * Sends {@code sync} and returns when it is answered, with how long its transaction held the repo lock
   * (polled every millisecond: an estimate, for aiming the kills).
   */
  private long transactionMs(HttpRequest sync) throws Exception {
    CompletableFuture<HttpResponse<String>> sent = http.sendAsync(sync, HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1))
        .until(() -> syncInTransaction() || sent.isDone());
    long t0 = System.nanoTime();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1))
        .until(() -> !syncInTransaction() || sent.isDone());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    HttpResponse<String> r = sent.get();
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Math.max(1, ms);
  }

  @Test
  void aServerKilledDuringAFullSyncLeavesTheOldSnapshotOrTheNewOneNeverAMix() throws Exception {
    int kills = Reliability.scale(2, 20);
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Map<Integer, Map<String, Snapshot.Row>> expected = new TreeMap<>();
    int version = 0;
    long requestMs;
    long txMs;
    JsonNode agent;
    try (ServerProcess s = start()) {
      agent = init(s);
      long t0 = System.nanoTime();
      txMs = transactionMs(fullSync(s, agent, new Snapshot(version, ISSUES)));
      requestMs = (System.nanoTime() - t0) / 1_000_000;
    }
    expected.put(version, new Snapshot(version, ISSUES).rows());
    assertThat(stored()).isEqualTo(expected.get(version));
    int audits = syncAudits();
    int insideTransaction = 0;
    int committed = 0;
    for (int kill = 0; kill < kills; kill++) {
      Snapshot next = new Snapshot(version + 1, ISSUES);
      expected.computeIfAbsent(next.version(), v -> next.rows());
      // Every other kill is aimed into the transaction; the others fall anywhere in the request.
      boolean aimed = kill % 2 == 0;
      long delayMs = (long) (random.nextDouble() * (aimed ? txMs : requestMs));
      boolean answered;
      boolean inside;
      try (ServerProcess s = start()) {
        CompletableFuture<HttpResponse<String>> sent = http.sendAsync(fullSync(s, agent, next),
            HttpResponse.BodyHandlers.ofString());
        if (aimed) {
          await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1))
              .until(() -> syncInTransaction() || sent.isDone());
        }
        Thread.sleep(delayMs); // the kill's random moment, not a wait for an event
        inside = syncInTransaction();
        answered = sent.isDone() && !sent.isCompletedExceptionally() && sent.get().statusCode() == 200;
        s.kill();
      }
      awaitSessionsGone();
      Map<String, Snapshot.Row> now = stored();
      String where = "kill " + kill + (aimed ? " in the transaction" : " in the request") + " after " + delayMs
          + " ms (seed " + seed + ")";
      boolean isNew = now.equals(expected.get(next.version()));
      if (!isNew) {
        assertThat(now).as(where + ": neither the old snapshot nor the new one").isEqualTo(expected.get(version));
        assertThat(answered).as(where + ": a sync answered 200 was lost").isFalse();
      }
      // The sync's audit row went with its records.
      assertThat(syncAudits()).as(where).isEqualTo(audits + (isNew ? 1 : 0));
      audits = syncAudits();
      insideTransaction += inside ? 1 : 0;
      committed += isNew ? 1 : 0;
      version = isNew ? next.version() : version;
    }
    // After the kills, a server on the same database takes the next sync: no lock or row was left behind.
    try (ServerProcess s = start()) {
      Snapshot last = new Snapshot(version + 1, ISSUES);
      HttpResponse<String> r = http.send(fullSync(s, agent, last), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(stored()).isEqualTo(last.rows());
    }
    System.out.printf("sync kill: %d kills, %d while the sync's transaction was open, %d committed; first sync"
        + " %d ms, its transaction ~%d ms; server start %d ms on average; seed %d%n", kills, insideTransaction,
        committed, requestMs, txMs, startMs / started, seed);
  }
}
