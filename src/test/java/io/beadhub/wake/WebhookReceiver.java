package io.beadhub.wake;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A webhook endpoint on 127.0.0.1 that records every POST and fails the first {@code failures} of them. */
final class WebhookReceiver implements AutoCloseable {
  record Hit(String idempotencyKey, String timestamp, String signature, String body, int answered) {
  }

  private final HttpServer server;
  private final List<Hit> hits = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft;

  WebhookReceiver(int failures) {
    this.failuresLeft = new AtomicInteger(failures);
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    server.createContext("/wake", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      int status = failuresLeft.getAndDecrement() > 0 ? 503 : 204;
      hits.add(new Hit(ex.getRequestHeaders().getFirst("Idempotency-Key"),
          ex.getRequestHeaders().getFirst("X-Beadhub-Timestamp"),
          ex.getRequestHeaders().getFirst("X-Beadhub-Signature"), body, status));
      ex.sendResponseHeaders(status, -1);
      ex.close();
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/wake";
  }

  List<Hit> hits() {
    return List.copyOf(hits);
  }

  /** The hits the receiver accepted, one per idempotency key (a receiver drops repeated keys). */
  List<Hit> accepted() {
    return hits.stream().filter(h -> h.answered() / 100 == 2)
        .collect(java.util.stream.Collectors.toMap(Hit::idempotencyKey, h -> h, (a, b) -> a,
            java.util.LinkedHashMap::new)).values().stream().toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
