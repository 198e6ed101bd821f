package io.beadhub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.App;
import io.beadhub.common.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedded default: data survives a restart; a data directory in use is refused. */
class EmbeddedRestartTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static Config config(Path dir) {
    return Config.from(Map.of("BEADHUB_HOST", "127.0.0.1", "BEADHUB_DATA_DIR", dir.toString(),
        "BEADHUB_LOG_JSON", "false")).withPort(0);
  }

  static HttpResponse<String> call(App app, String method, String path, String body, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void restartingOnTheSameDataDirectoryKeepsProjectsAndKeys() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "embedded-restart-");
    String key;
    String projectId;
    try (App first = App.start(config(dir))) {
      JsonNode init = Json.tree(call(first, "POST", "/v1/init", "{\"project_slug\":\"persist\",\"alias\":\"alice\"}", null).body());
      key = init.path("api_key").asText();
      projectId = init.path("project_id").asText();
      assertThatThrownBy(() -> App.start(config(dir)))
          .isInstanceOf(ConfigException.class).hasMessageContaining(dir.toString()).hasMessageContaining("in use");
    }
    assertThat(Files.getPosixFilePermissions(dir.resolve("pg-password")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
    try (App second = App.start(config(dir))) {
      HttpResponse<String> r = call(second, "GET", "/v1/projects/current", null, key);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(Json.tree(r.body()).path("project_id").asText()).isEqualTo(projectId);
    }
  }
}
