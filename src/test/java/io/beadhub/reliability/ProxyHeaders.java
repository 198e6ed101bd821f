package io.beadhub.reliability;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signed proxy contexts (spec 10 §5.2). */
final class ProxyHeaders {
  private ProxyHeaders() {
  }

  static Map<String, String> key(String secret, String projectId, String keyId, String actorId) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-BH-Auth", sign(secret, "v2:" + projectId + ":k:" + keyId + ":" + actorId));
    h.put("X-Project-ID", projectId);
    h.put("X-API-Key", keyId);
    h.put("X-Aweb-Actor-ID", actorId);
    return h;
  }

  static Map<String, String> publicReader(String secret, String projectId, String actorId) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-BH-Auth", sign(secret, "v2:" + projectId + ":p:public:" + actorId));
    h.put("X-Project-ID", projectId);
    h.put("X-Aweb-Actor-ID", actorId);
    return h;
  }

  private static String sign(String secret, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return message + ":" + HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
