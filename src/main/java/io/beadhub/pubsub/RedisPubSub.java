package io.beadhub.pubsub;

import io.beadhub.redis.Redis;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
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
  private final Listeners listeners;
  /**
   * Orders SUBSCRIBE/UNSUBSCRIBE on the connection as the listener set changed: otherwise the UNSUBSCRIBE
   * of a channel's last listener could reach Redis after the SUBSCRIBE of its next one, leaving it deaf.
   */
  private final ReentrantLock order = new ReentrantLock();

  public RedisPubSub(Redis redis) {
    this(redis, new Listeners());
  }

  RedisPubSub(Redis redis, Listeners listeners) {
    this.redis = redis;
    this.listeners = listeners;
    redis.whenConnected(r -> {
      r.pubsub().addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
          listeners.dispatch(channel, message);
        }
      });
      resubscribe();
    });
    redis.onPubSubReconnect(this::resubscribe);
  }

  /** Subscribes every channel a local listener wants (idempotent on the Redis side). */
  void resubscribe() {
    order.lock();
    try {
      var p = redis.pubsub();
      String[] all = listeners.channels();
      if (p != null && all.length > 0) {
        p.async().subscribe(all);
      }
    } catch (RuntimeException e) {
      log.warn("Redis resubscribe refused: {}", e.getMessage());
    } finally {
      order.unlock();
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
    RedisFuture<Void> ack = null;
    order.lock();
    try {
      List<String> fresh = listeners.add(chans, listener);
      var p = redis.pubsub();
      if (p != null && !fresh.isEmpty()) {
        ack = p.async().subscribe(fresh.toArray(new String[0]));
      }
    } catch (RuntimeException e) {
      // refused while the link is down: the channel stays wanted and is subscribed again on reconnect
      log.warn("Redis subscribe refused: {}", e.getMessage());
    } finally {
      order.unlock();
    }
    if (ack != null) {
      // Waiting for the SUBSCRIBE acknowledgement means a publish made after subscribe() returns is seen.
      try {
        ack.get(2, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("Redis subscribe failed for {} channels: {}", chans.size(), e.getMessage());
      }
    }
    return () -> {
      order.lock();
      try {
        List<String> gone = listeners.remove(chans, listener);
        var pc = redis.pubsub();
        if (pc != null && !gone.isEmpty()) {
          pc.async().unsubscribe(gone.toArray(new String[0]));
        }
      } catch (RuntimeException e) {
        log.debug("Redis unsubscribe refused: {}", e.getMessage());
      } finally {
        order.unlock();
      }
    };
  }

  @Override
  public boolean healthy() {
    var c = redis.commands();
    return c != null && c.isOpen();
  }
}
