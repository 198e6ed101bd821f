package io.beadhub.wake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.claims.Claims;
import io.beadhub.common.Json;
import io.beadhub.testing.Agent;
import io.beadhub.testing.Beads;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blocked work that became ready and pending claims gone stale reach the agent's attention and wake it
 * (docs/delivery.md: {@code bead.ready}, {@code claim.stale}).
 */
class ReadyAndStaleWakeTest {
  static final int WINDOW = 60;
  static final Duration WAIT = Duration.ofSeconds(20);
  static final String BLOCKER = "{\"id\": \"sm-1\", \"title\": \"Set up CI\", \"status\": \"%s\", \"priority\": 1,"
      + " \"issue_type\": \"task\", \"assignee\": \"alice-dev\", \"updated_at\": \"2026-03-0%dT10:00:00Z\"}\n";
  static final String BLOCKED = "{\"id\": \"sm-3\", \"title\": \"Write docs\", \"status\": \"%s\", \"priority\": 2,"
      + " \"issue_type\": \"task\", \"assignee\": \"bob-rev\", \"dependencies\": [{\"issue_id\": \"sm-3\","
      + " \"depends_on_id\": \"sm-1\", \"type\": \"blocks\"}], \"updated_at\": \"2026-03-0%dT10:00:00Z\"}\n";
  /** Changed "now": the attention's old rule (open, assigned, changed in 24 h) would have listed it. */
  static final String NEVER_BLOCKED = "{\"id\": \"sm-5\", \"title\": \"Tidy %s\", \"status\": \"open\","
      + " \"priority\": 2, \"issue_type\": \"task\", \"assignee\": \"bob-rev\", \"updated_at\": \"%s\"}\n";

  TestServer server;
  WebhookReceiver receiver;
  TwoProjects team;
  Agent alice;
  Agent bob;

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("BEADHUB_WAKE_COALESCE_SECONDS", Integer.toString(WINDOW)));
    team = TwoProjects.sync(server, "ready");
    alice = team.a();
    bob = team.b();
    receiver = new WebhookReceiver(0);
  }

  @AfterEach
  void stop() {
    server.close();
    receiver.close();
  }

  void register(Agent a) {
    Resp r = server.put("/v1/agents/me/wake", Map.of("webhook_url", receiver.url(), "secret", WakeTest.SECRET),
        a.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  JsonNode attention(Agent a) {
    Resp r = server.get("/v1/attention", a.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  static List<String> ids(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(x -> out.add(x.get("bead_id").asText()));
    return out;
  }

  String now() {
    return server.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  void toNextWindow() {
    long now = server.clock().instant().toEpochMilli();
    long next = (now / (WINDOW * 1000L) + 1) * WINDOW * 1000L + 1000;
    server.clock().advance(Duration.ofMillis(next - now));
  }

  /** No further wake arrives (the worker passes every 250 ms). */
  void quiet() throws InterruptedException {
    Thread.sleep(1500);
  }

  @Test
  void closingTheBlockerByASyncShowsTheAssigneeItsReadyWorkAndWakesItOnce() throws InterruptedException {
    Resp load = Beads.full(server, alice, BLOCKER.formatted("open", 1) + BLOCKED.formatted("open", 1)
        + NEVER_BLOCKED.formatted("up", now()));
    assertThat(load.status()).as(load.toString()).isEqualTo(200);
    register(bob);
    toNextWindow();
    assertThat(attention(bob).get("ready_work")).isEmpty();

    // The blocker closes; the never-blocked bead changes too (the old "open and updated lately" rule listed it).
    Resp close = Beads.incremental(server, alice, BLOCKER.formatted("closed", 2) + NEVER_BLOCKED.formatted("more", now()),
        null);
    assertThat(close.status()).as(close.toString()).isEqualTo(200);

    await().atMost(WAIT).until(() -> !attention(bob).get("ready_work").isEmpty());
    JsonNode ready = attention(bob).get("ready_work");
    assertThat(ids(ready)).containsExactly("sm-3");
    assertThat(ready.get(0).get("title").asText()).isEqualTo("Write docs");
    assertThat(ready.get(0).get("repo").asText()).isEqualTo(Beads.SMOKE_REPO);
    assertThat(ready.get(0).get("ready_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(attention(alice).get("ready_work")).isEmpty();

    await().atMost(WAIT).until(() -> receiver.hits().size() >= 1);
    quiet();
    assertThat(receiver.hits()).hasSize(1);
    WakeTest.assertSigned(receiver.hits().get(0));
    assertThat(Json.tree(receiver.hits().get(0).body()).get("agent_id").asText()).isEqualTo(bob.agentId());

    // Once bob takes it, it is no longer waiting for him.
    Resp taken = Beads.incremental(server, bob, BLOCKED.formatted("in_progress", 3), null);
    assertThat(taken.status()).as(taken.toString()).isEqualTo(200);
    assertThat(attention(bob).get("ready_work")).isEmpty();
  }

  @Test
  void aBeadBlockedAgainLeavesTheReadyListAndANeverBlockedOneNeverEntersIt() {
    Beads.full(server, alice, BLOCKER.formatted("open", 1) + BLOCKED.formatted("open", 1)
        + NEVER_BLOCKED.formatted("up", now()));
    Beads.incremental(server, alice, BLOCKER.formatted("closed", 2), null);
    await().atMost(WAIT).until(() -> ids(attention(bob).get("ready_work")).equals(List.of("sm-3")));

    Beads.incremental(server, alice, BLOCKER.formatted("open", 3), null);
    assertThat(attention(bob).get("ready_work")).isEmpty();
    server.eventsNumbered();
    int readyEvents = server.sql().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM server.events WHERE type = 'bead.ready' AND payload ->> 'bead_id' = 'sm-5'")
        .mapTo(Integer.class).one());
    assertThat(readyEvents).isZero();
  }

  @Test
  void aPendingClaimSweptUnconfirmedIsListedAsStaleAndWakesItsAgentOnce() throws InterruptedException {
    Beads.full(server, alice, NEVER_BLOCKED.formatted("up", now()));
    register(bob);
    toNextWindow();
    Resp pre = Beads.preflight(server, bob, "update sm-5 --status in_progress");
    assertThat(pre.get("approved").asBoolean()).as(pre.toString()).isTrue();
    assertThat(attention(bob).get("stale_claims")).isEmpty();

    server.clock().advance(Duration.ofSeconds(Claims.PENDING_SECONDS + 1));
    await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> server.sql().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM server.bead_claims WHERE bead_id = 'sm-5'").mapTo(Integer.class).one()) == 0);
    server.eventsNumbered();
    // Swept, and still listed: the claim.stale event carries it.
    JsonNode stale = attention(bob).get("stale_claims");
    assertThat(ids(stale)).containsExactly("sm-5");
    assertThat(stale.get(0).get("repo").asText()).isEqualTo(Beads.SMOKE_REPO);
    assertThat(attention(alice).get("stale_claims")).isEmpty();

    await().atMost(WAIT).until(() -> receiver.hits().size() >= 1);
    quiet();
    assertThat(receiver.hits()).hasSize(1);
    assertThat(Json.tree(receiver.hits().get(0).body()).get("agent_id").asText()).isEqualTo(bob.agentId());

    // Claimed again, it is no longer stale.
    assertThat(Beads.preflight(server, bob, "update sm-5 --status in_progress").get("approved").asBoolean()).isTrue();
    assertThat(attention(bob).get("stale_claims")).isEmpty();
  }

  @Test
  void aPendingClaimConfirmedBySyncIsNeverStale() throws InterruptedException {
    Beads.full(server, alice, NEVER_BLOCKED.formatted("up", now()));
    register(bob);
    toNextWindow();
    Resp sync = Beads.incremental(server, bob, NEVER_BLOCKED.formatted("up", now()).replace("\"open\"",
        "\"in_progress\""), "update sm-5 --status in_progress");
    assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
    server.clock().advance(Duration.ofSeconds(Claims.PENDING_SECONDS + 1));
    Thread.sleep(6000); // a sweep (every 5 s) and a wake pass have run
    assertThat(attention(bob).get("stale_claims")).isEmpty();
    assertThat(receiver.hits()).isEmpty();
  }
}
