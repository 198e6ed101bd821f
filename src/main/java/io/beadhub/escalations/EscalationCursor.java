package io.beadhub.escalations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.ApiError;
import io.beadhub.common.Cursor;
import io.beadhub.common.Json;
import io.beadhub.common.Times;
import io.beadhub.common.Uuids;
import java.time.Instant;
import java.util.UUID;

/**
 * The list cursor (spec 30 §0.4): base64url without padding of {@code {"created_at", "id"}}. A
 * cursor without {@code created_at} means the first page; {@code id} is our tie-breaker.
 */
record EscalationCursor(Instant createdAt, UUID id) {
  static String encode(Instant createdAt, UUID id) {
    ObjectNode o = Json.object();
    o.put("created_at", Times.isoOffset(createdAt));
    o.put("id", id.toString());
    return Cursor.encode(o);
  }

  /** Null for an absent/empty cursor or one without {@code created_at}. */
  static EscalationCursor decode(String raw) {
    ObjectNode n = Cursor.decode(raw);
    if (n == null) {
      return null;
    }
    JsonNode ts = n.get("created_at");
    if (ts == null || ts.isNull()) {
      return null;
    }
    Instant at = Times.parseWithOffset(ts.isTextual() ? ts.textValue() : null).orElseThrow(() ->
        ApiError.unprocessable("Invalid cursor timestamp: " + ts + " is not an ISO-8601 timestamp with an offset"));
    JsonNode id = n.get("id");
    UUID uuid = null;
    if (id != null && !id.isNull()) {
      uuid = Uuids.parse(id.isTextual() ? id.textValue() : null).orElseThrow(() -> Cursor.invalid("id is not a UUID"));
    }
    return new EscalationCursor(at, uuid);
  }
}
