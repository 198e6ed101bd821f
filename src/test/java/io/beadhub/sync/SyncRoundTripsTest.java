package io.beadhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.beads.IssueTitles;
import io.beadhub.claims.Claims;
import io.beadhub.common.Caller;
import io.beadhub.dataplane.DataPlaneEvents;
import io.beadhub.db.Database;
import io.beadhub.db.DatabaseUrl;
import io.beadhub.events.EventBus;
import io.beadhub.testing.Beads;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sync's statements go to PostgreSQL in the round trips docs/sync.md lists (SyncStatements): the
 * server's own sync service, run on the test server's database with every statement text it sends
 * recorded, one entry per round trip.
 */
class SyncRoundTripsTest {
  static TestServer server;
  static TwoProjects s;
  static Database db;
  static SyncService sync;
  static final List<String> SENT = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void start() {
    server = TestServer.start();
    s = TwoProjects.sync(server, "trips");
    assertThat(Beads.full(server, s.a(), Beads.S4).status()).isEqualTo(200);
    db = new Database(DatabaseUrl.parse(server.databaseUrl()), 2);
    db.jdbi().setSqlLogger(new SqlLogger() {
      @Override
      public void logAfterExecution(StatementContext ctx) {
        SENT.add(ctx.getRenderedSql());
      }
    });
    IssueTitles titles = new IssueTitles();
    sync = new SyncService(db, new Claims(titles), new EventBus(() -> { }), project -> { },
        Clock.systemUTC(), new DataPlaneEvents());
  }

  @AfterAll
  static void stop() {
    db.close();
    server.close();
  }

  /** The statement texts an incremental sync of {@code jsonl} by alice sent, one per round trip. */
  private static List<String> roundTripsOf(String jsonl) {
    return roundTripsOf(jsonl, null);
  }

  /** As above, with the bd command line that ended in the sync. */
  private static List<String> roundTripsOf(String jsonl, String commandLine) {
    UUID ws = UUID.fromString(s.a().workspaceId());
    Caller alice = new Caller(UUID.fromString(s.a().projectId()), ws, null, null, Caller.Mode.BEARER, false);
    SENT.clear();
    sync.sync(alice, new BdhRequest(ws, s.a().alias(), null, Beads.SMOKE_ORIGIN, null, false, null, jsonl, List.of(),
        commandLine));
    return List.copyOf(SENT);
  }

  /** A record of {@code id} updated now, later than any version before it. */
  private static String record(String id, String title, String status, String fields) {
    return "{\"id\": \"" + id + "\", \"title\": \"" + title + "\", \"status\": \"" + status + "\", " + fields
        + ", \"updated_at\": \"" + Instant.now() + "\"}\n";
  }

  @Test
  void anIncrementalSyncThatEditsOnlyTextIsTwoRoundTrips() {
    List<String> trips = roundTripsOf(record("sm-2", "Fix the login bug", "in_progress",
        "\"priority\": 0, \"issue_type\": \"bug\", \"assignee\": \"alice-dev\""));
    assertThat(trips).hasSize(2);
    assertThat(trips.get(0)).as("the opening").contains("FROM server.workspaces w LEFT JOIN server.repos")
        .contains("pg_advisory_xact_lock").doesNotContain("synchronous_commit")
        .contains("UPDATE server.workspaces").contains("FROM beads.issues");
    assertThat(trips.get(1)).as("the write").contains("INSERT INTO beads.issues")
        .contains("INSERT INTO beads.sync_state").contains("INSERT INTO server.audit_log").contains("beads.live_counts")
        .doesNotContain("plan_cache_mode");
  }

  @Test
  void aStatusChangeReadsItsClosureSeedsAndQueuesItsEventInTheWriteRoundTrip() {
    List<String> trips = roundTripsOf(record("sm-1", "Set up CI", "in_progress",
        "\"priority\": 1, \"issue_type\": \"task\""));
    assertThat(trips.get(1)).as("the write").contains("INSERT INTO beads.issues")
        .contains("INSERT INTO server.event_queue").contains("plan_cache_mode").contains("ELSE ARRAY(SELECT id")
        .contains("INSERT INTO beads.sync_state");
    assertThat(trips.get(1)).as("the seeds' rows, in the write's round trip").contains("FROM beads.issue_parents pa");
    assertThat(trips.subList(2, trips.size())).as("after the write: the closure refresh")
        .allMatch(sql -> sql.contains("beads.issue") || sql.contains("plan_cache_mode"));
  }
}
