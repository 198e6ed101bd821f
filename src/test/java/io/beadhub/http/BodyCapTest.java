package io.beadhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: every route has a body cap, 1 MiB unless it needs more; the routes that need more are those
 * of spec 40 (sync, uploads, push), spec 60 and the ones whose largest valid body is bigger (mail and
 * chat messages, spec 20 §0; policy bundles, spec 50).
 */
class BodyCapTest {
  private static final long MIB = 1024 * 1024;
  static TestServer server;
  static JsonNode alice;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    alice = server.init(Map.of("project_slug", "body-cap", "alias", "alice-dev"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void onlyTheRoutesThatNeedMoreHaveACapAboveTheDefault() {
    Map<String, Long> above = new TreeMap<>();
    for (Router.Route r : server.routes()) {
      assertThat(r.maxBody()).as(r.toString()).isPositive();
      if (r.maxBody() != MIB) {
        above.put(r.method() + " " + r.path(), r.maxBody());
      }
    }
    long message = 12L * 1_048_576 + MIB;
    assertThat(above).containsExactlyInAnyOrderEntriesOf(Map.of(
        "POST /v1/bdh/sync", 32 * MIB,
        "POST /v1/bdh/command", 64 * 1024L,
        "POST /v1/beads/upload", 32 * MIB,
        "POST /v1/beads/upload-jsonl", 10_485_760L,
        "POST /v1/beads/ephemeral", 10 * MIB,
        "POST /v1/messages", message,
        "POST /v1/chat/sessions", message,
        "POST /v1/chat/sessions/{session_id}/messages", message,
        "POST /v1/policies", 7 * MIB,
        "POST /mcp", message));
  }

  @Test
  void aBodyOverTheDefaultCapIs413WhetherItsLengthIsDeclaredOrNot() throws Exception {
    String big = "{\"project_slug\":\"" + "x".repeat((int) MIB) + "\"}";
    Resp declared = server.post("/v1/init", big, null);
    assertThat(declared.status()).isEqualTo(413);
    assertThat(declared.detail()).isEqualTo("Request body too large");

    HttpRequest chunked = HttpRequest.newBuilder(URI.create(server.base() + "/v1/agents/me"))
        .header("Authorization", "Bearer " + alice.path("api_key").asText())
        .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(
            () -> new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
        .build();
    HttpResponse<String> r = HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).isEqualTo("{\"detail\":\"Request body too large\"}");

    assertThat(server.post("/v1/init", "{\"project_slug\":\"body-cap\",\"pad\":\"" + "x".repeat((int) MIB - 100) + "\"}",
        null).status()).as("just under the cap").isEqualTo(200);
  }

  @Test
  void aMaximalMailSentInItsLongestEncodingFits() {
    String escapedEmoji = "\\ud83d\\ude00"; // one character, 12 bytes on the wire
    String body = escapedEmoji.repeat(1_048_576);
    String subject = escapedEmoji.repeat(4_096);
    String json = "{\"to_alias\":\"alice-dev\",\"subject\":\"" + subject + "\",\"body\":\"" + body + "\"}";
    Resp ok = server.post("/v1/messages", json, alice.path("api_key").asText());
    assertThat(ok.status()).as(ok.toString().substring(0, Math.min(300, ok.toString().length()))).isEqualTo(200);

    Resp over = server.post("/v1/messages", json.replace("\"body\":\"", "\"body\":\"x"), alice.path("api_key").asText());
    assertThat(over.status()).as("one character more is the field's 422, not a 413").isEqualTo(422);
    assertThat(over.json().path("detail").path(0).path("type").asText()).isEqualTo("string_too_long");
  }
}
