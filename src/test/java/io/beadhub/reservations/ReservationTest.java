package io.beadhub.reservations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import io.beadhub.testing.Agent;
import io.beadhub.testing.Agents;
import io.beadhub.testing.ProxyAuth;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 20 §4 and acceptance checks 34–48. Each test uses its own keys. */
class ReservationTest {
  static final String ISO_OFFSET = "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+00:00$";
  static TestServer server;
  static Agent alice;
  static Agent bob;
  static Agent quinn;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("BEADHUB_INTERNAL_AUTH_SECRET", ProxyAuth.SECRET));
    alice = Agents.in(server, "smoke-demo").alias("alice-dev").init();
    bob = Agents.in(server, "smoke-demo").alias("bob-rev").init();
    quinn = Agents.in(server, "other-proj").alias("quinn").init();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Resp acquire(Agent p, Map<String, Object> body) {
    return server.post("/v1/reservations", body, p.key());
  }

  static Map<String, Object> lock(String key, Object ttl) {
    Map<String, Object> m = new HashMap<>();
    m.put("resource_key", key);
    m.put("ttl_seconds", ttl);
    return m;
  }

  static JsonNode list(Agent p, String query) {
    Resp r = server.get("/v1/reservations" + query, p.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  static long seconds(String from, String to) {
    return Duration.between(OffsetDateTime.parse(from), OffsetDateTime.parse(to)).toSeconds();
  }

  static JsonNode item(JsonNode list, String key) {
    for (JsonNode i : list.path("reservations")) {
      if (i.path("resource_key").asText().equals(key)) {
        return i;
      }
    }
    return null;
  }

  @Test
  void acquireConflictListRenewReleaseLifecycle() {
    // A project of its own: the list assertions count every live reservation of the project.
    Agent alice = Agents.in(server, "smoke-locks").alias("alice-dev").init();
    Agent bob = Agents.in(server, "smoke-locks").alias("bob-rev").init();
    Resp r = acquire(alice, Map.of("resource_key", "src/app.py", "ttl_seconds", 300,
        "metadata", Map.of("reason", "editing")));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.get("status").asText()).isEqualTo("acquired");
    assertThat(r.get("holder_alias").asText()).isEqualTo("alice-dev");
    assertThat(r.get("holder_agent_id").asText()).isEqualTo(alice.agentId());
    assertThat(r.get("project_id").asText()).isEqualTo(alice.projectId());
    assertThat(r.get("acquired_at").asText()).matches(ISO_OFFSET);
    assertThat(r.get("expires_at").asText()).matches(ISO_OFFSET);
    assertThat(seconds(r.get("acquired_at").asText(), r.get("expires_at").asText())).isEqualTo(300);
    String acquiredAt = r.get("acquired_at").asText();

    Resp conflict = acquire(bob, Map.of("resource_key", "src/app.py"));
    assertThat(conflict.status()).isEqualTo(409);
    List<String> keys = new ArrayList<>();
    conflict.json().fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactlyInAnyOrder("detail", "holder_agent_id", "holder_alias", "expires_at");
    assertThat(conflict.detail()).isEqualTo("Reservation is already held");
    assertThat(conflict.get("holder_alias").asText()).isEqualTo("alice-dev");
    assertThat(acquire(alice, Map.of("resource_key", "src/app.py")).status()).isEqualTo(409);

    JsonNode all = list(bob, "");
    assertThat(all.path("count").asInt()).isEqualTo(1);
    JsonNode it = all.path("reservations").get(0);
    assertThat(it.path("reason").asText()).isEqualTo("editing");
    assertThat(it.path("bead_id").isNull()).isTrue();
    assertThat(it.path("exclusive").asBoolean()).isTrue();
    assertThat(it.path("ttl_remaining_seconds").asInt()).isBetween(295, 300);
    assertThat(it.path("metadata").toString()).isEqualTo("{\"reason\":\"editing\"}");
    assertThat(it.path("reservation_id").asText()).hasSize(36);
    assertThat(it.path("holder_agent_id").asText()).isEqualTo(alice.agentId());
    assertThat(it.path("holder_alias").asText()).isEqualTo("alice-dev");
    assertThat(it.path("project_id").asText()).isEqualTo(alice.projectId());
    assertThat(list(bob, "?alias=bob-rev").path("count").asInt()).isZero();
    assertThat(list(bob, "?alias=bob-rev").path("reservations").size()).isZero();
    assertThat(list(bob, "?prefix=src/").path("count").asInt()).isEqualTo(1);
    assertThat(list(bob, "?path_prefix=src/").path("count").asInt()).isEqualTo(1);
    assertThat(list(bob, "?prefix=lib/").path("count").asInt()).isZero();
    assertThat(list(bob, "?workspace_id=anything").path("count").asInt()).isEqualTo(1);
    assertThat(list(quinn, "").path("count").asInt()).isZero();

    Resp bobRenew = server.post("/v1/reservations/renew", Map.of("resource_key", "src/app.py"), bob.key());
    assertThat(bobRenew.status()).isEqualTo(409);
    assertThat(bobRenew.text()).isEqualTo("{\"detail\":\"Reservation held by another agent\"}");
    Resp bobRelease = server.post("/v1/reservations/release", Map.of("resource_key", "src/app.py"), bob.key());
    assertThat(bobRelease.status()).isEqualTo(409);
    Resp renew = server.post("/v1/reservations/renew", lock("src/app.py", 120), alice.key());
    assertThat(renew.status()).isEqualTo(200);
    assertThat(renew.get("status").asText()).isEqualTo("renewed");
    assertThat(seconds(OffsetDateTime.now().toString(), renew.get("expires_at").asText())).isBetween(115L, 120L);
    assertThat(item(list(alice, ""), "src/app.py").path("acquired_at").asText()).isEqualTo(acquiredAt);

    Resp release = server.post("/v1/reservations/release", Map.of("resource_key", "src/app.py"), alice.key());
    assertThat(release.status()).isEqualTo(200);
    assertThat(release.get("status").asText()).isEqualTo("released");
    assertThat(release.get("resource_key").asText()).isEqualTo("src/app.py");
    assertThat(server.post("/v1/reservations/release", Map.of("resource_key", "src/app.py"), alice.key()).status())
        .isEqualTo(200);
    Resp missing = server.post("/v1/reservations/renew", Map.of("resource_key", "src/app.py"), alice.key());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.detail()).isEqualTo("Reservation not found");

    JsonNode acquired = event("reservation.acquired", alice.agentId(), "src/app.py");
    assertThat(acquired.path("alias").asText()).isEqualTo("alice-dev");
    assertThat(acquired.path("ttl_seconds").asInt()).isEqualTo(300);
    assertThat(acquired.path("reason").asText()).isEqualTo("editing");
    assertThat(acquired.path("exclusive").asBoolean()).isTrue();
    assertThat(acquired.path("bead_id").isNull()).isTrue();
    JsonNode released = event("reservation.released", alice.agentId(), "src/app.py");
    assertThat(released.path("alias").asText()).isEqualTo("alice-dev");
    server.eventsNumbered();
    int releasedEvents = server.sql().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM server.events WHERE type = 'reservation.released' AND payload->'paths' @> '[\"src/app.py\"]'")
        .mapTo(Integer.class).one());
    assertThat(releasedEvents).isEqualTo(1);
  }

  static JsonNode event(String type, String workspace, String path) {
    server.eventsNumbered();
    return server.sql().withHandle(h -> io.beadhub.common.Json.tree(h.createQuery("""
            SELECT payload::text FROM server.events
             WHERE type = :type AND workspace_id = CAST(:ws AS uuid) AND payload->'paths' @> jsonb_build_array(CAST(:path AS text))
             ORDER BY event_id LIMIT 1
            """).bind("type", type).bind("ws", workspace).bind("path", path).mapTo(String.class).one()));
  }

  @Test
  void ttlIsClampedAndFieldsValidated() {
    Resp low = acquire(alice, lock("ttl/low", 5));
    assertThat(seconds(low.get("acquired_at").asText(), low.get("expires_at").asText())).isEqualTo(60);
    Resp high = acquire(alice, lock("ttl/high", 99999));
    assertThat(seconds(high.get("acquired_at").asText(), high.get("expires_at").asText())).isEqualTo(3600);
    Resp dflt = acquire(alice, Map.of("resource_key", "ttl/default"));
    assertThat(seconds(dflt.get("acquired_at").asText(), dflt.get("expires_at").asText())).isEqualTo(60);
    assertThat(acquire(alice, lock("ttl/zero", 0)).status()).isEqualTo(422);
    assertThat(acquire(alice, lock("ttl/str", "300")).status()).isEqualTo(422);
    assertThat(acquire(alice, lock("", 60)).status()).isEqualTo(422);
    assertThat(acquire(alice, lock("k".repeat(4097), 60)).status()).isEqualTo(422);
    assertThat(acquire(alice, lock("k".repeat(4096), 60)).status()).isEqualTo(200);
    assertThat(acquire(alice, Map.of("resource_key", "ttl/meta", "metadata", List.of(1))).status()).isEqualTo(422);
    assertThat(acquire(alice, Map.of("ttl_seconds", 60)).status()).isEqualTo(422);
  }

  @Test
  void expiredReservationsCountAsAbsent() {
    assertThat(acquire(alice, lock("exp/a.py", 60)).status()).isEqualTo(200);
    server.sql().useHandle(h -> h.createUpdate(
        "UPDATE aweb.reservations SET expires_at = now() - interval '1 second' WHERE resource_key = 'exp/a.py'")
        .execute());
    assertThat(item(list(bob, ""), "exp/a.py")).isNull();
    assertThat(server.post("/v1/reservations/renew", lock("exp/a.py", 60), alice.key()).status()).isEqualTo(404);
    Resp b = acquire(bob, lock("exp/a.py", 60));
    assertThat(b.status()).isEqualTo(200);
    assertThat(b.get("holder_alias").asText()).isEqualTo("bob-rev");
  }

  @Test
  void revokeByPrefixAndAll() {
    Agent ann = Agents.in(server, "smoke-demo").alias("ann").init();
    for (String k : List.of("src/a.py", "src/b.py", "docs/x.md")) {
      assertThat(acquire(ann, lock(k, 60)).status()).isEqualTo(200);
    }
    Resp r = server.post("/v1/reservations/revoke", Map.of("prefix", "src/"), ann.key());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo(
        "{\"status\":\"revoked\",\"deleted\":2,\"revoked_count\":2,\"revoked_keys\":[\"src/a.py\",\"src/b.py\"]}");
    Resp all = server.post("/v1/reservations/revoke", Map.of(), ann.key());
    assertThat(all.get("revoked_count").asInt()).isEqualTo(1);
    assertThat(all.get("revoked_keys").toString()).isEqualTo("[\"docs/x.md\"]");
    server.eventsNumbered();
    int events = server.sql().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM server.events WHERE type = 'reservation.released' AND workspace_id = CAST(:a AS uuid)")
        .bind("a", ann.agentId()).mapTo(Integer.class).one());
    assertThat(events).isEqualTo(2);
  }

  @Test
  void revokeCannotTouchOthersReservations() {
    Agent ben = Agents.in(server, "smoke-demo").alias("ben").init();
    Agent cat = Agents.in(server, "smoke-demo").alias("cat").init();
    assertThat(acquire(ben, lock("lib/z.py", 60)).status()).isEqualTo(200);
    Resp r = server.post("/v1/reservations/revoke", Map.of("prefix", "lib/"), cat.key());
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.detail()).isEqualTo("Cannot revoke reservations held by other agents");
    assertThat(item(list(cat, ""), "lib/z.py").path("holder_alias").asText()).isEqualTo("ben");
    Resp none = server.post("/v1/reservations/revoke", Map.of("prefix", "zzz"), cat.key());
    assertThat(none.status()).isEqualTo(200);
    assertThat(none.get("revoked_count").asInt()).isZero();
  }

  @Test
  void prefixMatchingIsLiteral() {
    Agent dan = Agents.in(server, "smoke-demo").alias("dan").init();
    assertThat(acquire(dan, lock("a_b", 60)).status()).isEqualTo(200);
    assertThat(acquire(dan, lock("axb", 60)).status()).isEqualTo(200);
    Resp r = server.post("/v1/reservations/revoke", Map.of("prefix", "a_"), dan.key());
    assertThat(r.get("revoked_keys").toString()).isEqualTo("[\"a_b\"]");
    assertThat(item(list(dan, "?prefix=a"), "axb")).isNotNull();
  }

  @Test
  void twoConcurrentAcquiresGiveOne200AndOne409() throws Exception {
    for (int round = 0; round < 10; round++) {
      String key = "race/" + round;
      CountDownLatch go = new CountDownLatch(1);
      Callable<Integer> a = () -> {
        go.await();
        return acquire(alice, lock(key, 60)).status();
      };
      Callable<Integer> b = () -> {
        go.await();
        return acquire(bob, lock(key, 60)).status();
      };
      try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
        Future<Integer> fa = ex.submit(a);
        Future<Integer> fb = ex.submit(b);
        go.countDown();
        assertThat(List.of(fa.get(), fb.get())).containsExactlyInAnyOrder(200, 409);
      }
    }
  }

  @Test
  void unboundKeyAndPublicReaders() {
    String raw = "aw_sk_" + "ab".repeat(32);
    server.sql().useHandle(h -> h.createUpdate("""
            INSERT INTO aweb.api_keys (project_id, key_prefix, key_hash, agent_id)
            VALUES (CAST(:p AS uuid), :prefix, encode(sha256(convert_to(:k, 'UTF8')), 'hex'), NULL)
            """).bind("p", alice.projectId()).bind("prefix", raw.substring(0, 12)).bind("k", raw).execute());
    Resp unbound = server.post("/v1/reservations", lock("unbound.py", 60), raw);
    assertThat(unbound.status()).isEqualTo(403);
    assertThat(unbound.detail()).isEqualTo("API key is not bound to an agent");
    assertThat(server.get("/v1/reservations", raw).status()).isEqualTo(200);

    Map<String, String> pub = ProxyAuth.json(ProxyAuth.publicReader(alice.projectId(), alice.agentId()));
    assertThat(server.send("GET", "/v1/reservations", null, pub).status()).isEqualTo(200);
    Resp post = server.send("POST", "/v1/reservations", lock("pub.py", 60), pub);
    assertThat(post.status()).isEqualTo(403);
    assertThat(post.detail()).isEqualTo("Not available to public readers");
  }

  @Test
  void anAgentDeregisteredAfterAnAcquireCannotAcquireAgain() {
    Agent dora = Agents.in(server, "smoke-demo").alias("dora-gone").init();
    Map<String, String> asDora = ProxyAuth.json(ProxyAuth.user(dora.projectId(),
        java.util.UUID.randomUUID().toString(), dora.agentId()));
    assertThat(server.send("POST", "/v1/reservations", lock("dora-1.py", 60), asDora).status()).isEqualTo(200);
    assertThat(server.delete("/v1/agents/me", dora.key()).status()).isEqualTo(200);
    Resp again = server.send("POST", "/v1/reservations", lock("dora-2.py", 60), asDora);
    assertThat(again.status()).as(again.toString()).isEqualTo(404);
    assertThat(again.detail()).isEqualTo("Agent not found");
    assertThat(item(list(alice, ""), "dora-2.py")).isNull();
  }
}
