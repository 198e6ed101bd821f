package io.beadhub.http;

import java.util.Map;

/** A response with a status other than 200, or extra headers. Handlers usually return the body alone. */
public record Reply(int status, Object body, Map<String, String> headers) {
  public static Reply of(int status, Object body) {
    return new Reply(status, body, Map.of());
  }

  /** The handler wrote the response itself (streams). */
  public static final Reply HANDLED = new Reply(-1, null, Map.of());
}
