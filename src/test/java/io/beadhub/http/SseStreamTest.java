package io.beadhub.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beadhub.testing.SseClient;
import io.javalin.Javalin;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one SSE helper both streams write through: frames, headers, and a client gone while nothing is written. */
class SseStreamTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicBoolean noticed = new AtomicBoolean();
  private Javalin server;

  /** A server whose one stream writes a few frames, then waits, silent, until released or its client leaves. */
  private String start() {
    server = Javalin.create(c -> c.routes.get("/s", ctx -> {
      CountDownLatch gone = new CountDownLatch(1);
      try (SseStream sse = SseStream.open(ctx, "text/event-stream", Clock.systemUTC(), () -> {
        noticed.set(true);
        gone.countDown();
      })) {
        sse.keepalive();
        sse.event("message", Map.of("a", 1));
        sse.data(7, "{\"b\":2}");
        sse.comment("note");
        sse.frame("data: x\n\n".getBytes(StandardCharsets.UTF_8));
        sse.flush();
        while (release.getCount() > 0 && !gone.await(50, TimeUnit.MILLISECONDS)) {
          assertThat(sse.gone()).isFalse();
        }
      }
    })).start(0);
    return "http://localhost:" + server.port();
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.stop();
    }
  }

  /** The next raw line of the stream (blank lines included). */
  private static String line(SseClient c) {
    return c.await(l -> true, Duration.ofSeconds(10));
  }

  @Test
  void framesAndHeadersAreWrittenInTheSseFormat() {
    try (SseClient c = SseClient.open(start(), "/s", Map.of())) {
      assertThat(c.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
      assertThat(c.headers().firstValue("cache-control")).contains("no-cache");
      assertThat(c.headers().firstValue("x-accel-buffering")).contains("no");
      List<String> lines = new ArrayList<>();
      while (lines.size() < 12) {
        lines.add(line(c));
      }
      assertThat(lines).containsExactly(": keepalive", "", "event: message", "data: {\"a\":1}", "", "id: 7",
          "data: {\"b\":2}", "", ": note", "", "data: x", "");
    }
  }

  @Test
  void aClientThatLeavesIsNoticedWhileNothingIsWritten() {
    SseClient c = SseClient.open(start(), "/s", Map.of());
    assertThat(line(c)).isEqualTo(": keepalive");
    assertThat(noticed.get()).isFalse();
    c.close();
    await().atMost(Duration.ofSeconds(10)).untilTrue(noticed);
  }
}
