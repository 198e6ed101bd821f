package io.beadhub.escalations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.ApiError;
import io.beadhub.common.Json;
import io.beadhub.common.Times;
import io.beadhub.common.Uuids;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The list cursor (spec 30 §0.4): base64url without padding of {@code {"created_at", "id"}}. A
 * cursor without {@code created_at} means the first page; {@code id} is our tie-breaker.
 */
record EscalationCursor(Instant createdAt, UUID id) {
  private static final int MAX = 8192;

  static String encode(Instant createdAt, UUID id) {
    ObjectNode o = Json.object();
    o.put("created_at", Times.isoOffset(createdAt));
    o.put("id", id.toString());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(o.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Null for an absent/empty cursor or one without {@code created_at}. */
  static EscalationCursor decode(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    if (raw.length() > MAX) {
      throw invalid("too long");
    }
    String s = raw.strip().replace('+', '-').replace('/', '_').replace("=", "");
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw invalid("not base64url");
    }
    if (bytes.length > MAX) {
      throw invalid("too long");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw invalid("not UTF-8");
    }
    JsonNode n;
    try {
      n = Json.tree(text);
    } catch (RuntimeException e) {
      throw invalid("not JSON");
    }
    if (n == null || !n.isObject()) {
      throw invalid("not a JSON object");
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
      uuid = Uuids.parse(id.isTextual() ? id.textValue() : null).orElseThrow(() -> invalid("id is not a UUID"));
    }
    return new EscalationCursor(at, uuid);
  }

  private static ApiError invalid(String why) {
    return ApiError.unprocessable("Invalid cursor: " + why);
  }
}
