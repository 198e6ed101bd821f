package io.beadhub.common;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one domain error type: a status and a {@code detail} (usually a string the clients may match
 * on). The HTTP layer turns it into {@code {"detail": ...}}; nothing else decides status codes.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final transient Object detail;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final transient Map<String, Object> extra = new LinkedHashMap<>();

  public ApiError(int status, Object detail) {
    super(detail instanceof String s ? s : String.valueOf(detail), null, false, false);
    this.status = status;
    this.detail = detail;
  }

  public static ApiError badRequest(String detail) {
    return new ApiError(400, detail);
  }

  public static ApiError unauthorized(String detail) {
    return new ApiError(401, detail).header("WWW-Authenticate", "Bearer");
  }

  public static ApiError forbidden(String detail) {
    return new ApiError(403, detail);
  }

  public static ApiError notFound(String detail) {
    return new ApiError(404, detail);
  }

  public static ApiError conflict(String detail) {
    return new ApiError(409, detail);
  }

  public static ApiError gone(String detail) {
    return new ApiError(410, detail);
  }

  /** A 422 with a plain-string detail (the spec's {@code 422 "text"}). */
  public static ApiError unprocessable(String detail) {
    return new ApiError(422, detail);
  }

  public ApiError header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** An extra top-level field next to {@code detail} (flat bodies such as 20 §2.1's 410, §4.2's 409). */
  public ApiError with(String field, Object value) {
    extra.put(field, value);
    return this;
  }

  public Map<String, Object> extra() {
    return extra;
  }

  public int status() {
    return status;
  }

  public Object detail() {
    return detail;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
