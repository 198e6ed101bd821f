package io.beadhub.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** API key format and hashing (spec 10 §2): {@code aw_sk_} + 64 hex, stored as SHA-256 hex only. */
public final class ApiKeys {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {
  }

  public static String mint() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return "aw_sk_" + HexFormat.of().formatHex(b);
  }

  public static String prefix(String key) {
    return key.substring(0, Math.min(12, key.length()));
  }

  public static String hash(String key) {
    return HexFormat.of().formatHex(sha256(key.getBytes(StandardCharsets.UTF_8)));
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
