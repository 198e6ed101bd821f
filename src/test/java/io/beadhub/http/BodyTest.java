package io.beadhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.common.ApiError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
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

  @Test
  void parserLimitsAre422AtThePathWhereTheyWereMetNeverAnUnexpectedException() {
    String deep = "{\"a\":[{\"b\":" + "[".repeat(200) + "]".repeat(200) + "}]}";
    Object out = outcome(() -> Body.parse(bytes(deep)));
    assertThat(out).asString().contains("json_invalid").contains("[body, a, 0, b, 0, 0");
    assertThat(outcome(() -> Body.parse(bytes("{\"n\":" + "1".repeat(2_000) + "}")))).asString()
        .contains("json_invalid").contains("[body, n]");
    assertThat(outcome(() -> Body.parse(bytes("{\"a\":1}]")))).asString().contains("json_invalid");
  }

  @Test
  void aDepthLimitMetInsideARecordFieldIsTheRoutesOwnAnswer() {
    Body.Records records = new Body.Records(Set.of("issues"), item -> new ApiError(400, "too deep on item " + item));
    String body = "{\"issues\":[{},{\"x\":" + "[".repeat(300) + "]".repeat(300) + "}]}";
    try {
      Body.parse(bytes(body), records);
      throw new AssertionError("accepted");
    } catch (ApiError e) {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.detail()).isEqualTo("too deep on item 2");
    }
  }

  @Test
  void stringsMustBeCleanExceptUnderRecordFields() {
    assertThat(outcome(() -> Body.parse(bytes("{\"a\":{\"b\":[\"ok\",\"x\\u0000\"]}}")))).asString()
        .contains("value_error").contains("[body, a, b, 1]");
    assertThat(outcome(() -> Body.parse(bytes("{\"\\ud800\":1}")))).asString().contains("value_error");
    assertThat(outcome(() -> Body.parse(bytes("{\"a\":\"\\ud83d\\ude00\"}")))).asString()
        .doesNotContain("value_error");
    byte[] encodedSurrogate = {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
    assertThat(outcome(() -> Body.parse(encodedSurrogate))).asString().contains("value_error");
    Body.Records records = new Body.Records(Set.of("issues_jsonl"), null);
    assertThat(Body.parse(bytes("{\"issues_jsonl\":\"\\u0000\"}"), records).str("issues_jsonl")).isEqualTo("\u0000");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
