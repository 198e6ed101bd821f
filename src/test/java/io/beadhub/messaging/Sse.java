package io.beadhub.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A test SSE client: reads the stream line by line on a virtual thread. */
public final class Sse implements AutoCloseable {
  /** One frame: an event (name + data) or a comment (name null, comment text). */
  public record Frame(String event, JsonNode data, String comment) {
    public boolean isComment() {
      return comment != null;
    }
  }

  private static final Object END = new Object();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<HttpResponse<Stream<String>>> response = new CompletableFuture<>();
  private volatile Stream<String> lines;
  private final Thread reader;

  private Sse(String url, String key) {
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
        .timeout(Duration.ofMinutes(5)).GET().build();
    reader = Thread.ofVirtual().start(() -> {
      try {
        HttpResponse<Stream<String>> r = HTTP.send(req, HttpResponse.BodyHandlers.ofLines());
        lines = r.body();
        response.complete(r);
        String event = null;
        StringBuilder data = new StringBuilder();
        for (String line : (Iterable<String>) r.body()::iterator) {
          if (line.isEmpty()) {
            if (event != null) {
              frames.add(new Frame(event, Json.tree(data.toString()), null));
            }
            event = null;
            data.setLength(0);
          } else if (line.startsWith(":")) {
            frames.add(new Frame(null, null, line.substring(1).trim()));
          } else if (line.startsWith("event: ")) {
            event = line.substring(7);
          } else if (line.startsWith("data: ")) {
            data.append(line.substring(6));
          }
        }
      } catch (Exception e) {
        response.completeExceptionally(e);
      } finally {
        frames.add(END);
      }
    });
  }

  public static Sse open(String url, String key) {
    return new Sse(url, key);
  }

  /** The response status and headers (waits for them). */
  public HttpResponse<Stream<String>> response() {
    try {
      return response.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The next frame, or null if the stream ended or nothing came within the timeout. */
  public Frame next(Duration timeout) {
    try {
      Object o = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (o == END) {
        frames.add(END);
        return null;
      }
      return (Frame) o;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** The next event (skipping comments), or null. */
  public Frame nextEvent(Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      Frame f = next(Duration.ofNanos(left));
      if (f == null || !f.isComment()) {
        return f;
      }
    }
  }

  /** Whether the server ended the stream within the timeout. */
  public boolean ended(Duration timeout) {
    try {
      reader.join(timeout);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    return !reader.isAlive();
  }

  @Override
  public void close() {
    Stream<String> l = lines;
    if (l != null) {
      l.close();
    }
    reader.interrupt();
  }
}
