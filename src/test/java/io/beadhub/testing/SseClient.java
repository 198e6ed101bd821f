package io.beadhub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The Server-Sent Events client of the tests. A virtual thread reads the stream's lines into a
 * queue; a test takes them either as raw lines ({@link #await}) or as parsed frames ({@link #next},
 * {@link #nextEvent}). Every line taken either way is kept in {@link #seen()} for failure messages.
 */
public final class SseClient implements AutoCloseable {
  /** One frame: an event (its name may be null, data parsed as JSON) or a comment line. */
  public record Frame(String event, String id, JsonNode data, String comment) {
    public boolean isComment() {
      return comment != null;
    }
  }

  private static final String END = new String("end of stream");
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();
  private volatile Stream<String> body;
  private volatile int status;
  private volatile HttpHeaders headers;
  private volatile Thread reader;
  // the frame being read by next()
  private String event;
  private String id;
  private StringBuilder data;

  private SseClient() {
  }

  /** Opens the stream and waits for the response headers. */
  public static SseClient open(String base, String path, Map<String, String> headers) {
    SseClient c = new SseClient();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    headers.forEach(b::header);
    try {
      HttpResponse<Stream<String>> r = c.http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
      c.status = r.statusCode();
      c.headers = r.headers();
      c.body = r.body();
      c.reader = Thread.ofVirtual().start(() -> {
        try {
          c.body.forEach(c.lines::add);
        } catch (RuntimeException e) {
          // closed by the test or the server
        } finally {
          c.lines.add(END);
        }
      });
      return c;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static SseClient open(String base, String path, String key) {
    return open(base, path, key == null ? Map.of() : Map.of("Authorization", "Bearer " + key));
  }

  public int status() {
    return status;
  }

  public HttpHeaders headers() {
    return headers;
  }

  /** The next line matching {@code p} within the timeout (earlier lines are skipped), else null. */
  public String await(Predicate<String> p, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      String l = nextLine(end);
      if (l == null || p.test(l)) {
        return l;
      }
    }
  }

  /**
   * The next frame (event or comment) within the timeout, else null (also once the stream ended). A
   * frame cut by the timeout is kept and completed by the next call.
   */
  public Frame next(Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      String l = nextLine(end);
      if (l == null) {
        return null;
      } else if (l.isEmpty()) {
        if (event != null || data != null) {
          Frame f = new Frame(event, id, data == null ? null : Json.tree(data.toString()), null);
          event = null;
          id = null;
          data = null;
          return f;
        }
      } else if (l.startsWith(":")) {
        return new Frame(null, null, null, l.substring(1).trim());
      } else if (l.startsWith("event: ")) {
        event = l.substring(7);
      } else if (l.startsWith("id: ")) {
        id = l.substring(4);
      } else if (l.startsWith("data: ")) {
        data = (data == null ? new StringBuilder() : data.append('\n')).append(l.substring(6));
      }
    }
  }

  /** The next event (comments skipped) within the timeout, else null. */
  public Frame nextEvent(Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      Frame f = next(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
      if (f == null || !f.isComment()) {
        return f;
      }
    }
  }

  /** The next event named {@code name} within the timeout (other events skipped), else null. */
  public Frame nextEvent(String name, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      Frame f = nextEvent(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
      if (f == null || name.equals(f.event())) {
        return f;
      }
    }
  }

  /** Whether the server ended the stream within the timeout. */
  public boolean ended(Duration timeout) {
    try {
      return reader.join(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Every line taken so far by {@link #await} or {@link #next}. */
  public List<String> seen() {
    return seen;
  }

  private String nextLine(long endNanos) {
    try {
      long left = endNanos - System.nanoTime();
      String l = left <= 0 ? lines.poll() : lines.poll(left, TimeUnit.NANOSECONDS);
      if (l == END) {
        lines.add(END);
        return null;
      }
      if (l != null) {
        seen.add(l);
      }
      return l;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Override
  public void close() {
    Stream<String> b = body;
    if (b != null) {
      b.close();
    }
    http.shutdownNow();
  }
}
