package io.beadhub.messaging;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signed proxy headers (spec 10 §5.2) for public-reader tests. */
public final class ProxyAuth {
  public static final String SECRET = "s3cret";

  private ProxyAuth() {
  }

  public static Map<String, String> publicReader(String projectId, String actorId) {
    return signed("v2:" + projectId + ":p:public:" + actorId, projectId, actorId, Map.of());
  }

  /** A proxy acting as {@code actorId} for a signed-in user: no API key involved, so it outlives the agent's keys. */
  public static Map<String, String> user(String projectId, String userId, String actorId) {
    return signed("v2:" + projectId + ":u:" + userId + ":" + actorId, projectId, actorId, Map.of("X-User-ID", userId));
  }

  private static Map<String, String> signed(String m, String projectId, String actorId, Map<String, String> extra) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String sig = HexFormat.of().formatHex(mac.doFinal(m.getBytes(StandardCharsets.UTF_8)));
      Map<String, String> headers = new java.util.HashMap<>(extra);
      headers.putAll(Map.of("X-BH-Auth", m + ":" + sig, "X-Project-ID", projectId, "X-Aweb-Actor-ID", actorId,
          "Content-Type", "application/json"));
      return headers;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
