package io.beadhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /openapi.json} documents every registered route and is a valid OpenAPI 3.1 document. */
class OpenApiTest {
  /** POST/PUT/PATCH routes that deliberately declare no request schema, with the reason. */
  static final Map<String, String> UNDECLARED_BODIES = Map.of(
      "POST /mcp", "one JSON-RPC 2.0 message: its params depend on the method (the MCP tool list describes them)");
  static TestServer s;
  static Resp doc;

  @BeforeAll
  static void start() {
    s = TestServer.start(Map.of("BEADHUB_METRICS", "true"));
    doc = s.get("/openapi.json", null);
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  @Test
  void theDocumentIsServedWithoutCredentials() {
    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.header("Content-Type")).startsWith("application/json");
    assertThat(doc.json().path("openapi").asText()).isEqualTo("3.1.0");
  }

  @Test
  void everyRegisteredRouteIsDocumented() {
    JsonNode paths = doc.json().path("paths");
    List<String> undocumented = s.routes().stream()
        .filter(r -> !paths.path(r.path().replaceAll("<([^>]+)>", "{$1}")).has(r.method().toLowerCase(Locale.ROOT)))
        .map(r -> r.method() + " " + r.path()).toList();
    assertThat(s.routes()).hasSizeGreaterThan(90);
    assertThat(undocumented).as("routes missing from /openapi.json").isEmpty();
    assertThat(paths.path("/metrics").has("get")).isTrue();
  }

  @Test
  void theDocumentValidates() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIParser().readContents(doc.text(), null, options);
    assertThat(result.getMessages()).as("parser messages").isEmpty();
    assertThat(result.getOpenAPI()).isNotNull();
    assertThat(result.getOpenAPI().getPaths()).hasSizeGreaterThan(50);
  }

  @Test
  void declaredRecordsAreSchemasWithTheWireNames() {
    JsonNode schemas = doc.json().path("components").path("schemas");
    JsonNode sync = doc.json().path("paths").path("/v1/bdh/sync").path("post").path("responses").path("200")
        .path("content").path("application/json").path("schema");
    assertThat(sync.path("$ref").asText()).isEqualTo("#/components/schemas/SyncService.SyncResponse");
    JsonNode props = schemas.path("SyncService.SyncResponse").path("properties");
    assertThat(props.has("issues_count")).isTrue();
    assertThat(props.has("sync_protocol_version")).isTrue();
    assertThat(props.path("stats").path("anyOf").path(0).path("$ref").asText())
        .isEqualTo("#/components/schemas/SyncService.Stats");
  }

  @Test
  void streamsAreDocumentedAsEventStreams() {
    JsonNode ok = doc.json().path("paths").path("/v1/status/stream").path("get").path("responses").path("200");
    assertThat(ok.path("content").has("text/event-stream")).isTrue();
  }

  @Test
  void everyRouteThatTakesABodyDeclaresItsRequestSchema() {
    JsonNode paths = doc.json().path("paths");
    List<String> undeclared = new ArrayList<>();
    for (Router.Route r : s.routes()) {
      if (!Set.of("POST", "PUT", "PATCH").contains(r.method())) {
        continue;
      }
      String name = r.method() + " " + r.path();
      JsonNode op = paths.path(r.path().replaceAll("<([^>]+)>", "{$1}")).path(r.method().toLowerCase(Locale.ROOT));
      boolean declared = r.noBody() || r.requestMedia() != null || r.request() != null;
      if (UNDECLARED_BODIES.containsKey(name)) {
        assertThat(declared).as(name + " is listed as undeclared but now declares its body").isFalse();
        continue;
      }
      if (!declared) {
        undeclared.add(name);
      } else if (r.noBody()) {
        assertThat(op.has("requestBody")).as(name).isFalse();
      } else {
        assertThat(op.path("requestBody").path("required").asBoolean()).as(name).isTrue();
      }
    }
    assertThat(undeclared).as("POST/PUT/PATCH routes without a request schema").isEmpty();
    JsonNode jsonl = paths.path("/v1/beads/upload-jsonl").path("post").path("requestBody").path("content");
    assertThat(jsonl.path("application/x-ndjson").path("schema").path("type").asText()).isEqualTo("string");
  }

  @Test
  void requestSchemasCarryTheWireNamesAndWhatIsRequired() {
    JsonNode send = requestSchema("/v1/messages");
    assertThat(send.path("properties").has("to_alias")).isTrue();
    assertThat(send.path("properties").has("signing_key_id")).isTrue();
    assertThat(send.path("required")).extracting(JsonNode::asText).containsExactly("body");
    assertThat(send.path("anyOf").toString()).contains("to_agent_id", "to_alias");
    JsonNode init = requestSchema("/v1/init");
    assertThat(init.path("properties").has("project_slug")).isTrue();
    assertThat(init.has("required")).isFalse();
    JsonNode bundle = requestSchema("/v1/policies").path("properties").path("bundle");
    assertThat(bundle.path("type").asText()).isEqualTo("object");
  }

  @Test
  void aBodyOfOnlyTheRequiredFieldsIsAcceptedAndEachIsNeeded() {
    TwoProjects w = TwoProjects.workspaces(s);
    Map<String, Object> plausible = Map.of("body", "Please review src/app.py", "to_agent_id", w.b().agentId(),
        "resource_key", "src/app.py", "repo_origin", w.repoOrigin(), "workspace_id", w.wa(), "alias", "alice-dev",
        "subject", "Which database?", "situation", "Two designs are on the table.");
    for (String path : List.of("/v1/messages", "/v1/reservations", "/v1/workspaces/register", "/v1/escalations")) {
      JsonNode schema = requestSchema(path);
      List<String> needed = new ArrayList<>();
      schema.path("required").forEach(n -> needed.add(n.asText()));
      if (schema.has("anyOf")) {
        needed.add(schema.path("anyOf").path(0).path("required").path(0).asText());
      }
      assertThat(needed).as(path).isNotEmpty();
      Map<String, Object> body = new LinkedHashMap<>();
      for (String field : needed) {
        assertThat(plausible).as(path + ": a plausible " + field).containsKey(field);
        body.put(field, plausible.get(field));
      }
      Resp ok = s.post(path, body, w.ka());
      assertThat(ok.status()).as(path + " " + body + " → " + ok).isBetween(200, 299);
      for (String field : needed) {
        Map<String, Object> without = new LinkedHashMap<>(body);
        without.remove(field);
        Resp refused = s.post(path, without, w.ka());
        assertThat(refused.status()).as(path + " without " + field + " → " + refused).isEqualTo(422);
      }
    }
  }

  private static JsonNode requestSchema(String path) {
    JsonNode schema = doc.json().path("paths").path(path).path("post").path("requestBody").path("content")
        .path("application/json").path("schema");
    String ref = schema.path("$ref").asText();
    assertThat(ref).as(path).startsWith("#/components/schemas/");
    return doc.json().path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
  }
}
