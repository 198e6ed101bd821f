package io.beadhub.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UuidsAndTimesTest {
  @Test
  void uuidInputsAreParsedLeniently() {
    String canonical = "8df898fc-5165-450a-b0ce-f0c57a5f54d6";
    for (String s : new String[] {canonical, " 8DF898FC5165450AB0CEF0C57A5F54D6 ", "urn:uuid:" + canonical,
        "{" + canonical + "}"}) {
      assertThat(Uuids.parse(s)).as(s).hasValueSatisfying(u -> assertThat(u.toString()).isEqualTo(canonical));
    }
    assertThat(Uuids.parse("not-a-uuid")).isEmpty();
    assertThat(Uuids.parse(canonical + "0")).isEmpty();
  }

  @Test
  void labelUuidsAreVersion4AndDistinct() {
    java.util.UUID a = Uuids.label();
    assertThat(a.version()).isEqualTo(4);
    assertThat(a.variant()).isEqualTo(2);
    assertThat(Uuids.label()).isNotEqualTo(a);
  }

  @Test
  void timestampsHaveTheFractionOnlyWhenMicrosecondsAreNonZero() {
    assertThat(Times.isoOffset(Instant.parse("2026-11-23T12:27:50.193217Z"))).isEqualTo("2026-11-23T12:27:50.193217+00:00");
    assertThat(Times.isoOffset(Instant.parse("2026-11-23T12:27:50Z"))).isEqualTo("2026-11-23T12:27:50+00:00");
    assertThat(Times.isoZ(Instant.parse("2026-11-23T12:27:50.100Z"))).isEqualTo("2026-11-23T12:27:50.100000Z");
    assertThat(Times.isoOffset(Instant.parse("2026-11-23T12:27:50.000042Z"))).isEqualTo("2026-11-23T12:27:50.000042+00:00");
    assertThat(Times.zSecond(Instant.parse("2026-11-23T12:27:50.999Z"))).isEqualTo("2026-11-23T12:27:50Z");
  }
}
