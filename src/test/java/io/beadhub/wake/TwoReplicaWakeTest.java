package io.beadhub.wake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beadhub.testing.Agent;
import io.beadhub.testing.Agents;
import io.beadhub.testing.Resp;
import io.beadhub.testing.SseClient;
import io.beadhub.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * "Is streaming" holds across replicas (docs/delivery.md): an agent streaming its events on one replica is
 * not woken by the wake worker of another, with no Redis between them.
 */
class TwoReplicaWakeTest {
  static final int WINDOW = 5;
  static final Duration WAIT = Duration.ofSeconds(20);

  /** Both replicas' clocks to one second after the start of their next coalescing window. */
  static void toNextWindow(TestServer one, TestServer two) {
    long now = one.clock().instant().toEpochMilli();
    long next = (now / (WINDOW * 1000L) + 1) * WINDOW * 1000L + 1000;
    one.clock().advance(Duration.ofMillis(next - now));
    two.clock().advance(Duration.ofMillis(next - now));
  }

  static String mail(TestServer s, Agent from, Agent to) {
    Resp r = s.post("/v1/messages", Map.of("to_alias", to.alias(), "body", "wake up"), from.key());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.get("message_id").asText();
  }

  @Test
  void anAgentStreamingOnOneReplicaIsWokenByNeitherAndOnceItsStreamClosed() throws InterruptedException {
    Map<String, String> env = Map.of("BEADHUB_WAKE_COALESCE_SECONDS", Integer.toString(WINDOW));
    try (WebhookReceiver receiver = new WebhookReceiver(0);
         TestServer one = TestServer.start(env);
         TestServer two = TestServer.startOn(one.databaseUrl(), env)) {
      Agent alice = Agents.in(one, "wake2").alias("alice").init();
      Agent bob = Agents.in(one, "wake2").alias("bob").init();
      assertThat(one.put("/v1/agents/me/wake", Map.of("webhook_url", receiver.url(), "secret", WakeTest.SECRET),
          bob.key()).status()).isEqualTo(200);

      try (SseClient sse = SseClient.open(two.base(), "/v1/agents/me/events", bob.key())) {
        assertThat(sse.status()).isEqualTo(200);
        // Three windows, each with a mail through the other replica: whichever worker reads the event
        // (they share the cursor), none wakes bob.
        for (int i = 0; i < 3; i++) {
          toNextWindow(one, two);
          String id = mail(one, alice, bob);
          SseClient.Frame f = sse.nextEvent(WAIT);
          assertThat(f).isNotNull();
          assertThat(f.data().get("message_id").asText()).isEqualTo(id);
        }
        one.eventsNumbered();
        Thread.sleep(1500); // both workers have passed over the three events
        assertThat(receiver.hits()).isEmpty();
      }

      toNextWindow(one, two);
      mail(one, alice, bob);
      await().atMost(WAIT).until(() -> receiver.hits().size() >= 1);
      Thread.sleep(1000);
      assertThat(receiver.hits()).hasSize(1);
    }
  }
}
