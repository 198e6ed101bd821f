package io.beadhub.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beadhub.redis.Redis;
import io.beadhub.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis waiting registry (spec 20 §3.3): a registration and its key's expiry go together. */
class RedisWaitingRegistryTest {
  static TestRedis server;
  static Redis redis;

  @BeforeAll
  static void start() {
    server = TestRedis.start();
    redis = new Redis(server.url());
  }

  @AfterAll
  static void stop() {
    redis.close();
    server.close();
  }

  @Test
  void aRegistrationMadeAsItsSessionsKeyLapsesIsKeptWithAFreshExpiry() {
    UUID session = UUID.randomUUID();
    UUID alice = UUID.randomUUID();
    UUID bob = UUID.randomUUID();
    String key = RedisWaitingRegistry.key(session);
    var cmd = redis.commands().sync();
    AtomicBoolean armed = new AtomicBoolean();
    RedisWaitingRegistry registry = new RedisWaitingRegistry(redis, Clock.systemUTC(), () -> {
      if (armed.getAndSet(false)) {
        // The key's 90 s run out now: alice's stream has not refreshed it since.
        cmd.pexpire(key, 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> cmd.exists(key) == 0);
      }
    });
    registry.register(session, alice, "alice-stream");
    armed.set(true);
    registry.register(session, bob, "bob-stream");
    assertThat(registry.waiting(session)).isEqualTo(Set.of(bob));
    assertThat(cmd.ttl(key)).isBetween(1L, WaitingRegistry.FRESH_SECONDS);
  }
}
