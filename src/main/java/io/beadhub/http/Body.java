package io.beadhub.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.ApiError;
import io.beadhub.common.CleanText;
import io.beadhub.common.Json;
import io.beadhub.common.Uuids;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * A request body read as a JSON object, with typed, validating field accessors (spec 10 §0.3).
 * Every failure is a 422 in the framework shape with {@code loc = ["body", field]}.
 * Unknown fields are ignored. Every string in the body, keys included, must be {@link CleanText clean},
 * except under the fields a route names as {@link Records}, which it checks record by record.
 */
public final class Body {
  /**
   * Top-level fields holding bead records (or JSONL text of them) that the route validates one by one
   * (spec 40 §1.3): their strings are not checked here, and when the parser's depth limit is met inside
   * item {@code i} (1-based) of one of them, {@code tooDeep.apply(i)} is thrown.
   */
  public record Records(Set<String> fields, IntFunction<RuntimeException> tooDeep) {
    public static final Records NONE = new Records(Set.of(), null);
  }

  private final ObjectNode node;

  private Body(ObjectNode node) {
    this.node = node;
  }

  /** An empty body or the literal {@code null} is {@code {}}; a non-object is a 422. */
  public static Body parse(String raw) {
    return parse(raw, Records.NONE);
  }

  public static Body parse(String raw, Records records) {
    if (raw == null || raw.isBlank()) {
      return new Body(Json.object());
    }
    JsonParser p;
    try {
      p = Json.MAPPER.getFactory().createParser(raw);
    } catch (java.io.IOException e) {
      throw jsonInvalid(0);
    }
    return checked(read(p, records), records);
  }

  /**
   * As {@link #parse(String)}, from the body's bytes: read as UTF-8 by the byte parser (a 10 MB sync
   * body decoded to a String first cost twice the time). Anything the byte parser refuses (bad JSON,
   * malformed UTF-8, a parser limit), and anything not an object (an empty body included), is read again
   * as text, so the answer is exactly that of {@link #parse(String)}.
   */
  public static Body parse(byte[] raw) {
    return parse(raw, Records.NONE);
  }

  public static Body parse(byte[] raw, Records records) {
    try (JsonParser p = Json.MAPPER.getFactory().createParser(raw)) {
      JsonNode n = Json.MAPPER.readTree(p);
      if (n != null && n.isObject() && p.nextToken() == null) {
        return checked(n, records);
      }
    } catch (java.io.IOException e) {
      // answered below, with the text parser's error
    }
    return parse(new String(raw, java.nio.charset.StandardCharsets.UTF_8), records);
  }

  /** One JSON value and nothing after it; null for no value at all. */
  private static JsonNode read(JsonParser p, Records records) {
    try (p) {
      JsonNode n = Json.MAPPER.readTree(p);
      if (n != null && p.nextToken() != null) {
        throw jsonInvalid(offset(p.currentTokenLocation()));
      }
      return n;
    } catch (StreamConstraintsException e) {
      throw tooLarge(e, path(p.getParsingContext()), records);
    } catch (JsonProcessingException e) {
      throw jsonInvalid(offset(e.getLocation()));
    } catch (java.io.IOException e) {
      throw jsonInvalid(0);
    }
  }

  private static Body checked(JsonNode n, Records records) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return new Body(Json.object());
    }
    if (!n.isObject()) {
      throw ValidationError.of("model_attributes_type", List.of("body"),
          "Input should be a valid dictionary or object to extract fields from", n);
    }
    List<Object> dirty = CleanText.firstDirty(n, records.fields());
    if (dirty != null) {
      List<Object> loc = new ArrayList<>();
      loc.add("body");
      loc.addAll(dirty);
      JsonNode at = n.at(pointer(dirty));
      throw ValidationError.unclean(loc, at.isTextual() ? at.textValue() : null);
    }
    return new Body((ObjectNode) n);
  }

  private static ValidationError jsonInvalid(int offset) {
    return ValidationError.of("json_invalid", List.of("body", offset), "JSON decode error", Json.object());
  }

  private static int offset(JsonLocation at) {
    return at == null ? 0 : (int) Math.max(0, Math.min(Integer.MAX_VALUE, at.getCharOffset()));
  }

  /**
   * A parser limit met (the exception carries no location): a nesting-depth or number-length limit is a
   * 422 at the path where it was met; a string or document over the parser's size limits is a 413.
   */
  private static RuntimeException tooLarge(StreamConstraintsException e, List<Object> path, Records records) {
    String m = String.valueOf(e.getOriginalMessage());
    if (m.startsWith("String value length") || m.startsWith("Document length")) {
      return new ApiError(413, BodyLimit.TOO_LARGE);
    }
    String msg;
    if (m.startsWith("Document nesting depth")) {
      if (records.tooDeep() != null && path.size() >= 2 && records.fields().contains(path.get(0))
          && path.get(1) instanceof Integer i) {
        return records.tooDeep().apply(i + 1);
      }
      msg = "JSON decode error: nesting depth exceeds " + Json.MAX_DEPTH;
    } else if (m.startsWith("Number value length")) {
      msg = "JSON decode error: number too long";
    } else if (m.startsWith("Name length")) {
      msg = "JSON decode error: member name too long";
    } else {
      msg = "JSON decode error";
    }
    List<Object> loc = new ArrayList<>();
    loc.add("body");
    loc.addAll(path);
    return ValidationError.of("json_invalid", loc, msg, Json.object());
  }

  /** Where a parser stands: member names and array indexes from the root. */
  private static List<Object> path(JsonStreamContext ctx) {
    ArrayDeque<Object> out = new ArrayDeque<>();
    for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inObject() && c.getCurrentName() != null) {
        out.addFirst(c.getCurrentName());
      } else if (c.inArray()) {
        out.addFirst(Math.max(0, c.getCurrentIndex()));
      }
    }
    return new ArrayList<>(out);
  }

  private static JsonPointer pointer(List<Object> path) {
    JsonPointer p = JsonPointer.empty();
    for (Object step : path) {
      p = step instanceof Integer i ? p.appendIndex(i) : p.appendProperty((String) step);
    }
    return p;
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
