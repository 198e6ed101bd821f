package io.beadhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, input the original answered with a 500 or with HTML: text that cannot be stored, parser
 * limits, trailing content, and the errors Jetty answers itself. Every answer is a 4xx with a JSON
 * {@code detail}.
 */
class BadInputTest {
  static TestServer server;
  static JsonNode alice;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    alice = server.init(Map.of("project_slug", "bad-input", "alias", "alice-dev",
        "repo_origin", "git@github.com:example/bad-input.git"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String key() {
    return alice.path("api_key").asText();
  }

  static String loc(Resp r) {
    return r.json().path("detail").path(0).path("loc").toString();
  }

  @Test
  void aNulOrALoneSurrogateInABodyStringIs422NamingTheField() {
    Resp nul = server.post("/v1/init", "{\"project_slug\":\"a\\u0000b\"}", null);
    assertThat(nul.status()).isEqualTo(422);
    assertThat(loc(nul)).isEqualTo("[\"body\",\"project_slug\"]");
    assertThat(nul.msg()).contains("NUL");

    Resp surrogate = server.post("/v1/messages", "{\"to_alias\":\"alice-dev\",\"body\":\"hi \\ud83d\"}", key());
    assertThat(surrogate.status()).isEqualTo(422);
    assertThat(loc(surrogate)).isEqualTo("[\"body\",\"body\"]");

    Resp nested = server.post("/v1/reservations",
        "{\"resource_key\":\"src/a.py\",\"metadata\":{\"reason\":[\"ok\",\"\\udc00\"]}}", key());
    assertThat(nested.status()).isEqualTo(422);
    assertThat(loc(nested)).isEqualTo("[\"body\",\"metadata\",\"reason\",1]");

    Resp inKey = server.post("/v1/reservations", "{\"resource_key\":\"src/a.py\",\"metadata\":{\"a\\u0000\":1}}", key());
    assertThat(inKey.status()).isEqualTo(422);

    Resp paired = server.post("/v1/messages", "{\"to_alias\":\"alice-dev\",\"body\":\"hi \\ud83d\\ude00\"}", key());
    assertThat(paired.status()).as("a surrogate pair is a character").isEqualTo(200);
  }

  @Test
  void aNulInAQueryOrPathParameterIs422NamingIt() {
    Resp q = server.get("/v1/beads/issues?repo=a%00b", key());
    assertThat(q.status()).isEqualTo(422);
    assertThat(loc(q)).isEqualTo("[\"query\",\"repo\"]");
    assertThat(server.get("/v1/beads/issues?repo=a%00b", null).status()).as("credentials first").isEqualTo(401);

    Resp p = server.get("/v1/agents/resolve/bad-input/al%00ice", key());
    assertThat(p.status()).isIn(400, 422);
    assertThat(p.json().has("detail")).isTrue();
  }

  @Test
  void contentAfterTheJsonValueIs422() {
    Resp r = server.post("/v1/init", "{\"project_slug\":\"trailing\"} {}", null);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().path("detail").path(0).path("type").asText()).isEqualTo("json_invalid");
    assertThat(server.post("/v1/init", "{\"project_slug\":\"trailing\"} x", null).status()).isEqualTo(422);
    assertThat(server.post("/v1/init", "{\"project_slug\":\"trailing\"}  \n", null).status()).isEqualTo(200);
  }

  @Test
  void jsonPastTheParsersLimitsIs422EvenWithoutCredentials() {
    Resp deep = server.post("/v1/init", "{\"a\":" + "[".repeat(1_000) + "]".repeat(1_000) + "}", null);
    assertThat(deep.status()).isEqualTo(422);
    assertThat(deep.json().path("detail").path(0).path("type").asText()).isEqualTo("json_invalid");
    assertThat(deep.json().path("detail").path(0).path("loc").path(1).asText()).isEqualTo("a");

    Resp number = server.post("/v1/init", "{\"project_slug\":" + "9".repeat(5_000) + "}", null);
    assertThat(number.status()).isEqualTo(422);

    Resp name = server.post("/v1/init", "{\"" + "k".repeat(60_000) + "\":1}", null);
    assertThat(name.status()).isEqualTo(422);
  }

  @Test
  void aStringOverJacksonsDefaultLimitGetsTheFieldsOwn422() {
    String big = "x".repeat(20_000_001);
    Resp r = server.post("/v1/bdh/sync", Map.of("workspace_id", alice.path("workspace_id").asText(),
        "alias", "alice-dev", "repo_origin", "git@github.com:example/bad-input.git", "issues_jsonl", big), key());
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().path("detail").path(0).path("type").asText()).isEqualTo("string_too_long");
    assertThat(loc(r)).isEqualTo("[\"body\",\"issues_jsonl\"]");
  }

  @Test
  void errorsJettyAnswersItselfAreJson() {
    Resp nulInPath = server.get("/v1/agents/%00", key());
    assertThat(nulInPath.status()).isEqualTo(400);
    assertThat(nulInPath.header("Content-Type")).startsWith("application/json");
    assertThat(nulInPath.detail()).isEqualTo("Bad Request");

    Resp longUri = server.get("/v1/workspaces/" + "a".repeat(20_000), key());
    assertThat(longUri.status()).isEqualTo(414);
    assertThat(longUri.header("Content-Type")).startsWith("application/json");
    assertThat(longUri.detail()).isEqualTo("URI Too Long");

    Resp bigHeader = server.send("GET", "/health", null, Map.of("X-Padding", "p".repeat(20_000)));
    assertThat(bigHeader.status()).isEqualTo(431);
    assertThat(bigHeader.header("Content-Type")).startsWith("application/json");
    assertThat(bigHeader.json().has("detail")).isTrue();

    Resp put = server.send("PUT", "/v1/agents/%00", "{}", Map.of());
    assertThat(put.status()).isEqualTo(400);
    assertThat(put.json().has("detail")).isTrue();
  }
}
