package io.beadhub.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.redis.Redis;
import io.beadhub.testing.TestRedis;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two replicas (two Redis clients) behave as one: a publish on one reaches listeners on the other. */
class RedisPubSubTest {
  @Test
  void aPublishOnOneReplicaReachesListenersOnAnother() throws Exception {
    try (TestRedis server = TestRedis.start();
         Redis a = new Redis(server.url());
         Redis b = new Redis(server.url())) {
      RedisPubSub pa = new RedisPubSub(a);
      RedisPubSub pb = new RedisPubSub(b);
      LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
      PubSub.Subscription sub = pb.subscribe(List.of("chan:x"), (ch, msg) -> got.add(ch + "=" + msg));
      pa.publish("chan:x", "hello");
      pa.publish("chan:other", "not for us");
      assertThat(got.poll(2, TimeUnit.SECONDS)).isEqualTo("chan:x=hello");
      sub.close();
      pa.publish("chan:x", "after close");
      assertThat(got.poll(300, TimeUnit.MILLISECONDS)).isNull();
      assertThat(pa.healthy()).isTrue();
    }
  }

  @Test
  void aChannelLeftAndJoinedAtOnceStaysSubscribed() throws Exception {
    java.util.concurrent.CountDownLatch removed = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch proceed = new java.util.concurrent.CountDownLatch(1);
    // The last listener's leave pauses between the listener set's change and its UNSUBSCRIBE.
    Listeners pausing = new Listeners() {
      @Override
      List<String> remove(java.util.Collection<String> channels, java.util.function.BiConsumer<String, String> l) {
        List<String> gone = super.remove(channels, l);
        removed.countDown();
        try {
          proceed.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return gone;
      }
    };
    try (TestRedis server = TestRedis.start();
         Redis a = new Redis(server.url());
         Redis b = new Redis(server.url())) {
      RedisPubSub publisher = new RedisPubSub(a);
      RedisPubSub replica = new RedisPubSub(b, pausing);
      PubSub.Subscription leaving = replica.subscribe(List.of("chan:x"), (c, m) -> { });
      Thread leave = Thread.ofVirtual().start(leaving::close);
      assertThat(removed.await(5, TimeUnit.SECONDS)).isTrue();
      LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
      // The next listener joins meanwhile; it may wait for the leave to finish, but must not be left deaf.
      Thread join = Thread.ofVirtual().start(() -> replica.subscribe(List.of("chan:x"), (c, m) -> got.add(m)));
      join.join(500);
      proceed.countDown();
      leave.join();
      join.join();
      publisher.publish("chan:x", "hello");
      assertThat(got.poll(2, TimeUnit.SECONDS)).isEqualTo("hello");
    }
  }

  @Test
  void aChannelSubscribedWhileRedisWasDownHearsOnceItIsBack() throws Exception {
    try (TestRedis server = TestRedis.start();
         Redis a = new Redis(server.url());
         Redis b = new Redis(server.url())) {
      RedisPubSub publisher = new RedisPubSub(a);
      RedisPubSub replica = new RedisPubSub(b);
      LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
      replica.subscribe(List.of("chan:before"), (c, m) -> got.add(m));
      server.stop();
      replica.subscribe(List.of("chan:during"), (c, m) -> got.add(m));
      server.restart();
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> {
        publisher.publish("chan:during", "during");
        return "during".equals(got.poll(200, TimeUnit.MILLISECONDS));
      });
      publisher.publish("chan:before", "before");
      assertThat(got.poll(2, TimeUnit.SECONDS)).isEqualTo("before");
    }
  }

  @Test
  void aFailedConnectLeavesNoConnectionBehind() throws Exception {
    // Two clients allowed: the test's own, and one more. Our client's command connection gets the second
    // slot and its pub/sub connection is refused, so connecting fails; each failed try must give its
    // slot back, or the retries after the limit is lifted find one connection too many.
    try (TestRedis server = TestRedis.start(2);
         io.lettuce.core.RedisClient admin = io.lettuce.core.RedisClient.create(server.url());
         var adminConn = admin.connect()) {
      try (Redis r = new Redis(server.url())) {
        assertThat(r.commands()).isNull();
        // a few failed tries: Redis counts the connections it refused
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
            adminConn.sync().info("stats").lines().filter(l -> l.startsWith("rejected_connections:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).sum() >= 2);
        adminConn.sync().configSet("maxclients", "10");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> r.commands() != null);
        long clients = adminConn.sync().clientList().lines().filter(l -> !l.isBlank()).count();
        assertThat(clients).as("admin + commands + pub/sub").isEqualTo(3);
      }
    }
  }
}
