package io.beadhub.beads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.ApiError;
import io.beadhub.common.Json;
import io.beadhub.http.CleanText;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque cursors (spec 40 §5.6): base64url of a compact JSON object; every failure 422 {@code Invalid cursor…}. */
public final class Cursors {
  private Cursors() {
  }

  public static String encode(ObjectNode o) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(o.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Null when absent or empty. */
  public static ObjectNode decode(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    if (cursor.length() > 8192) {
      throw ApiError.unprocessable("Invalid cursor: too long");
    }
    String s = cursor.trim().replace('+', '-').replace('/', '_');
    while (s.length() % 4 != 0) {
      s += "=";
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw ApiError.unprocessable("Invalid cursor: not base64");
    }
    if (bytes.length > 8192) {
      throw ApiError.unprocessable("Invalid cursor: too long");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw ApiError.unprocessable("Invalid cursor: not UTF-8");
    }
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(text);
    } catch (Exception e) {
      throw ApiError.unprocessable("Invalid cursor: not JSON");
    }
    if (n == null || !n.isObject()) {
      throw ApiError.unprocessable("Invalid cursor: not an object");
    }
    if (CleanText.firstDirty(n, java.util.Set.of()) != null) {
      throw ApiError.unprocessable("Invalid cursor: not valid text");
    }
    return (ObjectNode) n;
  }
}
