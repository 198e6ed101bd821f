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
}
