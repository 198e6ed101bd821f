package io.beadhub.http;

import io.beadhub.common.CleanText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A 422 in the framework shape {@code {"detail":[{"type","loc","msg","input"}]}} (spec 10 §0.3):
 * a request whose body, query or path fails validation.
 */
public final class ValidationError extends RuntimeException {
  private final transient List<Map<String, Object>> items;

  private ValidationError(List<Map<String, Object>> items) {
    super(String.valueOf(items.get(0).get("msg")), null, false, false);
    this.items = items;
  }

  public static ValidationError of(String type, List<Object> loc, String msg, Object input) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("type", type);
    item.put("loc", loc);
    item.put("msg", msg);
    item.put("input", input);
    List<Map<String, Object>> list = new ArrayList<>();
    list.add(item);
    return new ValidationError(list);
  }

  /** A field rule failure: {@code msg} is prefixed with {@code "Value error, "} as pydantic does. */
  public static ValidationError value(String where, String field, String message, Object input) {
    return of("value_error", List.of(where, field), "Value error, " + message, input);
  }

  public static ValidationError body(String field, String message, Object input) {
    return value("body", field, message, input);
  }

  public static ValidationError query(String field, String message, Object input) {
    return value("query", field, message, input);
  }

  public static ValidationError path(String field, String message, Object input) {
    return value("path", field, message, input);
  }

  /** A string holding NUL or a lone surrogate (see {@link CleanText}). */
  public static ValidationError unclean(List<Object> loc, Object input) {
    return of("value_error", loc, "Value error, " + CleanText.MESSAGE, input);
  }

  public List<Map<String, Object>> items() {
    return items;
  }
}
