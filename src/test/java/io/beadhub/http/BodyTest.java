package io.beadhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A body read from bytes answers exactly as the same body read as text. */
class BodyTest {
  private static Object outcome(Supplier<Body> parse) {
    try {
      return parse.get().node();
    } catch (ValidationError e) {
      return e.items();
    }
  }

  @Test
  void bytesAndTextGiveTheSameBodyOrTheSameError() {
    List<byte[]> inputs = List.of(bytes(""), bytes(" \r\n\t"), bytes("null"), bytes("{}"), bytes("{\"a\":[1,\"é\"]}"),
        bytes("[1,2]"), bytes("\"text\""), bytes("{not json"), bytes("{\"a\":1} trailing"),
        new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
    for (byte[] raw : inputs) {
      Object fromBytes = outcome(() -> Body.parse(raw));
      Object fromText = outcome(() -> Body.parse(new String(raw, StandardCharsets.UTF_8)));
      assertThat(fromBytes).as(new String(raw, StandardCharsets.UTF_8)).isEqualTo(fromText);
    }
  }

  @Test
  void theEdgeCasesAreThoseOfTheSpec() {
    assertThat(Body.parse(bytes("")).node().isEmpty()).isTrue();
    assertThat(Body.parse(bytes("null")).node().isEmpty()).isTrue();
    assertThat(outcome(() -> Body.parse(bytes("[1]")))).asString().contains("model_attributes_type");
    assertThat(outcome(() -> Body.parse(bytes("{not json")))).asString().contains("json_invalid");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
