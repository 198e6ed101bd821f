package io.beadhub.common;

import java.util.Optional;
import java.util.UUID;

/** UUID input parsing, lenient as the original's (spec 10 §0.2): output is always canonical lowercase. */
public final class Uuids {
  private Uuids() {
  }

  /** Parses a UUID leniently; empty when the value is not one. */
  public static Optional<UUID> parse(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String s = raw.trim();
    if (s.regionMatches(true, 0, "urn:uuid:", 0, 9)) {
      s = s.substring(9);
    }
    if (s.startsWith("{") && s.endsWith("}") && s.length() >= 2) {
      s = s.substring(1, s.length() - 1);
    }
    s = s.replace("-", "");
    if (s.length() != 32) {
      return Optional.empty();
    }
    for (int i = 0; i < 32; i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return Optional.empty();
      }
    }
    long hi = Long.parseUnsignedLong(s.substring(0, 16), 16);
    long lo = Long.parseUnsignedLong(s.substring(16), 16);
    return Optional.of(new UUID(hi, lo));
  }

  /** A strict canonical form check ("exactly 36 chars and a UUID"). */
  public static Optional<UUID> parseCanonical(String raw) {
    if (raw == null || raw.length() != 36) {
      return Optional.empty();
    }
    return parse(raw);
  }

  public static UUID random() {
    return UUID.randomUUID();
  }

  /**
   * A version-4 UUID from a non-cryptographic generator: for labels such as request ids, never for
   * anything a client could exploit by guessing. {@link UUID#randomUUID} shares one SecureRandom.
   */
  public static UUID label() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo);
  }
}
