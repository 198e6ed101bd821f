package io.beadhub.repos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.ApiError;
import io.beadhub.common.Cursor;
import io.beadhub.common.Times;
import io.beadhub.common.Uuids;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Where a page of the repo or workspace listing ends (spec 30 §0.4): the last row's time and id, under
 * the listing's own key names. {@code id} is null when a client's cursor carries only the time.
 */
public record PageCursor(OffsetDateTime at, UUID id) {
  /** The cursor text for a page ending at {@code time} (already formatted) and {@code id}. */
  public static String encode(String timeKey, String time, String idKey, UUID id) {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put(timeKey, time);
    keys.put(idKey, id.toString());
    return Cursor.encode(keys);
  }

  /**
   * The keys of {@code raw}; null when it is absent or has no time. A time that is not a timestamp is
   * {@code badTime} of that text; an id that is not a UUID is {@code Invalid cursor: bad <idKey>}.
   */
  public static PageCursor decode(String raw, String timeKey, String idKey, Function<String, ApiError> badTime) {
    ObjectNode cursor = Cursor.decode(raw);
    String ts = Cursor.text(cursor, timeKey);
    if (ts == null) {
      return null;
    }
    OffsetDateTime at = Times.parseWithOffset(ts).map(t -> t.atOffset(ZoneOffset.UTC))
        .orElseThrow(() -> badTime.apply(ts));
    String id = Cursor.text(cursor, idKey);
    return new PageCursor(at, id == null ? null
        : Uuids.parse(id).orElseThrow(() -> Cursor.invalid("bad " + idKey)));
  }
}
