package io.beadhub.chat;

import io.beadhub.redis.Redis;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The waiting registry in Redis (spec 20 §3.3): sorted set {@code chat:waiting:{session_id}} with
 * members {@code agent_id|connection_id} scored by unix seconds; {@code EXPIRE 90} on each write.
 * An unreachable Redis reads as "nobody waiting" and never fails a request.
 */
public final class RedisWaitingRegistry implements WaitingRegistry {
  private static final Logger log = LoggerFactory.getLogger(RedisWaitingRegistry.class);

  /**
   * ZADD and EXPIRE as one script: sent as two commands, the key could lapse between them (its last
   * write 90 s old) and take the new member with it, or, the EXPIRE lost, stay without a TTL.
   */
  private static final String REGISTER = """
      redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
      return redis.call('EXPIRE', KEYS[1], ARGV[3])""";

  private final Redis redis;
  private final Clock clock;
  private final Runnable beforeExpire;

  public RedisWaitingRegistry(Redis redis, Clock clock) {
    this(redis, clock, () -> { });
  }

  /**
   * {@code beforeExpire} runs as a registration is about to be written with its key's new TTL: tests
   * let the key lapse there.
   */
  RedisWaitingRegistry(Redis redis, Clock clock, Runnable beforeExpire) {
    this.redis = redis;
    this.clock = clock;
    this.beforeExpire = beforeExpire;
  }

  static String key(UUID sessionId) {
    return "chat:waiting:" + sessionId;
  }

  private RedisAsyncCommands<String, String> async() {
    var c = redis.commands();
    return c == null ? null : c.async();
  }

  private double nowSeconds() {
    return clock.millis() / 1000.0;
  }

  @Override
  public void register(UUID sessionId, UUID agentId, String connectionId) {
    run("registration", a -> {
      beforeExpire.run();
      return a.eval(REGISTER, ScriptOutputType.INTEGER, new String[] {key(sessionId)},
          String.format(Locale.ROOT, "%.3f", nowSeconds()), agentId + "|" + connectionId,
          Long.toString(FRESH_SECONDS));
    });
  }

  @Override
  public void unregister(UUID sessionId, UUID agentId, String connectionId) {
    run("unregistration", a -> a.zrem(key(sessionId), agentId + "|" + connectionId));
  }

  /** One command, awaited a bounded time; Redis trouble is logged, not thrown: the registry is only a hint. */
  private void run(String what, Function<RedisAsyncCommands<String, String>, RedisFuture<?>> command) {
    var a = async();
    if (a == null) {
      return;
    }
    try {
      command.apply(a).get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("chat waiting {} failed: {}", what, e.toString());
    }
  }

  @Override
  public Map<UUID, Set<UUID>> waiting(Collection<UUID> sessionIds) {
    var a = async();
    if (a == null || sessionIds.isEmpty()) {
      return Map.of();
    }
    double cutoff = nowSeconds() - FRESH_SECONDS;
    Map<UUID, RedisFuture<List<String>>> pending = new LinkedHashMap<>();
    for (UUID s : sessionIds) {
      a.zremrangebyscore(key(s), Range.create(Double.NEGATIVE_INFINITY, cutoff - 1e-6));
      pending.put(s, a.zrangebyscore(key(s), Range.create(cutoff, Double.POSITIVE_INFINITY)));
    }
    Map<UUID, Set<UUID>> out = new HashMap<>();
    try {
      for (var e : pending.entrySet()) {
        Set<UUID> agents = new HashSet<>();
        for (String member : e.getValue().get(2, TimeUnit.SECONDS)) {
          int bar = member.indexOf('|');
          try {
            agents.add(UUID.fromString(bar < 0 ? member : member.substring(0, bar)));
          } catch (IllegalArgumentException ignored) {
            // a foreign member: not ours to interpret
          }
        }
        if (!agents.isEmpty()) {
          out.put(e.getKey(), agents);
        }
      }
    } catch (Exception e) {
      log.warn("chat waiting lookup failed: {}", e.toString());
      return Map.of();
    }
    return out;
  }
}
