package io.beadhub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.App;
import io.beadhub.common.Json;
import io.beadhub.config.Config;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The real server on a random port, on a fresh database cloned from the migrated template, and a
 * small HTTP client that speaks to it as a client would.
 */
public final class TestServer implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final App app;
  private final String base;
  private final String databaseUrl;
  private final TestClock clock;

  private TestServer(App app, String databaseUrl, TestClock clock) {
    this.app = app;
    this.clock = clock;
    this.base = "http://127.0.0.1:" + app.port();
    this.databaseUrl = databaseUrl;
  }

  public static TestServer start() {
    return start(Map.of());
  }

  /** {@code env} overrides the test defaults (e.g. {@code BEADHUB_INIT_RATE_LIMIT}). */
  public static TestServer start(Map<String, String> env) {
    return startOn(TestPostgres.get().newDatabase(), env);
  }

  /** Another server on the same database (restarts, replicas). */
  public static TestServer startOn(String databaseUrl, Map<String, String> env) {
    Map<String, String> e = new HashMap<>();
    e.put("BEADHUB_HOST", "127.0.0.1");
    e.put("BEADHUB_PORT", "8000");
    e.put("BEADHUB_INIT_RATE_LIMIT", "1000");
    e.put("BEADHUB_LOG_JSON", "false");
    e.putAll(env);
    e.put("BEADHUB_DATABASE_URL", databaseUrl);
    Config config = Config.from(e).withPort(0);
    TestClock clock = new TestClock();
    return new TestServer(App.start(config, clock), databaseUrl, clock);
  }

  /** The server's clock: {@code clock().advance(d)} makes {@code d} pass for the server at once. */
  public TestClock clock() {
    return clock;
  }

  public String base() {
    return base;
  }

  public int port() {
    return app.port();
  }

  /** Every route the server registered. */
  public java.util.List<io.beadhub.http.Router.Route> routes() {
    return app.routes();
  }

  public String databaseUrl() {
    return databaseUrl;
  }

  /** Direct SQL on this server's database, for assertions about stored rows. */
  public org.jdbi.v3.core.Jdbi sql() {
    io.beadhub.db.DatabaseUrl u = io.beadhub.db.DatabaseUrl.parse(databaseUrl);
    return org.jdbi.v3.core.Jdbi.create(u.jdbcUrl(), u.user(), u.password());
  }

  /**
   * Waits until every committed event has its event_id: the sequencer numbers them right after the
   * writer's commit, so a test reading {@code server.events} after a request waits for that first.
   */
  public void eventsNumbered() {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
        .until(() -> sql().withHandle(h -> h.createQuery("SELECT NOT EXISTS (SELECT 1 FROM server.event_queue)")
            .mapTo(Boolean.class).one()));
  }

  public Resp get(String path, String key) {
    return send(request(path, key).GET());
  }

  public Resp post(String path, Object body, String key) {
    return send(request(path, key).POST(publisher(body)));
  }

  public Resp put(String path, Object body, String key) {
    return send(request(path, key).PUT(publisher(body)));
  }

  public Resp patch(String path, Object body, String key) {
    return send(request(path, key).method("PATCH", publisher(body)));
  }

  public Resp delete(String path, String key) {
    return send(request(path, key).DELETE());
  }

  /** A request with arbitrary headers (proxy auth, odd Authorization values). */
  public Resp send(String method, String path, Object body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : publisher(body));
    headers.forEach(b::header);
    return send(b);
  }

  /**
   * A request from a client that gives up after {@code timeout}: the test fails unless the server
   * answers by then.
   */
  public Resp sendWithin(Duration timeout, String method, String path, Object body, String key) {
    return send(request(path, key).timeout(timeout).method(method, publisher(body)));
  }

  private HttpRequest.Builder request(String path, String key) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return b;
  }

  private static HttpRequest.BodyPublisher publisher(Object body) {
    if (body == null) {
      return HttpRequest.BodyPublishers.noBody();
    }
    String text = body instanceof String s ? s : Json.string(body);
    return HttpRequest.BodyPublishers.ofString(text);
  }

  private Resp send(HttpRequest.Builder b) {
    try {
      HttpRequest req = b.build();
      HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
      WireShapes.record(app.routes(), req.method(), req.uri().getRawPath(), r.statusCode(), r.body());
      return new Resp(r.statusCode(), r.headers(), r.body());
    } catch (java.net.http.HttpTimeoutException e) {
      throw new AssertionError("no answer within the client's timeout: " + b.build().method() + " "
          + b.build().uri().getRawPath(), e);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An init call; returns the response JSON (asserting 200). */
  public JsonNode init(Map<String, Object> body) {
    Resp r = post("/v1/init", body, null);
    if (r.status() != 200) {
      throw new AssertionError("init failed: " + r);
    }
    return r.json();
  }

  @Override
  public void close() {
    app.close();
  }
}
