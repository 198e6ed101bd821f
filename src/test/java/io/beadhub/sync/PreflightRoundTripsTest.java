package io.beadhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.common.Caller;
import io.beadhub.db.Database;
import io.beadhub.db.DatabaseUrl;
import io.beadhub.testing.Agent;
import io.beadhub.testing.Beads;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import io.beadhub.workspaces.LastSeenWriter;
import java.time.Clock;
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
 * A pre-flight's statements (issue 22): a command that claims nothing is one round trip without a
 * write; a claiming command is one round trip (then its commit). The server's own pre-flight service,
 * run on the test server's database with every statement text it sends recorded.
 */
class PreflightRoundTripsTest {
  static TestServer server;
  static TwoProjects s;
  static Database db;
  static LastSeenWriter lastSeen;
  static PreflightService preflight;
  static final List<String> SENT = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void start() {
    server = TestServer.start();
    s = TwoProjects.sync(server, "preflight-trips");
    assertThat(Beads.full(server, s.a(), Beads.S4, "update sm-2 --status in_progress").status()).isEqualTo(200);
    db = new Database(DatabaseUrl.parse(server.databaseUrl()), 2);
    db.jdbi().setSqlLogger(new SqlLogger() {
      @Override
      public void logAfterExecution(StatementContext ctx) {
        SENT.add(ctx.getRenderedSql());
      }
    });
    lastSeen = new LastSeenWriter(db, 3_600_000);
    preflight = new PreflightService(db, lastSeen, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    lastSeen.close();
    db.close();
    server.close();
  }

  private static List<String> roundTripsOf(Agent a, String command) {
    UUID ws = UUID.fromString(a.workspaceId());
    Caller caller = new Caller(UUID.fromString(a.projectId()), ws, null, null, Caller.Mode.BEARER, false);
    SENT.clear();
    preflight.preflight(caller, new BdhRequest(ws, a.alias(), null, Beads.SMOKE_ORIGIN, null, false, null, null, List.of(),
        command));
    return List.copyOf(SENT);
  }

  @Test
  void aCommandThatClaimsNothingIsOneRoundTripThatWritesNothing() {
    List<String> trips = roundTripsOf(s.b(), "list --status open");
    assertThat(trips).hasSize(1);
    assertThat(trips.get(0)).contains("FROM server.workspaces w").contains("FROM server.bead_claims")
        .contains("FROM aweb.messages").doesNotContain("INSERT").doesNotContain("UPDATE").doesNotContain("DELETE");
  }

  @Test
  void aClaimingCommandIsOneRoundTrip() {
    List<String> trips = roundTripsOf(s.b(), "update sm-3 --status in_progress");
    assertThat(trips).hasSize(1);
    assertThat(trips.get(0)).contains("pg_advisory_xact_lock").contains("INSERT INTO server.bead_claims")
        .doesNotContain("DELETE");
    assertThat(lastSeen.flush()).isEqualTo(1);
  }
}
