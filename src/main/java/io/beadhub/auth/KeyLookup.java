package io.beadhub.auth;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** Where the authenticator looks keys up: {@link KeyStore} (the database); a stand-in in tests. */
public interface KeyLookup {
  /** The active key with this hash whose project is live. */
  Optional<KeyStore.KeyRow> findLive(String keyHash);

  /** Whether the project exists and is not deleted. */
  boolean projectLive(UUID projectId);

  /** Records a use of the key (coalesced). */
  void touch(UUID apiKeyId, OffsetDateTime now);
}
