package io.beadhub.beads;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.ApiError;
import io.beadhub.common.Parallel;
import io.beadhub.http.Body;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * JSONL parsing with the limits of spec 40 §1.2: split on {@code \n} only, count and depth limits,
 * all-or-nothing. The tree is built iteratively, so a line nested 15,000 deep is a 400, never a
 * stack overflow.
 */
public final class JsonRecords {
  public static final int MAX_ISSUES = 10_000;
  public static final int MAX_DEPTH = 10;
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100_000).build()).build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * One parsed line (or array item) with its 1-based position; {@code node} is any JSON value,
   * {@code text} the line it was read from (null for array items).
   */
  public record Parsed(int line, JsonNode node, String text, IssueRecord known) {
    public Parsed(int line, JsonNode node) {
      this(line, node, null, null);
    }
  }

  private JsonRecords() {
  }

  /**
   * Parses JSONL text; every line must be an object. The lines are found first, then parsed on every
   * core ({@link Parallel}, which rethrows the failure of the lowest index): the error reported is the one
   * a line-by-line reading meets first.
   */
  public static List<Parsed> parseJsonl(String text) {
    return parseJsonl(text, ValidatedLines.NONE);
  }

  /**
   * As {@link #parseJsonl(String)}; a line {@code known} holds (the same text, accepted before) is not
   * parsed again: its {@link Parsed} carries the record instead of a tree.
   */
  public static List<Parsed> parseJsonl(String text, ValidatedLines.Known known) {
    int[] bounds = new int[64];
    int found = 0;
    int pos = 0;
    int lineNo = 0;
    int n = text.length();
    while (pos < n && found <= MAX_ISSUES) {
      int nl = text.indexOf('\n', pos);
      int end = nl < 0 ? n : nl;
      lineNo++;
      int s = pos;
      int e = end;
      while (s < e && isAsciiSpace(text.charAt(s))) {
        s++;
      }
      while (e > s && isAsciiSpace(text.charAt(e - 1))) {
        e--;
      }
      if (s < e) {
        if (3 * found + 3 > bounds.length) {
          bounds = java.util.Arrays.copyOf(bounds, bounds.length * 2);
        }
        bounds[3 * found] = s;
        bounds[3 * found + 1] = e;
        bounds[3 * found + 2] = lineNo;
        found++;
      }
      pos = end + 1;
    }
    int[] b = bounds;
    Parsed[] parsed = Parallel.map(Math.min(found, MAX_ISSUES), i -> {
      int line = b[3 * i + 2];
      String json = text.substring(b[3 * i], b[3 * i + 1]);
      IssueRecord seen = known.get(json);
      if (seen != null) {
        return new Parsed(line, null, json, seen);
      }
      JsonNode node = parseOne(json, "line " + line);
      if (!node.isObject()) {
        throw ApiError.badRequest("JSON on line " + line + " must be an object");
      }
      return new Parsed(line, node, json, null);
    }, Parsed[]::new);
    if (found > MAX_ISSUES) {
      throw ApiError.badRequest("Too many issues: exceeds limit of " + MAX_ISSUES);
    }
    return java.util.Arrays.asList(parsed);
  }

  private static boolean isAsciiSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0x0B;
  }

  /**
   * A body whose {@code field} is an array of records: their strings are checked record by record, and an
   * item deeper than the body parser allows is the same 400 as one over {@link #MAX_DEPTH}.
   */
  public static Body.Records itemsOf(String field) {
    return new Body.Records(Set.of(field), JsonRecords::tooDeep);
  }

  private static ApiError tooDeep(int item) {
    return ApiError.badRequest("JSON nesting depth exceeds limit (" + MAX_DEPTH + ") on item " + item);
  }

  /** Checks the depth rule on an already parsed array item ({@code /v1/beads/upload}). */
  public static void checkDepth(JsonNode node, int item) {
    Deque<JsonNode> stack = new ArrayDeque<>();
    Deque<Integer> depths = new ArrayDeque<>();
    stack.push(node);
    depths.push(0);
    while (!stack.isEmpty()) {
      JsonNode cur = stack.pop();
      int d = depths.pop();
      if (d >= MAX_DEPTH) {
        throw tooDeep(item);
      }
      if (cur.isContainerNode()) {
        for (JsonNode child : cur) {
          stack.push(child);
          depths.push(d + 1);
        }
      }
    }
  }

  /** Parses one JSON value with the depth limit; errors name {@code where} ("line 3"). */
  static JsonNode parseOne(String text, String where) {
    try (JsonParser p = FACTORY.createParser(text)) {
      Deque<ContainerNode<?>> stack = new ArrayDeque<>();
      Deque<String> names = new ArrayDeque<>();
      JsonNode root = null;
      String field = null;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (root != null && stack.isEmpty()) {
          throw ApiError.badRequest("Invalid JSON on " + where + ": Extra data after the JSON value");
        }
        if (t == JsonToken.FIELD_NAME) {
          field = p.currentName();
          continue;
        }
        if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          stack.pop();
          field = names.pop();
          continue;
        }
        // The depth of this value = the number of open containers.
        if (stack.size() >= MAX_DEPTH) {
          throw ApiError.badRequest("JSON nesting depth exceeds limit (" + MAX_DEPTH + ") on " + where);
        }
        JsonNode value = switch (t) {
          case START_OBJECT -> NODES.objectNode();
          case START_ARRAY -> NODES.arrayNode();
          case VALUE_STRING -> NODES.textNode(p.getText());
          case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
              ? NODES.numberNode(p.getBigIntegerValue()) : p.getNumberType() == JsonParser.NumberType.LONG
              ? NODES.numberNode(p.getLongValue()) : NODES.numberNode(p.getIntValue());
          case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDecimalValue());
          case VALUE_TRUE -> NODES.booleanNode(true);
          case VALUE_FALSE -> NODES.booleanNode(false);
          case VALUE_NULL -> NODES.nullNode();
          default -> throw ApiError.badRequest("Invalid JSON on " + where + ": unexpected token " + t);
        };
        if (stack.isEmpty()) {
          root = value;
        } else if (stack.peek() instanceof ObjectNode o) {
          o.set(field, value);
        } else {
          ((ArrayNode) stack.peek()).add(value);
        }
        if (value.isContainerNode()) {
          stack.push((ContainerNode<?>) value);
          names.push(field == null ? "" : field);
        }
      }
      if (root == null) {
        throw ApiError.badRequest("Invalid JSON on " + where + ": Expecting value");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("Invalid JSON on " + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiError.badRequest("Invalid JSON on " + where + ": " + e.getMessage());
    }
  }
}
