package io.beadhub.workspaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beadhub.App;
import io.beadhub.common.Json;
import io.beadhub.config.Config;
import io.beadhub.config.ConfigException;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestRedis;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spec 30 §11 checks 47–49: restart on the same data, Redis down, bad configuration. */
class RestartAndConfigTest {
  @TempDir
  Path dir;

  static String get(App app, String path, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    try (HttpClient c = HttpClient.newHttpClient()) {
      return c.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }
  }

  static String post(App app, String path, String body) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    try (HttpClient c = HttpClient.newHttpClient()) {
      return c.send(r, HttpResponse.BodyHandlers.ofString()).body();
    }
  }

  @Test
  void dataSurvivesARestartWithTheEmbeddedDatabase() throws Exception {
    Map<String, String> env = Map.of("BEADHUB_DATA_DIR", dir.toString(), "BEADHUB_HOST", "127.0.0.1",
        "BEADHUB_LOG_JSON", "false", "HOME", dir.toString());
    Config config = Config.from(env).withPort(0);
    String key;
    try (App app = App.start(config)) {
      String init = post(app, "/v1/init", "{\"project_slug\":\"restart\",\"alias\":\"alice-dev\","
          + "\"repo_origin\":\"git@github.com:acme/widgets.git\"}");
      key = io.beadhub.common.Json.tree(init).path("api_key").asText();
    }
    assertThat(Files.isDirectory(dir.resolve("pgdata"))).isTrue();
    try (App app = App.start(config)) {
      assertThat(get(app, "/v1/workspaces", key)).contains("\"alias\":\"alice-dev\"");
      assertThat(get(app, "/v1/repos", key)).contains("github.com/acme/widgets");
    }
  }

  @Test
  void withRedisStoppedHealthIsUnhealthyAndListingsStillWork() {
    try (TestRedis redis = TestRedis.start();
         TestServer s = TestServer.start(Map.of("BEADHUB_REDIS_URL", redis.url()))) {
      TwoProjects w = TwoProjects.workspaces(s);
      s.post("/v1/agents/register", Map.of("workspace_id", w.wa(), "alias", "alice-dev"), w.ka());
      redis.stop();
      Resp health = s.get("/health", null);
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.get("status").asText()).isEqualTo("unhealthy");
      assertThat(health.json().path("checks").path("redis").asText()).startsWith("error:");
      Resp list = s.get("/v1/workspaces", w.ka());
      assertThat(list.status()).isEqualTo(200);
      list.get("workspaces").forEach(i -> assertThat(i.path("status").asText()).isEqualTo("offline"));
    }
  }

  @Test
  void badPortAndTooShortTtlAreRejectedAtStartup() {
    assertThatThrownBy(() -> Config.from(Map.of("BEADHUB_PORT", "70000")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("BEADHUB_PORT must be between 1 and 65535, got 70000");
    assertThatThrownBy(() -> Config.from(Map.of("BEADHUB_PRESENCE_TTL_SECONDS", "5")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("BEADHUB_PRESENCE_TTL_SECONDS must be at least 10");
  }
}
