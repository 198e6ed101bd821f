package io.beadhub.init;

import io.beadhub.redis.Redis;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /v1/init} limiter shared by replicas (spec 10 §8): {@code INCR ratelimit:init:<ip>},
 * with the window TTL set on the first increment. On any Redis error it falls back to the
 * in-process limiter (Ours: the original failed closed with 503).
 */
public record RedisInitRateLimiter(Redis redis, InitRateLimiter fallback, int limit, int windowSeconds) implements InitRateLimiter {
  private static final Logger log = LoggerFactory.getLogger(RedisInitRateLimiter.class);

  @Override
  public OptionalLong hit(String ip) {
    var c = redis.commands();
    if (c == null) {
      return fallback.hit(ip);
    }
    try {
      String key = "ratelimit:init:" + ip;
      var a = c.async();
      long n = a.incr(key).get(2, TimeUnit.SECONDS);
      long ttl;
      if (n == 1) {
        a.expire(key, windowSeconds).get(2, TimeUnit.SECONDS);
        ttl = windowSeconds;
      } else {
        ttl = a.ttl(key).get(2, TimeUnit.SECONDS);
        if (ttl < 0) {
          // A counter without a TTL (its EXPIRE was lost) would block the IP forever: restart the window.
          a.expire(key, windowSeconds).get(2, TimeUnit.SECONDS);
          ttl = windowSeconds;
        }
      }
      return n <= limit ? OptionalLong.empty() : OptionalLong.of(Math.max(1, ttl));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fallback.hit(ip);
    } catch (Exception e) {
      log.warn("Redis rate limiter failed ({}); using the in-process counter", e.getMessage());
      return fallback.hit(ip);
    }
  }
}
