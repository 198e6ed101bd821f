package io.beadhub.pubsub;

import io.beadhub.redis.Redis;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
  private final Listeners listeners = new Listeners();

  public RedisPubSub(Redis redis) {
    this.redis = redis;
    redis.whenConnected(r -> {
      r.pubsub().addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
          listeners.dispatch(channel, message);
        }
      });
      String[] all = listeners.channels();
      if (all.length > 0) {
        r.pubsub().async().subscribe(all);
      }
    });
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
    List<String> fresh = listeners.add(chans, listener);
    var p = redis.pubsub();
    if (p != null && !fresh.isEmpty()) {
      // Waiting for the SUBSCRIBE acknowledgement means a publish made after subscribe() returns is seen.
      try {
        p.async().subscribe(fresh.toArray(new String[0])).get(2, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("Redis subscribe failed for {} channels", fresh.size(), e);
      }
    }
    return () -> {
      List<String> gone = listeners.remove(chans, listener);
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
