package io.beadhub.testing;

import io.beadhub.identity.CanonicalJson;
import io.beadhub.identity.DidKey;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/** A client-side Ed25519 identity, for tests of self-custodial agents. */
public record Keys(KeyPair pair, byte[] raw, String did, String publicKey) {
  public static Keys generate() {
    try {
      KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] enc = kp.getPublic().getEncoded();
      byte[] raw = Arrays.copyOfRange(enc, enc.length - 32, enc.length);
      return new Keys(kp, raw, DidKey.didOf(raw), DidKey.canonicalPublicKey(raw));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Standard base64 of the Ed25519 signature over the canonical JSON of {@code fields}. */
  public String sign(Map<String, String> fields) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(pair.getPrivate());
      s.update(CanonicalJson.of(fields).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
