package io.beadhub.beads;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** The content hash of a bead record (spec 40 §1.4). */
final class ContentHash {
  private ContentHash() {
  }

  /** SHA-256 hex of the record with keys sorted at every level, no whitespace. */
  static String of(JsonNode node) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(w)) {
      write(g, node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sha256Hex(w.toString());
  }

  /** SHA-256 of the UTF-8 bytes of {@code text}, in hex. */
  static String sha256Hex(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(JsonGenerator g, JsonNode n) throws IOException {
    if (n.isObject()) {
      g.writeStartObject();
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        var e = it.next();
        sorted.put(e.getKey(), e.getValue());
      }
      for (var e : sorted.entrySet()) {
        g.writeFieldName(e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (n.isArray()) {
      g.writeStartArray();
      for (JsonNode c : n) {
        write(g, c);
      }
      g.writeEndArray();
    } else {
      g.writeTree(n);
    }
  }
}
