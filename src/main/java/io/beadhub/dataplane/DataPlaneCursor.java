package io.beadhub.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.Cursor;
import io.beadhub.common.Json;
import io.beadhub.common.Times;

/** The data-plane lists' cursor keys (spec 40 §5.6), over the one cursor codec. */
final class DataPlaneCursor {
  /**
   * The sort key of the last row of a page: {@code priority} only in the lists sorted by it (else null),
   * {@code createdAt} the text {@code "null"} for a row without a creation time.
   */
  record Key(Integer priority, String createdAt, String repo, String beadId) {
    static Key of(Bead b, boolean byPriority) {
      return new Key(byPriority ? b.priority() : null, String.valueOf(Times.isoOffset(b.createdAt())), b.repo(),
          b.beadId());
    }

    /** The creation time to bind; a row without one sorts as {@code missing} ({@code [-]infinity}). */
    String createdAtOr(String missing) {
      return createdAt == null || createdAt.equals("null") ? missing : createdAt;
    }
  }

  private DataPlaneCursor() {
  }

  static String encode(Key k) {
    ObjectNode o = Json.object();
    if (k.priority() != null) {
      o.put("priority", k.priority());
    }
    o.put("created_at", k.createdAt());
    o.put("repo", k.repo());
    o.put("bead_id", k.beadId());
    return Cursor.encode(o);
  }

  /** The decoded key, or null (first page) when absent or lacking one of its keys. */
  static Key decode(String cursor, boolean byPriority) {
    ObjectNode o = Cursor.decode(cursor);
    if (o == null || (byPriority && !o.path("priority").canConvertToInt())) {
      return null;
    }
    for (String k : new String[] {"created_at", "repo", "bead_id"}) {
      JsonNode v = o.get(k);
      if (v == null || !v.isTextual()) {
        return null;
      }
    }
    return new Key(byPriority ? o.get("priority").asInt() : null, o.get("created_at").asText(),
        o.get("repo").asText(), o.get("bead_id").asText());
  }
}
