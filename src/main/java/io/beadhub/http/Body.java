package io.beadhub.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import io.beadhub.common.Uuids;

/**
 * A request body read as a JSON object, with typed, validating field accessors (spec 10 §0.3).
 * Every failure is a 422 in the framework shape with {@code loc = ["body", field]}.
 * Unknown fields are ignored.
 */
public final class Body {
  private final ObjectNode node;

  private Body(ObjectNode node) {
    this.node = node;
  }

  /** An empty body or the literal {@code null} is {@code {}}; a non-object is a 422. */
  public static Body parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return new Body(Json.object());
    }
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(raw);
    } catch (JsonProcessingException e) {
      throw ValidationError.of("json_invalid", List.of("body", Math.max(0, (int) e.getLocation().getCharOffset())),
          "JSON decode error", Json.object());
    }
    if (n == null || n.isNull() || n.isMissingNode()) {
      return new Body(Json.object());
    }
    if (!n.isObject()) {
      throw ValidationError.of("model_attributes_type", List.of("body"),
          "Input should be a valid dictionary or object to extract fields from", n);
    }
    return new Body((ObjectNode) n);
  }

  /**
   * As {@link #parse(String)}, from the body's bytes: read as UTF-8 by the byte parser (a 10 MB sync
   * body decoded to a String first cost twice the time). Anything the byte parser refuses (bad JSON,
   * malformed UTF-8), and anything not an object (an empty body included), is read again as text, so the
   * answer is exactly that of {@link #parse(String)}.
   */
  public static Body parse(byte[] raw) {
    try {
      JsonNode n = Json.MAPPER.readTree(raw);
      if (n != null && n.isObject()) {
        return new Body((ObjectNode) n);
      }
    } catch (java.io.IOException e) {
      // answered below, with the text parser's error
    }
    return parse(new String(raw, java.nio.charset.StandardCharsets.UTF_8));
  }

  public static Body of(ObjectNode node) {
    return new Body(node);
  }

  public ObjectNode node() {
    return node;
  }

  public boolean has(String field) {
    return node.has(field);
  }

  /** Present and not JSON null. */
  public boolean present(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  public JsonNode raw(String field) {
    return node.get(field);
  }

  /** A string or null (absent / JSON null); any other type is a 422. */
  public String str(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ValidationError.of("string_type", List.of("body", field), "Input should be a valid string", v);
    }
    return v.textValue();
  }

  public String str(String field, int maxLen) {
    return maxLen(field, str(field), maxLen);
  }

  /** A required string: absent → 422 {@code missing}; JSON null → 422 {@code string_type}. */
  public String requiredStr(String field) {
    JsonNode v = node.get(field);
    if (v == null) {
      throw missing(field);
    }
    if (!v.isTextual()) {
      throw ValidationError.of("string_type", List.of("body", field), "Input should be a valid string", v);
    }
    return v.textValue();
  }

  public String requiredStr(String field, int minLen, int maxLen) {
    String s = requiredStr(field);
    if (s.length() < minLen) {
      throw ValidationError.of("string_too_short", List.of("body", field),
          "String should have at least " + minLen + " character" + (minLen == 1 ? "" : "s"), s);
    }
    return maxLen(field, s, maxLen);
  }

  public String maxLen(String field, String s, int maxLen) {
    if (s != null && s.codePointCount(0, s.length()) > maxLen) {
      throw ValidationError.of("string_too_long", List.of("body", field),
          "String should have at most " + maxLen + " characters", s);
    }
    return s;
  }

  /** An integer (a JSON number with no fractional part); absent/null → null. */
  public Long integer(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isFloatingPointNumber() && v.doubleValue() == Math.rint(v.doubleValue())
        && !Double.isInfinite(v.doubleValue())) {
      return (long) v.doubleValue();
    }
    if (v.isFloatingPointNumber()) {
      throw ValidationError.of("int_from_float", List.of("body", field),
          "Input should be a valid integer, got a number with a fractional part", v);
    }
    throw ValidationError.of("int_type", List.of("body", field), "Input should be a valid integer", v);
  }

  public Long integer(String field, long min, long max) {
    Long n = integer(field);
    if (n != null && n < min) {
      throw ValidationError.of("greater_than_equal", List.of("body", field),
          "Input should be greater than or equal to " + min, n);
    }
    if (n != null && n > max) {
      throw ValidationError.of("less_than_equal", List.of("body", field),
          "Input should be less than or equal to " + max, n);
    }
    return n;
  }

  /** Only JSON true/false; absent/null → null. */
  public Boolean bool(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw ValidationError.of("bool_type", List.of("body", field), "Input should be a valid boolean", v);
    }
    return v.booleanValue();
  }

  public boolean requiredBool(String field) {
    if (!node.has(field)) {
      throw missing(field);
    }
    Boolean b = bool(field);
    if (b == null) {
      throw ValidationError.of("bool_type", List.of("body", field), "Input should be a valid boolean", null);
    }
    return b;
  }

  /** A value restricted to a set of literals (pydantic's literal_error). */
  public String oneOf(String field, String value, List<String> allowed) {
    if (value != null && !allowed.contains(value)) {
      StringBuilder sb = new StringBuilder("Input should be ");
      for (int i = 0; i < allowed.size(); i++) {
        if (i > 0) {
          sb.append(i == allowed.size() - 1 ? " or " : ", ");
        }
        sb.append('\'').append(allowed.get(i)).append('\'');
      }
      throw ValidationError.of("literal_error", List.of("body", field), sb.toString(), value);
    }
    return value;
  }

  /** An optional UUID field; malformed → 422 with the given message. */
  public Optional<UUID> uuid(String field, String message) {
    String s = str(field);
    if (s == null || s.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(Uuids.parse(s).orElseThrow(() -> ValidationError.body(field, message, s)));
  }

  public static ValidationError missing(String field) {
    return ValidationError.of("missing", List.of("body", field), "Field required", null);
  }
}
