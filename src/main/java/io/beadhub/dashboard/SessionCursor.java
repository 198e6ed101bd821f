package io.beadhub.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.Cursor;
import io.beadhub.common.Uuids;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;

/** Where a page of the admin session list ends: the last row's activity time and id (its sort key). */
record SessionCursor(OffsetDateTime lastActivity, UUID sessionId) {
  String encode() {
    return Cursor.encode(Map.of("t", lastActivity.toString(), "id", sessionId.toString()));
  }

  /** Null for an absent cursor; a malformed one is 422 {@code Invalid cursor: …}. */
  static SessionCursor decode(String raw) {
    ObjectNode c = Cursor.decode(raw);
    if (c == null) {
      return null;
    }
    String t = Cursor.text(c, "t");
    String id = Cursor.text(c, "id");
    if (t == null || id == null) {
      throw Cursor.invalid("missing keys");
    }
    try {
      return new SessionCursor(OffsetDateTime.parse(t),
          Uuids.parse(id).orElseThrow(() -> Cursor.invalid("bad session id")));
    } catch (DateTimeParseException e) {
      throw Cursor.invalid("bad time");
    }
  }
}
