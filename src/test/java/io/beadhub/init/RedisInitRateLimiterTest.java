package io.beadhub.init;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.redis.Redis;
import io.beadhub.testing.TestRedis;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The Redis-backed {@code /v1/init} limiter (spec 10 §8) and its in-process fallback. */
class RedisInitRateLimiterTest {
  @Test
  void countsPerIpInAFixedWindowSharedByInstancesAndFallsBackWhenRedisStops() {
    try (TestRedis server = TestRedis.start(); Redis redis = new Redis(server.url())) {
      InitRateLimiter local = new LocalInitRateLimiter(Clock.systemUTC(), 2, 60);
      RedisInitRateLimiter one = new RedisInitRateLimiter(redis, local, 2, 60);
      RedisInitRateLimiter two = new RedisInitRateLimiter(redis, local, 2, 60);
      assertThat(one.hit("1.2.3.4")).isEmpty();
      assertThat(two.hit("1.2.3.4")).isEmpty();
      assertThat(one.hit("1.2.3.4").orElseThrow()).isBetween(1L, 60L);
      assertThat(one.hit("5.6.7.8")).isEmpty();
      assertThat(redis.commands().sync().ttl("ratelimit:init:1.2.3.4")).isBetween(1L, 60L);

      server.stop();
      // Redis is gone: the in-process counter decides (fresh for this IP).
      assertThat(one.hit("9.9.9.9")).isEmpty();
      assertThat(one.hit("9.9.9.9")).isEmpty();
      assertThat(one.hit("9.9.9.9")).isPresent();
    }
  }
}
