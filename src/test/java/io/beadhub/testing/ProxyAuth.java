package io.beadhub.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The headers of a request signed by the trusted proxy (spec 10 §5.2): {@code X-BH-Auth} is
 * {@code v2:<project>:<type>:<principal>:<actor>:<hex HMAC-SHA256 of the rest>}. The maps are
 * mutable so a test can add or spoil a header.
 */
public final class ProxyAuth {
  /** The secret tests start the server with ({@code BEADHUB_INTERNAL_AUTH_SECRET}). */
  public static final String SECRET = "s3cret";

  private ProxyAuth() {
  }

  /** A signed-in user ({@code u}) acting as {@code actorId}. */
  public static Map<String, String> user(String projectId, String userId, String actorId) {
    return user(SECRET, projectId, userId, actorId);
  }

  public static Map<String, String> user(String secret, String projectId, String userId, String actorId) {
    Map<String, String> h = headers(secret, projectId, "u", userId, actorId);
    h.put("X-User-ID", userId);
    return h;
  }

  /** A public reader ({@code p}, principal {@code public}). */
  public static Map<String, String> publicReader(String projectId, String actorId) {
    return publicReader(SECRET, projectId, actorId);
  }

  public static Map<String, String> publicReader(String secret, String projectId, String actorId) {
    return headers(secret, projectId, "p", "public", actorId);
  }

  /** A request the proxy authenticated with an API key ({@code k}). */
  public static Map<String, String> apiKey(String projectId, String keyId, String actorId) {
    return apiKey(SECRET, projectId, keyId, actorId);
  }

  public static Map<String, String> apiKey(String secret, String projectId, String keyId, String actorId) {
    Map<String, String> h = headers(secret, projectId, "k", keyId, actorId);
    h.put("X-API-Key", keyId);
    return h;
  }

  /** {@code headers} plus {@code Content-Type: application/json}, for requests with a body. */
  public static Map<String, String> json(Map<String, String> headers) {
    headers.put("Content-Type", "application/json");
    return headers;
  }

  /** {@code message:signature}, the value of {@code X-BH-Auth}. */
  public static String sign(String secret, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return message + ":" + HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> headers(String secret, String projectId, String type, String principal,
                                             String actorId) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-BH-Auth", sign(secret, "v2:" + projectId + ":" + type + ":" + principal + ":" + actorId));
    h.put("X-Project-ID", projectId);
    h.put("X-Aweb-Actor-ID", actorId);
    return h;
  }
}
