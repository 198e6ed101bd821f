package io.beadhub.policies;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.TestServer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The setup of spec 50 §6: project P with agents A ({@code alice-dev}, workspace WA, key KA) and B
 * ({@code bob-rev}, WB, KB); project Q with agent C (WC, KC). Fresh projects on every call.
 */
public record Team(String p, String pId, String ka, String wa, String kb, String wb, String q, String qId,
                   String kc, String wc) {
  public static final String SECRET = "s3cret";
  private static final AtomicInteger SEQ = new AtomicInteger();

  public static Team create(TestServer server) {
    int n = SEQ.incrementAndGet();
    String p = "proj-p-" + n + "-" + System.nanoTime();
    String q = "proj-q-" + n + "-" + System.nanoTime();
    JsonNode a = agent(server, p, "alice-dev", "developer");
    JsonNode b = agent(server, p, "bob-rev", "reviewer");
    JsonNode c = agent(server, q, "carol-dev", "developer");
    return new Team(p, a.path("project_id").asText(), a.path("api_key").asText(), a.path("workspace_id").asText(),
        b.path("api_key").asText(), b.path("workspace_id").asText(), q, c.path("project_id").asText(),
        c.path("api_key").asText(), c.path("workspace_id").asText());
  }

  static JsonNode agent(TestServer server, String slug, String alias, String role) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("project_slug", slug);
    body.put("alias", alias);
    body.put("repo_origin", "https://github.com/example/" + slug + ".git");
    body.put("role", role);
    body.put("human_name", "Tester");
    return server.init(body);
  }

  /** An agent of the project with a key but no workspace (init without repo_origin). */
  public static String keyWithoutWorkspace(TestServer server, String slug, String alias) {
    return server.init(Map.of("project_slug", slug, "alias", alias)).path("api_key").asText();
  }

  /** Signed proxy headers (spec 10 §5.2): type {@code u} (a user) or {@code p} (public reader). */
  public static Map<String, String> proxy(String projectId, String type, String principal, String actor) {
    String m = "v2:" + projectId + ":" + type + ":" + principal + ":" + actor;
    Map<String, String> h = new HashMap<>();
    h.put("X-BH-Auth", m + ":" + hmac(m));
    h.put("X-Project-ID", projectId);
    h.put("X-Aweb-Actor-ID", actor);
    if (type.equals("u")) {
      h.put("X-User-ID", principal);
    }
    return h;
  }

  private static String hmac(String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
