package io.beadhub.pubsub;

import io.beadhub.redis.Redis;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis pub/sub: every replica subscribes to the channels its local listeners need, so a publish
 * on one replica wakes listeners on all of them. One shared subscriber connection; a channel is
 * subscribed while at least one local listener wants it. Listeners run on Lettuce's I/O thread
 * and must not block.
 */
public final class RedisPubSub implements PubSub {
  private static final Logger log = LoggerFactory.getLogger(RedisPubSub.class);

  private final Redis redis;
  private final Map<String, List<BiConsumer<String, String>>> listeners = new ConcurrentHashMap<>();

  public RedisPubSub(Redis redis) {
    this.redis = redis;
    redis.whenConnected(r -> {
      r.pubsub().addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
          dispatch(channel, message);
        }
      });
      String[] all = listeners.keySet().toArray(new String[0]);
      if (all.length > 0) {
        r.pubsub().async().subscribe(all);
      }
    });
  }

  private void dispatch(String channel, String message) {
    List<BiConsumer<String, String>> ls = listeners.get(channel);
    if (ls == null) {
      return;
    }
    for (BiConsumer<String, String> l : ls) {
      try {
        l.accept(channel, message);
      } catch (RuntimeException e) {
        log.warn("pub/sub listener on {} failed", channel, e);
      }
    }
  }

  @Override
  public void publish(String channel, String message) {
    var c = redis.commands();
    if (c == null) {
      log.debug("Redis not connected; dropped publish on {}", channel);
      return;
    }
    c.async().publish(channel, message);
  }

  @Override
  public Subscription subscribe(Collection<String> channels, BiConsumer<String, String> listener) {
    List<String> chans = List.copyOf(channels);
    List<String> fresh = new java.util.ArrayList<>();
    for (String ch : chans) {
      listeners.compute(ch, (k, ls) -> {
        if (ls == null) {
          ls = new CopyOnWriteArrayList<>();
          fresh.add(ch);
        }
        ls.add(listener);
        return ls;
      });
    }
    var p = redis.pubsub();
    if (p != null && !fresh.isEmpty()) {
      // Waiting for the SUBSCRIBE acknowledgement means a publish made after subscribe() returns is seen.
      try {
        p.async().subscribe(fresh.toArray(new String[0])).get(2, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("Redis subscribe failed for {} channels", fresh.size(), e);
      }
    }
    return () -> {
      List<String> gone = new java.util.ArrayList<>();
      for (String ch : chans) {
        listeners.computeIfPresent(ch, (k, ls) -> {
          ls.remove(listener);
          if (ls.isEmpty()) {
            gone.add(ch);
            return null;
          }
          return ls;
        });
      }
      var pc = redis.pubsub();
      if (pc != null && !gone.isEmpty()) {
        pc.async().unsubscribe(gone.toArray(new String[0]));
      }
    };
  }

  @Override
  public boolean healthy() {
    var c = redis.commands();
    return c != null && c.isOpen();
  }
}
