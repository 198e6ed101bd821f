package io.beadhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import io.beadhub.testing.SseClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * aw's chat stream reader: {@code GET /v1/chat/sessions/{id}/stream?deadline=<now+15 min>[&after=…]},
 * reading {@code event:}/{@code data:} pairs and ignoring comments (spec 20 §3.9, spec 70 §11).
 */
final class ChatStream implements AutoCloseable {
  private final SseClient sse;

  private ChatStream(SseClient sse) {
    this.sse = sse;
  }

  /** {@code after} null = aw 0.4.0 (no {@code after}); else the newer clients' RFC 3339 value. */
  static ChatStream open(String base, String sessionId, String key, String after) {
    String deadline = Instant.now().plus(15, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    String q = "?deadline=" + Wire.enc(deadline) + (after == null ? "" : "&after=" + Wire.enc(after));
    SseClient c = SseClient.open(base, "/v1/chat/sessions/" + sessionId + "/stream" + q,
        Map.of("Authorization", "Bearer " + key, "Accept", "text/event-stream"));
    assertThat(c.status()).isEqualTo(200);
    return new ChatStream(c);
  }

  JsonNode nextMessage(Duration timeout) {
    return next("message", timeout);
  }

  /** The data of the next event named {@code name}; earlier events of other names are skipped. */
  JsonNode next(String name, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      Duration left = Duration.ofNanos(end - System.nanoTime());
      assertThat(left.isNegative()).as("no %s event within %s; seen %s", name, timeout, sse.seen()).isFalse();
      String ev = sse.await(l -> l.startsWith("event: "), left);
      assertThat(ev).as("no %s event within %s; seen %s", name, timeout, sse.seen()).isNotNull();
      String data = sse.await(l -> l.startsWith("data: "), Duration.ofSeconds(2));
      if (ev.substring(7).equals(name)) {
        return Json.tree(data.substring(6));
      }
    }
  }

  @Override
  public void close() {
    sse.close();
  }
}
