package io.beadhub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beadhub.common.ApiError;
import io.beadhub.pubsub.LocalPubSub;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A cache write that lands after an invalidation must not bring a revoked key back. The interleaving
 * is forced, not timed: the lookup stand-in revokes the key and runs the invalidation while the
 * authenticator is between its database read and its cache write.
 */
class KeyCacheRaceTest {
  private static final String KEY = "aw_sk_" + "ab".repeat(32);
  private final UUID agent = UUID.randomUUID();
  private final KeyStore.KeyRow row = new KeyStore.KeyRow(UUID.randomUUID(), UUID.randomUUID(), agent, null,
      ApiKeys.hash(KEY), OffsetDateTime.now());

  /** A database of one key, and a hook that runs right after a read returns its (then active) row. */
  private final class OneKey implements KeyLookup {
    final AtomicBoolean active = new AtomicBoolean(true);
    final AtomicReference<Runnable> afterRead = new AtomicReference<>(() -> { });

    @Override
    public Optional<KeyStore.KeyRow> findLive(String keyHash) {
      Optional<KeyStore.KeyRow> found = active.get() && keyHash.equals(row.keyHash()) ? Optional.of(row)
          : Optional.empty();
      afterRead.getAndSet(() -> { }).run();
      return found;
    }

    @Override
    public boolean projectLive(UUID projectId) {
      return true;
    }

    @Override
    public void touch(UUID apiKeyId, OffsetDateTime now) {
    }
  }

  @Test
  void anInvalidationBetweenTheDatabaseReadAndTheCacheWriteIsNotUndone() {
    OneKey db = new OneKey();
    KeyCache cache = new KeyCache(new LocalPubSub());
    Authenticator auth = new Authenticator(db, cache, null, Clock.systemUTC());
    db.afterRead.set(() -> {
      db.active.set(false);                  // the deactivation commits...
      cache.invalidateAgents(List.of(agent)); // ...and its invalidation runs before the stale write
    });

    assertThat(auth.bearer("Bearer " + KEY).agentId()).isEqualTo(agent); // read before the revocation

    assertThatThrownBy(() -> auth.bearer("Bearer " + KEY))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  void aKeyReadWithoutAnInvalidationInBetweenIsServedFromTheCache() {
    OneKey db = new OneKey();
    KeyCache cache = new KeyCache(new LocalPubSub());
    Authenticator auth = new Authenticator(db, cache, null, Clock.systemUTC());
    auth.bearer("Bearer " + KEY);
    db.active.set(false); // no invalidation: the cache answers until its entry expires

    assertThat(auth.bearer("Bearer " + KEY).agentId()).isEqualTo(agent);
  }

  @Test
  void anInvalidationReceivedFromAnotherReplicaAlsoStopsTheStaleWrite() {
    OneKey db = new OneKey();
    LocalPubSub bus = new LocalPubSub();
    KeyCache cache = new KeyCache(bus);
    KeyCache otherReplica = new KeyCache(bus);
    Authenticator auth = new Authenticator(db, cache, null, Clock.systemUTC());
    db.afterRead.set(() -> {
      db.active.set(false);
      otherReplica.invalidateAgents(List.of(agent));
    });

    auth.bearer("Bearer " + KEY);

    assertThatThrownBy(() -> auth.bearer("Bearer " + KEY)).isInstanceOf(ApiError.class);
  }
}
