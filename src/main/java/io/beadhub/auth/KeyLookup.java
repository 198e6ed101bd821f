package io.beadhub.auth;

import java.util.Optional;
import java.util.UUID;

/** Where the authenticator looks keys up: {@link KeyStore} (the database); a stand-in in tests. */
public interface KeyLookup {
  /** The active key with this hash whose project is live. */
  Optional<KeyStore.KeyRow> findLive(String keyHash);

  /** Records a use of the key (coalesced). */
  void touch(UUID apiKeyId);
}
