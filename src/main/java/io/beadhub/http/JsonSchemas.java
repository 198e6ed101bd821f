package io.beadhub.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.beadhub.common.Json;
import java.lang.reflect.Type;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * JSON Schemas (OpenAPI 3.1 dialect) of the records the routes read and write, as the one mapper sees them:
 * Jackson's own view of a record gives the snake_case names, unwrapped parts and the fields left out when null.
 * Each record becomes a component, referenced by name.
 */
final class JsonSchemas {
  private final Map<String, Object> components = new LinkedHashMap<>();
  private final java.util.Set<String> inputs = new java.util.HashSet<>();
  private boolean input;

  /** Every record schema referenced so far, by component name. */
  Map<String, Object> components() {
    return components;
  }

  /** The schema of a value of {@code type}. */
  Map<String, Object> of(Type type) {
    return of(Json.MAPPER.constructType(type));
  }

  /**
   * The schema of a request body of {@code type}: a field is required only when marked
   * {@code @JsonProperty(required = true)} (the route rejects the body without it), and may otherwise be null.
   */
  Map<String, Object> input(Type type) {
    input = true;
    try {
      return of(type);
    } finally {
      input = false;
    }
  }

  private Map<String, Object> of(JavaType t) {
    Class<?> raw = t.getRawClass();
    if (t.isReferenceType()) {
      return of(t.getReferencedType());
    }
    if (raw == String.class || raw == Character.class || raw == char.class) {
      return Map.of("type", "string");
    }
    if (raw == UUID.class) {
      return Map.of("type", "string", "format", "uuid");
    }
    if (Temporal.class.isAssignableFrom(raw)) {
      return Map.of("type", "string", "format", "date-time");
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return Map.of("type", "boolean");
    }
    if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class || raw == short.class) {
      return Map.of("type", "integer");
    }
    if (Number.class.isAssignableFrom(raw) || raw == double.class || raw == float.class) {
      return Map.of("type", "number");
    }
    if (raw.isEnum()) {
      List<String> names = new ArrayList<>();
      for (Object c : raw.getEnumConstants()) {
        names.add(Json.MAPPER.convertValue(c, String.class));
      }
      return Map.of("type", "string", "enum", names);
    }
    if (t.isArrayType() || t.isCollectionLikeType()) {
      return Map.of("type", "array", "items", of(t.getContentType()));
    }
    if (t.isMapLikeType()) {
      return Map.of("type", "object", "additionalProperties", of(t.getContentType()));
    }
    if (raw.isRecord()) {
      return Map.of("$ref", "#/components/schemas/" + record(t));
    }
    if (JsonNode.class.isAssignableFrom(raw) || raw == Object.class || raw == RawJson.class) {
      return Map.of();
    }
    return Map.of("type", "object");
  }

  /** A field's schema: the mapper writes nulls, so a field of a reference type may hold null. */
  private Map<String, Object> nullable(JavaType t) {
    Map<String, Object> s = of(t);
    if (t.isPrimitive() || s.isEmpty()) {
      return s;
    }
    if (s.get("type") instanceof String type) {
      Map<String, Object> out = new LinkedHashMap<>(s);
      out.put("type", List.of(type, "null"));
      if (s.get("enum") instanceof List<?> values) {
        List<Object> withNull = new ArrayList<>(values);
        withNull.add(null);
        out.put("enum", withNull);
      }
      return out;
    }
    return Map.of("anyOf", List.of(s, Map.of("type", "null")));
  }

  /** Adds the record's component (once) and returns its name. */
  private String record(JavaType t) {
    Class<?> raw = t.getRawClass();
    String name = raw.getName().substring(raw.getPackageName().length() + 1).replace('$', '.');
    if (input) {
      if (components.containsKey(name) && !inputs.contains(name)) {
        name = name + "Input";
      }
      inputs.add(name);
    }
    if (!components.containsKey(name)) {
      components.put(name, Map.of()); // a placeholder first: records may refer to themselves
      Map<String, Object> properties = new LinkedHashMap<>();
      List<String> required = new ArrayList<>();
      properties(t, properties, required);
      Map<String, Object> schema = new LinkedHashMap<>();
      schema.put("type", "object");
      schema.put("properties", properties);
      if (!required.isEmpty()) {
        schema.put("required", required);
      }
      OneOfRequired alternatives = raw.getAnnotation(OneOfRequired.class);
      if (input && alternatives != null) {
        schema.put("anyOf", java.util.Arrays.stream(alternatives.value())
            .map(field -> Map.of("required", List.of(field))).toList());
      }
      components.put(name, schema);
    }
    return name;
  }

  private void properties(JavaType t, Map<String, Object> properties, List<String> required) {
    BeanDescription bean = Json.MAPPER.getSerializationConfig().introspect(t);
    for (BeanPropertyDefinition p : bean.findProperties()) {
      AnnotatedMember m = p.getAccessor();
      if (m == null) {
        continue;
      }
      if (m.hasAnnotation(JsonUnwrapped.class)) {
        properties(m.getType(), properties, required);
        continue;
      }
      if (input) {
        boolean mandatory = p.isRequired();
        properties.put(p.getName(), mandatory ? of(m.getType()) : nullable(m.getType()));
        if (mandatory) {
          required.add(p.getName());
        }
        continue;
      }
      properties.put(p.getName(), nullable(m.getType()));
      JsonInclude inc = m.getAnnotation(JsonInclude.class);
      JsonInclude onType = t.getRawClass().getAnnotation(JsonInclude.class);
      boolean omittedWhenNull = (inc != null && inc.value() != JsonInclude.Include.ALWAYS)
          || (inc == null && onType != null && onType.value() != JsonInclude.Include.ALWAYS);
      if (!omittedWhenNull) {
        required.add(p.getName());
      }
    }
  }
}
