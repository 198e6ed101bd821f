package io.beadhub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import java.net.http.HttpHeaders;

/** An HTTP response as a test reads it. */
public record Resp(int status, HttpHeaders headers, String text) {
  public JsonNode json() {
    return text == null || text.isEmpty() ? Json.MAPPER.missingNode() : Json.tree(text);
  }

  /** {@code json().path(field)} shortcut. */
  public JsonNode get(String field) {
    return json().path(field);
  }

  /** The {@code detail} as text (domain errors). */
  public String detail() {
    return json().path("detail").asText();
  }

  /** The first validation item's {@code msg}. */
  public String msg() {
    return json().path("detail").path(0).path("msg").asText();
  }

  public String header(String name) {
    return headers.firstValue(name).orElse(null);
  }

  @Override
  public String toString() {
    return status + " " + text;
  }
}
