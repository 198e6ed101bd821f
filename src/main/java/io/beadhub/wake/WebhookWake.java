package io.beadhub.wake;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One webhook POST. The receiver checks {@code X-Beadhub-Signature} = {@code sha256=} hex HMAC-SHA256 of
 * {@code <X-Beadhub-Timestamp>.<body>} with its secret, and drops a repeated {@code Idempotency-Key}
 * (retries of one wake carry the same key and body).
 */
final class WebhookWake {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER).build();

  private WebhookWake() {
  }

  /** Null when the receiver answered 2xx, else what went wrong. */
  static String post(String url, String secret, String idempotencyKey, String body, Instant now) {
    String timestamp = Long.toString(now.getEpochSecond());
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", idempotencyKey)
        .header("X-Beadhub-Timestamp", timestamp)
        .header("X-Beadhub-Signature", "sha256=" + sign(secret, timestamp + "." + body))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    try {
      HttpResponse<Void> res = HTTP.send(req, HttpResponse.BodyHandlers.discarding());
      return res.statusCode() / 100 == 2 ? null : "HTTP " + res.statusCode();
    } catch (java.io.IOException | IllegalArgumentException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  static String sign(String secret, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
