package io.beadhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import io.beadhub.testing.SseClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The HTTP of the two clients inside bdh (spec 70 §1), byte for byte where it matters: the beadhub
 * client always sends a JSON body with {@code Content-Type} (the literal {@code null} when there is
 * nothing to send) and sorts query keys; the aw client sends no body and no Content-Type when it has
 * nothing to send. Both send {@code Accept: application/json} and a bearer key when one is known.
 */
final class Wire {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  /** A marker for "send the literal JSON null" (beadhub client, {@code POST /v1/policies/reset}). */
  static final Object JSON_NULL = new Object();

  private Wire() {
  }

  /** What the client gets back: status, headers and the raw body it decodes or matches substrings in. */
  record Answer(int status, HttpHeaders headers, String body) {
    JsonNode json() {
      return body == null || body.isEmpty() ? Json.MAPPER.missingNode() : Json.tree(body);
    }

    boolean ok() {
      return status / 100 == 2;
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    /** A 2xx must be a JSON object (an empty 2xx body is a decode error in Go, spec 70 §1). */
    JsonNode object() {
      assertThat(ok()).as("2xx expected, got %s %s", status, body).isTrue();
      JsonNode n = json();
      assertThat(n.isObject()).as("2xx body must be a JSON object: %s", body).isTrue();
      return n;
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  /** The beadhub client: JSON body (or none for GET/DELETE), sorted query, bearer when known. */
  static Answer beadhub(String base, String method, String path, Map<String, ?> query, Object body, String key,
      Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path + sortedQuery(query)))
        .timeout(Duration.ofSeconds(10)).header("Accept", "application/json");
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    headers.forEach(b::header);
    if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
      String text = body == JSON_NULL || body == null ? "null" : Json.string(body);
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(text));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return send(b);
  }

  static Answer beadhub(String base, String method, String path, Map<String, ?> query, Object body, String key) {
    return beadhub(base, method, path, query, body, key, Map.of());
  }

  /** The aw client: hand-built query strings; a JSON body only when there is one, else no Content-Type. */
  static Answer aw(String base, String method, String pathAndQuery, Object body, String key) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .timeout(Duration.ofSeconds(10)).header("Accept", "application/json");
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(Json.string(body)));
    }
    return send(b);
  }

  /** Go's url.Values.Encode: keys sorted, standard query escaping. */
  static String sortedQuery(Map<String, ?> query) {
    if (query == null || query.isEmpty()) {
      return "";
    }
    return "?" + new TreeMap<>(query).entrySet().stream()
        .map(e -> enc(e.getKey()) + "=" + enc(String.valueOf(e.getValue())))
        .collect(Collectors.joining("&"));
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static Answer send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.headers(), r.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- what Go's encoding/json accepts: the field's JSON type exactly (null is the zero value) ----

  static String str(JsonNode n, String field) {
    JsonNode v = n.path(field);
    assertThat(v.isTextual() || v.isNull() || v.isMissingNode()).as("%s must be a string: %s", field, n).isTrue();
    return v.isTextual() ? v.asText() : "";
  }

  static boolean bool(JsonNode n, String field) {
    JsonNode v = n.path(field);
    assertThat(v.isBoolean() || v.isNull() || v.isMissingNode()).as("%s must be a bool: %s", field, n).isTrue();
    return v.asBoolean(false);
  }

  static long num(JsonNode n, String field) {
    JsonNode v = n.path(field);
    assertThat(v.isIntegralNumber() || v.isNull() || v.isMissingNode()).as("%s must be an integer: %s", field, n)
        .isTrue();
    return v.asLong(0);
  }

  static JsonNode arr(JsonNode n, String field) {
    JsonNode v = n.path(field);
    assertThat(v.isArray() || v.isNull() || v.isMissingNode()).as("%s must be an array: %s", field, n).isTrue();
    return v.isArray() ? v : Json.MAPPER.createArrayNode();
  }

  static JsonNode obj(JsonNode n, String field) {
    JsonNode v = n.path(field);
    assertThat(v.isObject() || v.isNull() || v.isMissingNode()).as("%s must be an object: %s", field, n).isTrue();
    return v;
  }

  /** A {@code time.Time} that may be absent: null decodes to the zero time, {@code ""} would fail the decode. */
  static void rfc3339OrNull(JsonNode n, String field) {
    if (!n.path(field).isNull() && !n.path(field).isMissingNode()) {
      rfc3339(n, field);
    }
  }

  /** A timestamp the client parses as {@code time.Time}: RFC 3339 (Z or an offset). */
  static OffsetDateTime rfc3339(JsonNode n, String field) {
    String s = str(n, field);
    assertThat(s).as("%s must be present: %s", field, n).isNotEmpty();
    assertThat(s).as("%s must be RFC 3339", field).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)");
    return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  /**
   * aw's chat stream reader: {@code GET /v1/chat/sessions/{id}/stream?deadline=<now+15 min>[&after=…]}
   * with {@code Accept: text/event-stream} (spec 20 §3.9, spec 70 §11). {@code after} null = aw 0.4.0
   * (no {@code after}); else the newer clients' RFC 3339 value.
   */
  static SseClient chatStream(String base, String sessionId, String key, String after) {
    String deadline = Instant.now().plus(15, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    String q = "?deadline=" + enc(deadline) + (after == null ? "" : "&after=" + enc(after));
    SseClient c = SseClient.open(base, "/v1/chat/sessions/" + sessionId + "/stream" + q,
        Map.of("Authorization", "Bearer " + key, "Accept", "text/event-stream"));
    assertThat(c.status()).isEqualTo(200);
    return c;
  }

  /** The data of the next event named {@code name} (aw skips comments and other events). */
  static JsonNode chatEvent(SseClient stream, String name, Duration timeout) {
    SseClient.Frame f = stream.nextEvent(name, timeout);
    assertThat(f).as("no %s event within %s; seen %s", name, timeout, stream.seen()).isNotNull();
    return f.data();
  }
}
