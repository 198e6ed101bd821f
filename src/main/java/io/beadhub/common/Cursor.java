package io.beadhub.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Opaque page cursors (spec 30 §0.4): base64url without padding of a compact JSON object. Every
 * decoding failure is 422 {@code Invalid cursor: …}.
 */
public final class Cursor {
  private static final int MAX = 8192;

  private Cursor() {
  }

  public static String encode(Map<String, ?> keys) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(keys));
  }

  public static String encode(ObjectNode keys) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(keys.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The decoded object; null when {@code raw} is null or empty. */
  public static ObjectNode decode(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    if (raw.length() > MAX) {
      throw invalid("too long");
    }
    byte[] bytes;
    try {
      String s = raw.trim().replace('+', '-').replace('/', '_').replace("=", "");
      bytes = Base64.getUrlDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw invalid("not base64url");
    }
    if (bytes.length > MAX) {
      throw invalid("too large");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw invalid("not UTF-8");
    }
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(text);
    } catch (Exception e) {
      throw invalid("not JSON");
    }
    if (n == null || !n.isObject()) {
      throw invalid("not a JSON object");
    }
    if (CleanText.firstDirty(n, java.util.Set.of()) != null) {
      throw invalid("not valid text");
    }
    return (ObjectNode) n;
  }

  /** A text key of the cursor, or null when absent or not text. */
  public static String text(ObjectNode cursor, String key) {
    if (cursor == null) {
      return null;
    }
    JsonNode v = cursor.get(key);
    return v != null && v.isTextual() ? v.textValue() : null;
  }

  public static ApiError invalid(String reason) {
    return ApiError.unprocessable("Invalid cursor: " + reason);
  }
}
