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
    String m = "v2:" + projectId + ":p:public:" + actorId;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String sig = HexFormat.of().formatHex(mac.doFinal(m.getBytes(StandardCharsets.UTF_8)));
      return Map.of("X-BH-Auth", m + ":" + sig, "X-Project-ID", projectId, "X-Aweb-Actor-ID", actorId,
          "Content-Type", "application/json");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
