package io.beadhub.testing;

import java.io.IOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/** An embedded Redis on a free port, for tests of the Redis paths (no external service needed). */
public final class TestRedis implements AutoCloseable {
  private final RedisServer server;
  private final int port;

  private TestRedis(RedisServer server, int port) {
    this.server = server;
    this.port = port;
  }

  public static TestRedis start() {
    return start(10_000);
  }

  /** A server that accepts at most {@code maxClients} connections. */
  public static TestRedis start(int maxClients) {
    try {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
          .setting("save \"\"").setting("appendonly no").setting("maxclients " + maxClients).build();
      server.start();
      return new TestRedis(server, port);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start embedded Redis", e);
    }
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Starts the stopped server again on the same port (an outage that ends). */
  public void restart() {
    try {
      server.start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public void stop() {
    try {
      server.stop();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (server.isActive()) {
      stop();
    }
  }
}
