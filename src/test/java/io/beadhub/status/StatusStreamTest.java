package io.beadhub.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.testing.Resp;
import io.beadhub.testing.SseClient;
import io.beadhub.testing.TestEvents;
import io.beadhub.testing.TestRedis;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 30 §11 checks 30–35 on {@code /v1/status/stream}, with Redis fan-out. */
class StatusStreamTest {
  static TestRedis redis;
  static TestServer s;
  static TestEvents events;

  @BeforeAll
  static void start() {
    redis = TestRedis.start();
    s = TestServer.start(Map.of("BEADHUB_REDIS_URL", redis.url()));
    events = new TestEvents(s, redis.url());
  }

  @AfterAll
  static void stop() {
    events.close();
    s.close();
    redis.close();
  }

  static final Duration WAIT = Duration.ofSeconds(2);

  @Test
  void badStreamParametersAreRejected() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp types = s.get("/v1/status/stream?event_types=bead,bogus", w.ka());
    assertThat(types.status()).isEqualTo(422);
    assertThat(types.detail()).startsWith("Invalid event types:").contains("'bogus'");
    Resp repo = s.get("/v1/status/stream?repo=github.com/none/none", w.ka());
    assertThat(repo.status()).isEqualTo(404);
    assertThat(repo.detail()).isEqualTo("No workspaces found for the provided filter");
    assertThat(s.get("/v1/status/stream?limit=1001", w.ka()).status()).isEqualTo(422);
  }

  @Test
  void anEscalationReachesTheWorkspaceStreamWithItsIdButNotABeadOnlyStream() {
    TwoProjects w = TwoProjects.workspaces(s);
    try (SseClient all = SseClient.open(s.base(), "/v1/status/stream?workspace_id=" + w.wa(), w.ka());
         SseClient beads = SseClient.open(s.base(), "/v1/status/stream?workspace_id=" + w.wa() + "&event_types=bead",
             w.ka())) {
      assertThat(all.status()).isEqualTo(200);
      long id = events.escalation(w.pId(), w.pSlug(), w.wa(), "help");
      String data = all.await(l -> l.startsWith("data: "), WAIT);
      assertThat(data).contains("\"type\":\"escalation.created\"").contains("\"event_id\":" + id);
      List<String> seen = all.seen();
      assertThat(seen.get(seen.size() - 2)).isEqualTo("id: " + id);
      assertThat(beads.await(l -> l.startsWith("data: "), Duration.ofMillis(1500))).isNull();
    }
  }

  @Test
  void anIdleStreamGetsAKeepalive() {
    TwoProjects w = TwoProjects.workspaces(s);
    try (SseClient c = SseClient.open(s.base(), "/v1/status/stream", w.ka())) {
      assertThat(c.await(l -> l.equals(": keepalive"), Duration.ofMillis(1500))).isNull();
      // 30 s of silence pass for the server at once; the stream's next look at the clock writes the keepalive.
      s.clock().advance(Duration.ofSeconds(30));
      try {
        assertThat(c.await(l -> l.equals(": keepalive"), Duration.ofSeconds(5))).isNotNull();
      } finally {
        s.clock().rewind(Duration.ofSeconds(30));
      }
    }
  }

  @Test
  void reconnectWithLastEventIdLosesNothing() {
    TwoProjects w = TwoProjects.workspaces(s);
    long n;
    try (SseClient c = SseClient.open(s.base(), "/v1/status/stream?workspace_id=" + w.wa(), w.ka())) {
      events.escalation(w.pId(), w.pSlug(), w.wa(), "first");
      String idLine = c.await(l -> l.startsWith("id: "), WAIT);
      n = Long.parseLong(idLine.substring(4));
    }
    long e1 = events.escalation(w.pId(), w.pSlug(), w.wa(), "missed-1");
    long e2 = events.recordOnly(w.pId(), w.pSlug(), w.wa(), "missed-2");
    try (SseClient c = SseClient.open(s.base(), "/v1/status/stream?workspace_id=" + w.wa(),
        Map.of("Authorization", "Bearer " + w.ka(), "Last-Event-ID", Long.toString(n)))) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        ids.add(c.await(l -> l.startsWith("id: "), WAIT));
      }
      assertThat(ids).containsExactly("id: " + e1, "id: " + e2);
      long e3 = events.escalation(w.pId(), w.pSlug(), w.wa(), "live");
      assertThat(c.await(l -> l.startsWith("id: "), WAIT)).isEqualTo("id: " + e3);
    }
    try (SseClient q = SseClient.open(s.base(), "/v1/status/stream?workspace_id=" + w.wa() + "&last_event_id=" + n,
        w.ka())) {
      assertThat(q.await(l -> l.startsWith("id: "), WAIT)).isEqualTo("id: " + e1);
    }
  }

  @Test
  void anotherProjectsStreamNeverSeesTheseEvents() {
    TwoProjects w = TwoProjects.workspaces(s);
    try (SseClient mine = SseClient.open(s.base(), "/v1/status/stream", w.ka());
         SseClient theirs = SseClient.open(s.base(), "/v1/status/stream", w.kc())) {
      events.escalation(w.pId(), w.pSlug(), w.wa(), "for P");
      events.escalation(w.pId(), w.pSlug(), w.wb(), "for P too");
      assertThat(mine.await(l -> l.contains("for P too"), WAIT)).isNotNull();
      assertThat(theirs.await(l -> l.startsWith("data: "), Duration.ofSeconds(1))).isNull();
    }
    try (SseClient replay = SseClient.open(s.base(), "/v1/status/stream",
        Map.of("Authorization", "Bearer " + w.kc(), "Last-Event-ID", "0"))) {
      assertThat(replay.await(l -> l.startsWith("data: "), Duration.ofSeconds(1))).isNull();
    }
  }

  @Test
  void deletingAWorkspacePublishesBeadUnclaimedOnItsChannel() {
    TwoProjects w = TwoProjects.workspaces(s);
    w.claim(s, w.wb(), "bob-rev", "bd-9");
    w.claim(s, w.wb(), "bob-rev", "bd-10");
    try (SseClient c = SseClient.open(s.base(), "/v1/status/stream?event_types=bead", w.ka())) {
      assertThat(s.delete("/v1/workspaces/" + w.wb(), w.ka()).status()).isEqualTo(200);
      List<String> data = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        data.add(c.await(l -> l.startsWith("data: "), WAIT));
      }
      assertThat(data).allSatisfy(d -> assertThat(d).contains("\"type\":\"bead.unclaimed\"")
          .contains("\"workspace_id\":\"" + w.wb() + "\"").contains("\"reason\":\"workspace_deleted\""));
      assertThat(String.join("\n", data)).contains("bd-9").contains("bd-10");
    }
  }

  @Test
  void aReplayOfMoreThanAThousandEventsIsTruncatedToTheNewest() {
    TwoProjects w = TwoProjects.workspaces(s);
    s.sql().useHandle(h -> h.execute("""
        INSERT INTO server.event_queue (project_id, workspace_id, type, payload)
        SELECT ?::uuid, ?::uuid, 'escalation.created', jsonb_build_object('n', g)::text FROM generate_series(1, 1005) g
        """, w.pId(), w.wa()));
    s.eventsNumbered();
    try (SseClient c = SseClient.open(s.base(), "/v1/status/stream?workspace_id=" + w.wa(),
        Map.of("Authorization", "Bearer " + w.ka(), "Last-Event-ID", "0"))) {
      assertThat(c.await(l -> l.startsWith(":") || l.startsWith("data: "), WAIT)).isEqualTo(": replay truncated");
      assertThat(c.await(l -> l.startsWith("data: "), WAIT)).contains("\"n\":6");
    }
  }
}
