package io.beadhub.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.Json;
import java.util.List;
import java.util.Map;

/**
 * A JSON Schema object, built field by field: the input schema of a tool (with the descriptions a model
 * reads) or its output schema. A type written {@code "string|null"} allows both.
 */
final class Schema {
  private final ObjectNode node = Json.object();
  private final ObjectNode properties;
  private final ArrayNode required = Json.MAPPER.createArrayNode();

  private Schema() {
    node.put("type", "object");
    properties = node.putObject("properties");
  }

  static Schema object() {
    return new Schema();
  }

  /** A field of one or more JSON types ({@code "string"}, {@code "integer|null"}, …). */
  Schema field(String name, String types, String description) {
    ObjectNode f = properties.putObject(name);
    type(f, types);
    if (description != null) {
      f.put("description", description);
    }
    return this;
  }

  Schema field(String name, String types) {
    return field(name, types, null);
  }

  Schema text(String name, String description, int maxLength) {
    field(name, "string", description);
    ((ObjectNode) properties.get(name)).put("maxLength", maxLength);
    return this;
  }

  Schema integer(String name, String description, long min, long max) {
    field(name, "integer", description);
    ((ObjectNode) properties.get(name)).put("minimum", min).put("maximum", max);
    return this;
  }

  Schema oneOf(String name, String description, List<String> values) {
    field(name, "string", description);
    ArrayNode e = ((ObjectNode) properties.get(name)).putArray("enum");
    values.forEach(e::add);
    return this;
  }

  /** An array of strings. */
  Schema strings(String name, String description, int maxItems) {
    ObjectNode f = properties.putObject(name);
    f.put("type", "array");
    f.putObject("items").put("type", "string");
    f.put("maxItems", maxItems);
    if (description != null) {
      f.put("description", description);
    }
    return this;
  }

  /** An array of {@code items}. */
  Schema list(String name, Schema items) {
    ObjectNode f = properties.putObject(name);
    f.put("type", "array");
    f.set("items", items.node);
    return this;
  }

  /** A nested object (nullable when {@code nullable}). */
  Schema nested(String name, Schema value, boolean nullable) {
    ObjectNode copy = value.node.deepCopy();
    if (nullable) {
      type(copy, "object|null");
    }
    properties.set(name, copy);
    return this;
  }

  Schema required(String... names) {
    for (String n : names) {
      required.add(n);
    }
    node.set("required", required);
    return this;
  }

  Map<String, Object> map() {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = Json.MAPPER.convertValue(node, Map.class);
    return m;
  }

  private static void type(ObjectNode f, String types) {
    String[] t = types.split("\\|");
    if (t.length == 1) {
      f.put("type", t[0]);
    } else {
      ArrayNode a = f.putArray("type");
      for (String x : t) {
        a.add(x);
      }
    }
  }
}
