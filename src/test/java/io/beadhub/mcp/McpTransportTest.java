package io.beadhub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Agent;
import io.beadhub.testing.Agents;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 90 §1 and the transport-level acceptance checks (1, 2, 10, 11) over plain HTTP. */
class McpTransportTest {
  static TestServer server;
  static Agent alice;
  static Agent bob;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    alice = Agents.in(server, "mcp-demo").alias("alice").init();
    bob = Agents.in(server, "mcp-demo").alias("bob").init();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void withoutAKeyEveryMethodIs401WithWwwAuthenticate() {
    for (String method : new String[] {"POST", "GET", "DELETE"}) {
      Resp r = server.send(method, "/mcp", method.equals("POST") ? McpHttp.request("ping", null) : null,
          McpHttp.headers(null, null));
      assertThat(r.status()).as(method + " " + r).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
    }
    Resp bad = server.send("POST", "/mcp", McpHttp.request("ping", null), McpHttp.headers("aw_sk_nope", null));
    assertThat(bad.status()).isEqualTo(401);
  }

  @Test
  void initializeNegotiatesTheVersionAndAdvertisesToolsResourcesAndPrompts() {
    Resp r = server.send("POST", "/mcp", McpHttp.request("initialize", McpHttp.initializeParams("2025-06-18")),
        McpHttp.headers(alice.key(), null));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.header("Mcp-Session-Id")).isNotBlank();
    JsonNode result = r.get("result");
    assertThat(result.path("protocolVersion").asText()).isEqualTo("2025-06-18");
    assertThat(result.path("capabilities").has("tools")).isTrue();
    assertThat(result.path("capabilities").has("resources")).isTrue();
    assertThat(result.path("capabilities").has("prompts")).isTrue();
    assertThat(result.path("serverInfo").path("name").asText()).isEqualTo("beadhub");
    for (String v : new String[] {"2025-03-26", "2025-11-25"}) {
      Resp other = server.send("POST", "/mcp", McpHttp.request("initialize", McpHttp.initializeParams(v)),
          McpHttp.headers(alice.key(), null));
      assertThat(other.get("result").path("protocolVersion").asText()).isEqualTo(v);
    }
    Resp unknown = server.send("POST", "/mcp", McpHttp.request("initialize", McpHttp.initializeParams("1999-01-01")),
        McpHttp.headers(alice.key(), null));
    assertThat(unknown.get("result").path("protocolVersion").asText()).isEqualTo("2025-06-18");
  }

  @Test
  void pingAnswersAndNotificationsAreAccepted() {
    McpHttp s = McpHttp.open(server, alice.key());
    assertThat(s.call("ping", null).path("result").isObject()).isTrue();
    assertThat(s.post(Map.of("jsonrpc", "2.0", "method", "notifications/initialized")).status()).isEqualTo(202);
  }

  @Test
  void aForeignOriginIs403AndTheServersOwnOriginIsAllowed() {
    McpHttp s = McpHttp.open(server, alice.key());
    Map<String, String> h = new HashMap<>(McpHttp.headers(alice.key(), s.session()));
    h.put("Origin", "http://evil.example");
    Resp r = server.send("POST", "/mcp", McpHttp.request("ping", null), h);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    h.put("Origin", "http://127.0.0.1:" + server.port());
    assertThat(server.send("POST", "/mcp", McpHttp.request("ping", null), h).status()).isEqualTo(200);
  }

  @Test
  void malformedJsonIsAParseErrorAndABatchAnInvalidRequest() {
    McpHttp s = McpHttp.open(server, alice.key());
    Resp r = s.post("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.get("error").path("code").asInt()).isEqualTo(-32700);
    assertThat(r.get("jsonrpc").asText()).isEqualTo("2.0");
    assertThat(r.detail()).startsWith("Parse error");
    Resp batch = s.post("[{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ping\"}]");
    assertThat(batch.status()).isEqualTo(400);
    assertThat(batch.get("error").path("code").asInt()).isEqualTo(-32600);
  }

  @Test
  void unknownMethodIsMethodNotFoundAndUnknownToolAProtocolError() {
    McpHttp s = McpHttp.open(server, alice.key());
    assertThat(s.call("nothing/here", null).path("error").path("code").asInt()).isEqualTo(-32601);
    JsonNode unknown = s.tool("no_such_tool", Map.of());
    assertThat(unknown.path("error").path("code").asInt()).isEqualTo(-32602);
    assertThat(unknown.has("result")).isFalse();
  }

  @Test
  void argumentsOfTheWrongTypeAreAToolErrorNeverA500() {
    McpHttp s = McpHttp.open(server, alice.key());
    JsonNode r = s.tool("fetch_inbox", Map.of("limit", "many"));
    assertThat(r.path("result").path("isError").asBoolean()).as(r.toString()).isTrue();
  }

  @Test
  void deleteEndsTheSessionAndALaterRequestWithItIs404() {
    McpHttp s = McpHttp.open(server, alice.key());
    assertThat(s.call("ping", null).has("result")).isTrue();
    assertThat(s.delete().status()).isEqualTo(204);
    Resp after = s.post(McpHttp.request("ping", null));
    assertThat(after.status()).isEqualTo(404);
    assertThat(after.header("Content-Type")).startsWith("application/json");
    assertThat(s.delete().status()).isEqualTo(404);
  }

  @Test
  void anotherAgentsSessionIdIsUnknownToIt() {
    McpHttp mine = McpHttp.open(server, alice.key());
    McpHttp stolen = new McpHttp(server, bob.key(), mine.session());
    assertThat(stolen.post(McpHttp.request("ping", null)).status()).isEqualTo(404);
    assertThat(stolen.delete().status()).isEqualTo(404);
    assertThat(mine.call("ping", null).has("result")).isTrue();
  }

  @Test
  void aRequestWithoutASessionIs400() {
    Resp r = server.send("POST", "/mcp", McpHttp.request("ping", null), McpHttp.headers(alice.key(), null));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.detail()).contains("Mcp-Session-Id");
  }

  @Test
  void aSessionSurvivesLandingOnAnotherReplica() {
    McpHttp s = McpHttp.open(server, alice.key());
    try (TestServer replica = TestServer.startOn(server.databaseUrl(), Map.of())) {
      McpHttp there = new McpHttp(replica, alice.key(), s.session());
      assertThat(there.call("ping", null).has("result")).isTrue();
      JsonNode tools = there.call("tools/list", null);
      assertThat(tools.path("result").path("tools").size()).isGreaterThan(20);
      assertThat(there.delete().status()).isEqualTo(204);
      assertThat(there.post(McpHttp.request("ping", null)).status()).isEqualTo(404);
    }
  }

  @Test
  void oddMessagesGetJsonRpcOrHttpErrorsNeverA5xx() {
    McpHttp s = McpHttp.open(server, alice.key());
    String[] bodies = {
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":5}",
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"arguments\":[]}}",
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"fetch_inbox\",\"arguments\":[1]}}",
        "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"resources/read\",\"params\":{\"uri\":\"beadhub://nothing\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"prompts/get\",\"params\":{\"name\":\"nope\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"ping\"}",
        "{\"jsonrpc\":\"1.0\",\"id\":6,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"send_message\","
            + "\"arguments\":{\"to\":[\"bob\"],\"subject\":\"a\\u0000b\",\"body_md\":\"x\"}}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":99}}",
        "{\"jsonrpc\":\"2.0\",\"id\":8,\"result\":{}}",
        "\"just a string\"",
        "",
    };
    for (String body : bodies) {
      Resp r = s.post(body);
      assertThat(r.status()).as(body + " -> " + r).isBetween(200, 499);
      if (r.status() == 200) {
        assertThat(McpHttp.answer(r).has("error")).as(body + " -> " + r).isTrue();
      } else if (r.status() >= 400) {
        assertThat(r.detail()).as(body + " -> " + r).isNotBlank();
      }
    }
  }
}
