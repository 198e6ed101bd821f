package io.beadhub.http;

import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;

/** Query-parameter accessors; failures are 422 with {@code loc = ["query", name]}. Unknown params are ignored. */
public final class Query {
  private final Context ctx;

  public Query(Context ctx) {
    this.ctx = ctx;
  }

  /** The raw value, or null when absent. */
  public String str(String name) {
    return ctx.queryParam(name);
  }

  /** The value, null when absent or empty (empty-string filters count as absent). */
  public String filter(String name, int maxLen) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    if (v.codePointCount(0, v.length()) > maxLen) {
      throw ValidationError.of("string_too_long", List.of("query", name),
          "String should have at most " + maxLen + " characters", v);
    }
    return v;
  }

  public boolean bool(String name, boolean dflt) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return dflt;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on", "t", "y" -> true;
      case "false", "0", "no", "off", "f", "n" -> false;
      default -> throw ValidationError.of("bool_parsing", List.of("query", name),
          "Input should be a valid boolean, unable to interpret input", v);
    };
  }

  public int integer(String name, int dflt, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return dflt;
    }
    long n;
    try {
      n = Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw ValidationError.of("int_parsing", List.of("query", name),
          "Input should be a valid integer, unable to parse string as an integer", v);
    }
    if (n < min) {
      throw ValidationError.of("greater_than_equal", List.of("query", name),
          "Input should be greater than or equal to " + min, v);
    }
    if (n > max) {
      throw ValidationError.of("less_than_equal", List.of("query", name),
          "Input should be less than or equal to " + max, v);
    }
    return (int) n;
  }
}
