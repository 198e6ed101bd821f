package io.beadhub.testing;

import java.net.URI;
import java.net.http.HttpClient;
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

/** A Server-Sent Events client for tests: lines are read on a virtual thread into a queue. */
public final class SseClient implements AutoCloseable {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();
  private volatile Stream<String> body;
  private volatile int status;

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
      c.body = r.body();
      Thread.ofVirtual().start(() -> {
        try {
          c.body.forEach(c.lines::add);
        } catch (RuntimeException e) {
          // closed by the test or the server
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

  /** The next line matching {@code p} within the timeout (earlier lines are kept in {@link #seen()}), else null. */
  public String await(Predicate<String> p, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      try {
        String l = lines.poll(left, TimeUnit.NANOSECONDS);
        if (l == null) {
          return null;
        }
        seen.add(l);
        if (p.test(l)) {
          return l;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  /** Every line read so far by {@link #await}. */
  public List<String> seen() {
    return seen;
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
