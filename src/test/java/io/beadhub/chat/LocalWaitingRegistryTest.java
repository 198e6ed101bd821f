package io.beadhub.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The in-process waiting registry (spec 20 §3.3) under concurrent streams of one session. */
class LocalWaitingRegistryTest {
  private final UUID session = UUID.randomUUID();
  private final UUID alice = UUID.randomUUID();
  private final UUID bob = UUID.randomUUID();

  @Test
  void aRegistrationRacingTheLastUnregistrationOfItsSessionIsKept() throws Exception {
    CountDownLatch paused = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    AtomicBoolean armed = new AtomicBoolean();
    LocalWaitingRegistry registry = new LocalWaitingRegistry(Clock.systemUTC(), () -> {
      if (armed.getAndSet(false)) {
        paused.countDown();
        awaitQuietly(resume);
      }
    });
    registry.register(session, alice, "alice-stream");
    armed.set(true);
    // Bob's stream opens and stops right after finding the session's members (alice's stream alone)...
    Thread bobOpens = Thread.ofPlatform().start(() -> registry.register(session, bob, "bob-stream"));
    paused.await();
    // ...while alice's stream, the session's last, ends: either it removes the session at once or it
    // waits for bob's registration to finish.
    Thread aliceCloses = Thread.ofPlatform().start(() -> registry.unregister(session, alice, "alice-stream"));
    await().atMost(Duration.ofSeconds(10)).until(() -> aliceCloses.getState() == Thread.State.TERMINATED
        || aliceCloses.getState() == Thread.State.BLOCKED);
    resume.countDown();
    bobOpens.join();
    aliceCloses.join();
    assertThat(registry.waiting(session)).isEqualTo(Set.of(bob));
  }

  @Test
  void theLastUnregistrationFreesTheSessionAndALaterRegistrationCountsAgain() {
    LocalWaitingRegistry registry = new LocalWaitingRegistry(Clock.systemUTC());
    registry.register(session, alice, "one");
    registry.register(session, alice, "two");
    registry.unregister(session, alice, "one");
    assertThat(registry.waiting(session)).isEqualTo(Set.of(alice));
    registry.unregister(session, alice, "two");
    assertThat(registry.waiting(session)).isEmpty();
    registry.register(session, bob, "three");
    assertThat(registry.waiting(session)).isEqualTo(Set.of(bob));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
