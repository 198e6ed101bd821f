package io.beadhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /openapi.json} documents every registered route and is a valid OpenAPI 3.1 document. */
class OpenApiTest {
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
}
