package io.beadhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.testing.Beads;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A full sync repeats most lines of the one before it; the server reuses what it validated of a line it
 * has seen (beads/ValidatedLines). What changed, moved or arrives new must still count as such.
 */
class RepeatedFullSyncTest {
  static TestServer server;
  static int n;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String title(TwoProjects s, String id) {
    return server.get("/v1/beads/issues/" + id, s.a().key()).get("title").asText();
  }

  @Test
  void aRepeatedExportWithOneChangedLineWritesThatLineAndReportsTheNewLineNumbers() throws Exception {
    TwoProjects s = TwoProjects.sync(server, "resync-" + (n++));
    String text = Beads.text("beads-tracker-v0.49.6.jsonl");
    assertThat(Beads.full(server, s.a(), text).status()).isEqualTo(200);

    String first = text.substring(0, text.indexOf('\n') + 1);
    String id = first.substring(first.indexOf("\"id\":\"") + 6, first.indexOf('"', first.indexOf("\"id\":\"") + 6));
    String renamed = first.replaceFirst("\"title\":\"[^\"]*\"", "\"title\":\"renamed by the second export\"")
        .replaceFirst("\"updated_at\":\"[^\"]*\"", "\"updated_at\":\"2030-01-01T00:00:00Z\"");
    assertThat(renamed).isNotEqualTo(first);
    // a bad line on top shifts every line by one
    String second = "{\"title\":\"no id\"}\n" + renamed + text.substring(first.length());
    Resp r = Beads.full(server, s.a(), second);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.get("stats").path("unchanged").asInt()).isEqualTo(834);
    assertThat(r.get("rejected").toString()).isEqualTo(
        "[{\"line\":1,\"id\":null,\"reason\":\"missing_id\",\"field\":null},"
            + "{\"line\":98,\"id\":\"bd-d3e5\",\"reason\":\"duplicate_id\",\"field\":null}]");
    assertThat(title(s, id)).isEqualTo("renamed by the second export");
    assertThat(r.get("issues_count").asInt()).isEqualTo(835);
  }

  @Test
  void aLineWithAnEscapedCharacterSyncsTheSameTwice() {
    TwoProjects s = TwoProjects.sync(server, "resync-" + (n++));
    String line = "{\"id\":\"sm-7\",\"title\":\"caf\\u00e9 \\ud83d\\ude00\",\"status\":\"open\","
        + "\"updated_at\":\"2026-03-01T10:00:00Z\"}\n";
    assertThat(Beads.full(server, s.a(), Beads.S1 + line).status()).isEqualTo(200);
    Resp again = Beads.full(server, s.a(), Beads.S1 + line);
    assertThat(again.get("stats").path("unchanged").asInt()).isEqualTo(2);
    assertThat(title(s, "sm-7")).isEqualTo("café \uD83D\uDE00");
  }

  @Test
  void aLineRejectedBeforeIsRejectedAgain() {
    TwoProjects s = TwoProjects.sync(server, "resync-" + (n++));
    String bad = "{\"id\":\"sm-8\",\"title\":42}\n";
    for (int i = 0; i < 2; i++) {
      Resp r = Beads.full(server, s.a(), Beads.S1 + bad);
      assertThat(r.get("rejected").toString())
          .isEqualTo("[{\"line\":2,\"id\":\"sm-8\",\"reason\":\"invalid_field\",\"field\":\"title\"}]");
    }
  }
}
