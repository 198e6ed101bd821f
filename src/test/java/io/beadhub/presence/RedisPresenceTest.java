package io.beadhub.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.redis.Redis;
import io.beadhub.testing.TestRedis;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis presence store against an embedded Redis (spec 30 §5.3–5.4). */
class RedisPresenceTest {
  static TestRedis server;
  static Redis redis;
  static RedisPresence p;

  @BeforeAll
  static void start() {
    server = TestRedis.start();
    redis = new Redis(server.url());
    p = new RedisPresence(redis, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    redis.close();
    server.close();
  }

  static PresenceRecord rec(String id, String project, String alias, String role) {
    return new PresenceRecord(id, alias, "Alice", project, "slug", "repo-1", "", "bdh", "", "active", "main", null,
        "github.com/a/b", role, null);
  }

  @Test
  void upsertMergesOptionalFieldsAndMaintainsTheIndexes() {
    String lastSeen = p.upsert(rec("w1", "p1", "alice", "dev"), 60);
    p.upsert(rec("w1", "p1", "alice", null), 60);
    PresenceRecord r = p.get("w1").orElseThrow();
    assertThat(r.role()).isEqualTo("dev");
    assertThat(r.canonicalOrigin()).isEqualTo("github.com/a/b");
    assertThat(r.lastSeen()).isNotEmpty();
    assertThat(lastSeen).endsWith("+00:00");
    assertThat(p.listByProject("p1")).extracting(PresenceRecord::workspaceId).containsExactly("w1");
    assertThat(p.aliasOwner("p1", "alice")).contains("w1");
    long ttl = redis.commands().sync().ttl("presence:w1");
    assertThat(ttl).isBetween(1L, 60L);
    assertThat(redis.commands().sync().ttl("idx:project_workspaces:p1")).isBetween(61L, 120L);
  }

  @Test
  void getManyKeepsInputOrderAndSkipsAbsentRecords() {
    p.upsert(rec("m1", "pm", "a1", null), 60);
    p.upsert(rec("m2", "pm", "a2", null), 60);
    assertThat(p.getMany(List.of("m2", "none", "m1"))).extracting(PresenceRecord::workspaceId)
        .containsExactly("m2", "m1");
  }

  @Test
  void clearRemovesRecordsAndIndexEntries() {
    p.upsert(rec("c1", "pc", "alias:with:colons", null), 60);
    p.upsertAgent("c1", "alias:with:colons", "pc", 60);
    assertThat(redis.commands().sync().exists("idx:alias:pc:alias%3Awith%3Acolons")).isEqualTo(1);
    assertThat(p.clear(List.of("c1", "never"))).isEqualTo(1);
    assertThat(p.get("c1")).isEmpty();
    assertThat(p.getAgent("c1")).isEmpty();
    assertThat(p.listByProject("pc")).isEmpty();
    assertThat(p.aliasOwner("pc", "alias:with:colons")).isEmpty();
  }

  @Test
  void expiredRecordsAreGoneAndStaleIndexEntriesAreDropped() {
    p.upsert(rec("e1", "pe", "old", null), 60);
    // Redis expires the record on its own clock; making the TTL run out now is the same for the indexes.
    redis.commands().sync().pexpire(RedisPresence.key("e1"), 1);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
        .until(() -> redis.commands().sync().exists(RedisPresence.key("e1")) == 0);
    assertThat(p.get("e1")).isEmpty();
    assertThat(p.listByProject("pe")).isEmpty();
    assertThat(redis.commands().sync().sismember("idx:project_workspaces:pe", "e1")).isFalse();
    assertThat(p.aliasOwner("pe", "old")).isEmpty();
  }

  @Test
  void updateChangesFieldsWithoutTouchingTheTtl() {
    p.upsert(rec("u1", "pu", "u", "dev"), 60);
    String before = p.get("u1").orElseThrow().lastSeen();
    assertThat(p.update("u1", r -> new PresenceRecord(r.workspaceId(), r.alias(), r.humanName(), r.projectId(),
        r.projectSlug(), r.repoId(), r.memberEmail(), r.program(), r.model(), r.status(), r.currentBranch(),
        r.lastSeen(), r.canonicalOrigin(), "reviewer", "UTC"))).isTrue();
    PresenceRecord after = p.get("u1").orElseThrow();
    assertThat(after.role()).isEqualTo("reviewer");
    assertThat(after.timezone()).isEqualTo("UTC");
    assertThat(after.lastSeen()).isEqualTo(before);
    assertThat(p.update("absent", r -> r)).isFalse();
  }

  @Test
  void agentPresenceRoundTrips() {
    p.upsertAgent("ag1", "alice", "pa", 60);
    assertThat(p.getAgents(List.of("ag1", "ag2"))).containsOnlyKeys("ag1");
    assertThat(p.getAgent("ag1").orElseThrow().projectId()).isEqualTo("pa");
  }
}
