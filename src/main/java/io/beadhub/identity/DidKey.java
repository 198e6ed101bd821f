package io.beadhub.identity;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Ed25519 identity material (spec 10 §6): did:key, the canonical public key text, stable ids and
 * signature checks. The JDK's Ed25519 provider does the cryptography.
 */
public final class DidKey {
  /** X.509 SubjectPublicKeyInfo prefix of a raw 32-byte Ed25519 key. */
  private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

  /** A freshly generated public key, as the server makes for custodial agents (the seed is dropped). */
  public record Generated(String did, String publicKey, String stableId) {
  }

  private DidKey() {
  }

  public static Generated generate() {
    try {
      KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] encoded = kp.getPublic().getEncoded();
      byte[] raw = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
      String did = didOf(raw);
      return new Generated(did, canonicalPublicKey(raw), stableIdOfRaw(raw));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code did:key:z} + base58btc(0xED 0x01 ‖ key). */
  public static String didOf(byte[] raw) {
    byte[] mc = new byte[34];
    mc[0] = (byte) 0xED;
    mc[1] = 0x01;
    System.arraycopy(raw, 0, mc, 2, 32);
    return "did:key:z" + Base58.encode(mc);
  }

  /** The raw 32-byte key of a did:key, if it is one. */
  public static Optional<byte[]> rawOfDid(String did) {
    if (did == null || !did.startsWith("did:key:z")) {
      return Optional.empty();
    }
    byte[] mc = Base58.decode(did.substring(9));
    if (mc == null || mc.length != 34 || mc[0] != (byte) 0xED || mc[1] != 0x01) {
      return Optional.empty();
    }
    return Optional.of(Arrays.copyOfRange(mc, 2, 34));
  }

  /** base64url without padding. */
  public static String canonicalPublicKey(byte[] raw) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  /** Decodes a public key given as base64 (url-safe or standard, padding optional) of 32 bytes. */
  public static Optional<byte[]> decodePublicKey(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.trim().replace('+', '-').replace('/', '_');
    while (s.endsWith("=")) {
      s = s.substring(0, s.length() - 1);
    }
    try {
      byte[] b = Base64.getUrlDecoder().decode(s);
      return b.length == 32 ? Optional.of(b) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@code did:claw:} + base58btc(first 20 bytes of SHA-256(raw key of the did)). */
  public static Optional<String> stableIdOf(String did) {
    return rawOfDid(did).map(DidKey::stableIdOfRaw);
  }

  static String stableIdOfRaw(byte[] raw) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(raw);
      return "did:claw:" + Base58.encode(Arrays.copyOf(h, 20));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Decodes standard base64 (padding optional, other alphabets rejected); null when malformed. */
  public static byte[] decodeStandardBase64(String s) {
    if (s == null) {
      return null;
    }
    String t = s.trim();
    if (!t.matches("[A-Za-z0-9+/]*={0,2}")) {
      return null;
    }
    String unpadded = t.replaceAll("=+$", "");
    int pad = (4 - unpadded.length() % 4) % 4;
    if (pad == 3) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(unpadded + "=".repeat(pad));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Verifies an Ed25519 signature over {@code message} with a raw 32-byte key. */
  public static boolean verify(byte[] rawKey, String message, byte[] signature) {
    try {
      byte[] x509 = new byte[X509_PREFIX.length + 32];
      System.arraycopy(X509_PREFIX, 0, x509, 0, X509_PREFIX.length);
      System.arraycopy(rawKey, 0, x509, X509_PREFIX.length, 32);
      PublicKey pk = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
      Signature sig = Signature.getInstance("Ed25519");
      sig.initVerify(pk);
      sig.update(message.getBytes(StandardCharsets.UTF_8));
      return sig.verify(signature);
    } catch (NoSuchAlgorithmException | InvalidKeySpecException | InvalidKeyException e) {
      return false;
    } catch (SignatureException e) {
      return false;
    }
  }
}
