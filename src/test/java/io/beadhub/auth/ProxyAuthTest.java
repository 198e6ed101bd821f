package io.beadhub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import io.beadhub.testing.ProxyAuth;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 10 acceptance checks 39–43 (signed proxy auth) and the §5.2 test vectors. */
class ProxyAuthTest {
  static final String SECRET = "s3cret";
  static TestServer server;
  static TestServer noSecret;
  static JsonNode alice;
  static String project;
  static String actor;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("BEADHUB_INTERNAL_AUTH_SECRET", SECRET));
    noSecret = TestServer.startOn(server.databaseUrl(), Map.of());
    alice = server.init(Map.of("project_slug", "smoke-demo", "alias", "alice-dev",
        "repo_origin", "git@github.com:example/smoke-demo.git"));
    project = alice.path("project_id").asText();
    actor = alice.path("agent_id").asText();
  }

  @AfterAll
  static void stop() {
    noSecret.close();
    server.close();
  }

  static String sign(String message) {
    return ProxyAuth.sign(SECRET, message);
  }

  static Map<String, String> keyHeaders(String projectId, String keyId, String actorId) {
    return ProxyAuth.apiKey(SECRET, projectId, keyId, actorId);
  }

  static Map<String, String> publicHeaders() {
    return ProxyAuth.publicReader(SECRET, project, actor);
  }

  @Test
  void specTestVectorsAuthenticate() {
    Map<String, String> k = new HashMap<>();
    k.put("X-BH-Auth", "v2:8df898fc-5165-450a-b0ce-f0c57a5f54d6:k:11111111-1111-1111-1111-111111111111:"
        + "065fe379-0c44-4563-85b3-93ac25fdc425:60d69d04a27ad9a2bc9436c0e138694679da132584f2fa6a3fd818bd08e7492a");
    k.put("X-Project-ID", "8df898fc-5165-450a-b0ce-f0c57a5f54d6");
    k.put("X-API-Key", "11111111-1111-1111-1111-111111111111");
    k.put("X-Aweb-Actor-ID", "065fe379-0c44-4563-85b3-93ac25fdc425");
    Resp r = server.send("GET", "/v1/auth/introspect", null, k);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("api_key_id").asText()).isEqualTo("11111111-1111-1111-1111-111111111111");
    assertThat(r.get("agent_id").asText()).isEqualTo("065fe379-0c44-4563-85b3-93ac25fdc425");

    Map<String, String> p = new HashMap<>();
    p.put("X-BH-Auth", "v2:8df898fc-5165-450a-b0ce-f0c57a5f54d6:p:public:065fe379-0c44-4563-85b3-93ac25fdc425:"
        + "6c76bd3de6548045aebd9232c49d52aa8cf23cd0d362d8d9a72dcf13311136c3");
    p.put("X-Project-ID", "8df898fc-5165-450a-b0ce-f0c57a5f54d6");
    p.put("X-Aweb-Actor-ID", "065fe379-0c44-4563-85b3-93ac25fdc425");
    assertThat(server.send("GET", "/v1/auth/introspect", null, p).status()).isEqualTo(200);
  }

  @Test
  void signedKeyContextListsTheProjectsAgents() {
    Resp r = server.send("GET", "/v1/agents", null, keyHeaders(project, "11111111-1111-1111-1111-111111111111", actor));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("project_id").asText()).isEqualTo(project);
    assertThat(r.get("agents").get(0).path("alias").asText()).isEqualTo("alice-dev");
  }

  @Test
  void aFlippedSignatureDigitIs401EvenWithAValidBearer() {
    Map<String, String> h = keyHeaders(project, "11111111-1111-1111-1111-111111111111", actor);
    String v = h.get("X-BH-Auth");
    char last = v.charAt(v.length() - 1);
    h.put("X-BH-Auth", v.substring(0, v.length() - 1) + (last == '0' ? '1' : '0'));
    h.put("Authorization", "Bearer " + alice.path("api_key").asText());
    Resp r = server.send("GET", "/v1/agents", null, h);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.detail()).isEqualTo("Authentication required");
  }

  @Test
  void withoutASecretProxyHeadersAreIgnored() {
    Map<String, String> h = keyHeaders(project, "11111111-1111-1111-1111-111111111111", actor);
    assertThat(noSecret.send("GET", "/v1/agents", null, h).status()).isEqualTo(401);
    h.put("Authorization", "Bearer " + alice.path("api_key").asText());
    assertThat(noSecret.send("GET", "/v1/agents", null, h).status()).isEqualTo(200);
  }

  @Test
  void publicReadersMayReadOnlyPublicRoutes() {
    assertThat(server.send("GET", "/v1/projects/current", null, publicHeaders()).status()).isEqualTo(200);
    assertThat(server.send("GET", "/v1/auth/introspect", null, publicHeaders()).status()).isEqualTo(200);
    for (Resp r : new Resp[] {
        server.send("GET", "/v1/agents", null, publicHeaders()),
        server.send("POST", "/v1/agents/heartbeat", null, publicHeaders()),
        server.send("PATCH", "/v1/agents/me", "{}", publicHeaders())}) {
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.detail()).isEqualTo("Not available to public readers");
    }
  }

  @Test
  void unknownPrincipalTypeIs401() {
    Map<String, String> h = new HashMap<>();
    h.put("X-BH-Auth", sign("v2:" + project + ":x:someone:" + actor));
    h.put("X-Project-ID", project);
    h.put("X-Aweb-Actor-ID", actor);
    assertThat(server.send("GET", "/v1/projects/current", null, h).status()).isEqualTo(401);
  }

  @Test
  void malformedProjectOrMissingActorIs401() {
    Map<String, String> bad = keyHeaders(project, "11111111-1111-1111-1111-111111111111", actor);
    bad.put("X-Project-ID", "not-a-uuid");
    assertThat(server.send("GET", "/v1/projects/current", null, bad).status()).isEqualTo(401);
    Map<String, String> noActor = keyHeaders(project, "11111111-1111-1111-1111-111111111111", actor);
    noActor.remove("X-Aweb-Actor-ID");
    assertThat(server.send("GET", "/v1/projects/current", null, noActor).status()).isEqualTo(401);
  }

  @Test
  void actorBindingIsSkippedForSignedProxyContexts() {
    JsonNode bob = server.init(Map.of("project_slug", "smoke-demo", "alias", "bob-rev",
        "repo_origin", "git@github.com:example/smoke-demo.git"));
    Resp r = server.send("POST", "/v1/workspaces/heartbeat", Json.string(Map.of(
        "workspace_id", bob.path("workspace_id").asText(), "alias", "bob-rev",
        "repo_origin", "git@github.com:example/smoke-demo.git")),
        keyHeaders(project, "11111111-1111-1111-1111-111111111111", actor));
    assertThat(r.status()).isEqualTo(200);
  }

  @Test
  void aContextNamingAMissingProjectIs404ProjectNotFoundExceptOnIntrospect() {
    String missing = "0b9f1c1e-7d1a-4d3e-9a52-3f1f2a6c9e01";
    Map<String, String> h = keyHeaders(missing, "11111111-1111-1111-1111-111111111111", actor);
    for (Resp r : new Resp[] {
        server.send("GET", "/v1/agents", null, h),
        server.send("GET", "/v1/workspaces", null, h),
        server.send("POST", "/v1/workspaces/register", Json.string(Map.of("repo_origin",
            "git@github.com:example/smoke-demo.git")), h),
        server.send("POST", "/v1/policies", Json.string(Map.of("bundle", Map.of())), h),
        server.send("POST", "/v1/reservations", Json.string(Map.of("resource_key", "a.py")), h),
        server.send("POST", "/v1/repos/lookup", Json.string(Map.of("origin_url", "github.com/a/b")), h)}) {
      assertThat(r.status()).as(r.toString()).isEqualTo(404);
      assertThat(r.detail()).isEqualTo("Project not found");
    }
    Resp introspect = server.send("GET", "/v1/auth/introspect", null, h);
    assertThat(introspect.status()).as("describes the credential (spec 10 §7.2)").isEqualTo(200);
    assertThat(introspect.get("project_id").asText()).isEqualTo(missing);
    assertThat(introspect.json().has("alias")).isFalse();
  }

  @Test
  void restartOnTheSameDatabaseKeepsKeysValid() {
    try (TestServer again = TestServer.startOn(server.databaseUrl(), Map.of())) {
      assertThat(again.get("/v1/agents/me", alice.path("api_key").asText()).status()).isEqualTo(200);
    }
  }
}
