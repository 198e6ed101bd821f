package io.beadhub.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.Cursor;
import io.beadhub.common.Json;
import java.util.List;
import java.util.Map;

/** The data-plane lists' cursor keys (spec 40 §5.6), over the one cursor codec. */
final class DataPlaneCursor {
  private DataPlaneCursor() {
  }

  static String encode(Map<String, Object> keys) {
    ObjectNode o = Json.object();
    keys.forEach((k, v) -> o.set(k, Json.MAPPER.valueToTree(v)));
    return Cursor.encode(o);
  }

  /** The decoded keys, or null (first page) when absent or lacking one of {@code keys}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> decode(String cursor, List<String> keys) {
    ObjectNode o = Cursor.decode(cursor);
    if (o == null) {
      return null;
    }
    for (String k : keys) {
      JsonNode v = o.get(k);
      if (v == null || (k.equals("priority") && !v.canConvertToInt()) || (!k.equals("priority") && !v.isTextual())) {
        return null;
      }
    }
    return Json.MAPPER.convertValue(o, Map.class);
  }
}
