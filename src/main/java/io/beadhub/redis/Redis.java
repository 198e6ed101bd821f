package io.beadhub.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis client (Lettuce) and its two connections: commands and pub/sub. An unreachable Redis
 * does not stop the server (spec 30 §9.3): connecting is retried in the background with backoff,
 * and users see "not connected" meanwhile. Lettuce reconnects (and resubscribes) by itself after.
 */
public final class Redis implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Redis.class);

  private final RedisClient client;
  private final AtomicReference<StatefulRedisConnection<String, String>> commands = new AtomicReference<>();
  private final AtomicReference<StatefulRedisPubSubConnection<String, String>> pubsub = new AtomicReference<>();
  private final List<Consumer<Redis>> onConnect = new ArrayList<>();
  private volatile boolean closed;

  public Redis(String url) {
    RedisURI uri = RedisURI.create(url);
    uri.setTimeout(Duration.ofSeconds(2));
    this.client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder().autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
    if (!tryConnect()) {
      Thread.ofVirtual().name("redis-connect").start(this::connectLoop);
    }
  }

  /** Runs {@code action} once connected (now, if already). */
  public synchronized void whenConnected(Consumer<Redis> action) {
    onConnect.add(action);
    if (commands.get() != null) {
      action.accept(this);
    }
  }

  private synchronized boolean tryConnect() {
    StatefulRedisConnection<String, String> c = null;
    try {
      c = client.connect(StringCodec.UTF8);
      StatefulRedisPubSubConnection<String, String> p = client.connectPubSub(StringCodec.UTF8);
      commands.set(c);
      pubsub.set(p);
      log.info("connected to Redis");
      for (Consumer<Redis> a : onConnect) {
        a.accept(this);
      }
      return true;
    } catch (RuntimeException e) {
      if (c != null) {
        c.closeAsync(); // the command connection opened, the pub/sub one did not: do not leak it per retry
      }
      log.warn("Redis unreachable ({}); retrying in the background", e.getMessage());
      return false;
    }
  }

  /**
   * Runs {@code action} (off Lettuce's I/O thread) every time the pub/sub connection comes back after a
   * loss. Lettuce resubscribes the channels it knew of; a channel subscribed while the link was down was
   * refused, so its owner subscribes again here.
   */
  public void onPubSubReconnect(Runnable action) {
    client.addListener(new io.lettuce.core.RedisConnectionStateListener() {
      @Override
      public void onRedisConnected(io.lettuce.core.RedisChannelHandler<?, ?> connection,
                                   java.net.SocketAddress address) {
        if (connection == pubsub.get()) {
          Thread.ofVirtual().name("redis-resubscribe").start(action);
        }
      }
    });
  }

  private void connectLoop() {
    long delay = 100;
    while (!closed) {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        return;
      }
      if (tryConnect()) {
        return;
      }
      delay = Math.min(5000, delay * 2);
    }
  }

  /** The command connection, or null while not connected. */
  public StatefulRedisConnection<String, String> commands() {
    return commands.get();
  }

  /** The pub/sub connection, or null while not connected. */
  public StatefulRedisPubSubConnection<String, String> pubsub() {
    return pubsub.get();
  }

  /** {@code ok}, or {@code error: …} (for /health). */
  public String ping() {
    StatefulRedisConnection<String, String> c = commands.get();
    if (c == null) {
      return "error: not connected";
    }
    try {
      String pong = c.sync().ping();
      return "PONG".equalsIgnoreCase(pong) ? "ok" : "error: " + pong;
    } catch (RuntimeException e) {
      return "error: " + e.getMessage();
    }
  }

  @Override
  public void close() {
    closed = true;
    var p = pubsub.getAndSet(null);
    if (p != null) {
      p.closeAsync();
    }
    var c = commands.getAndSet(null);
    if (c != null) {
      c.closeAsync();
    }
    client.shutdownAsync(0, 2, java.util.concurrent.TimeUnit.SECONDS);
  }
}
