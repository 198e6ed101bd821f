package io.beadhub.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Loading the shared beads fixtures through the public upload route. */
final class Fixtures {
  static final String RIG = "github.com/example/gastown";
  static final String TOWN = "github.com/example/town";
  private static final Path DIR = Path.of("/work/shared/fixtures/beads");

  private Fixtures() {
  }

  static String text(String file) {
    try {
      return Files.readString(DIR.resolve(file));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Resp upload(TestServer s, String key, String repo, String jsonl) {
    Resp r = s.post("/v1/beads/upload-jsonl?repo=" + repo, jsonl, key);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r;
  }

  static String project(TestServer s, String slug) {
    return s.init(Map.of("project_slug", slug)).get("api_key").asText();
  }
}
