package io.beadhub.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The MCP transport spoken by hand over plain HTTP, for the checks no SDK client lets a test make. */
record McpHttp(TestServer server, String key, String session) {
  static final String VERSION = "2025-06-18";
  private static final AtomicInteger IDS = new AtomicInteger();

  static Map<String, String> headers(String key, String session) {
    Map<String, String> h = new HashMap<>();
    h.put("Content-Type", "application/json");
    h.put("Accept", "application/json, text/event-stream");
    if (key != null) {
      h.put("Authorization", "Bearer " + key);
    }
    if (session != null) {
      h.put("Mcp-Session-Id", session);
    }
    return h;
  }

  static Map<String, Object> request(String method, Object params) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jsonrpc", "2.0");
    m.put("id", IDS.incrementAndGet());
    m.put("method", method);
    if (params != null) {
      m.put("params", params);
    }
    return m;
  }

  static Map<String, Object> initializeParams(String version) {
    return Map.of("protocolVersion", version, "capabilities", Map.of(),
        "clientInfo", Map.of("name", "beadhub-test", "version", "1"));
  }

  /** Initializes a session (and sends notifications/initialized). */
  static McpHttp open(TestServer server, String key) {
    Resp r = server.send("POST", "/mcp", request("initialize", initializeParams(VERSION)), headers(key, null));
    if (r.status() != 200) {
      throw new AssertionError("initialize failed: " + r);
    }
    McpHttp s = new McpHttp(server, key, r.header("Mcp-Session-Id"));
    s.post(Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
    return s;
  }

  Resp post(Object body) {
    return server.send("POST", "/mcp", body, headers(key, session));
  }

  /** A request's JSON-RPC answer (from a JSON body or the last event of a stream). */
  JsonNode call(String method, Object params) {
    Resp r = post(request(method, params));
    if (r.status() != 200) {
      throw new AssertionError(method + " failed: " + r);
    }
    return answer(r);
  }

  JsonNode tool(String name, Map<String, Object> arguments) {
    return call("tools/call", Map.of("name", name, "arguments", arguments));
  }

  static JsonNode answer(Resp r) {
    String type = r.header("Content-Type");
    if (type != null && type.startsWith("text/event-stream")) {
      String last = null;
      for (String line : r.text().split("\n")) {
        if (line.startsWith("data: ")) {
          last = line.substring(6);
        }
      }
      return Json.tree(last);
    }
    return r.json();
  }

  Resp delete() {
    return server.send("DELETE", "/mcp", null, headers(key, session));
  }

  /** A tool's structured result (failing the test on a tool error). */
  JsonNode ok(String name, Map<String, Object> arguments) {
    JsonNode r = tool(name, arguments).path("result");
    if (r.path("isError").asBoolean() || !r.has("structuredContent")) {
      throw new AssertionError(name + " failed: " + r);
    }
    return r.path("structuredContent");
  }

  /** A tool error's one-line message (failing the test when the call succeeded). */
  String error(String name, Map<String, Object> arguments) {
    JsonNode r = tool(name, arguments).path("result");
    if (!r.path("isError").asBoolean()) {
      throw new AssertionError(name + " did not fail: " + r);
    }
    return r.path("content").path(0).path("text").asText();
  }
}
