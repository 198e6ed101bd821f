package io.beadhub.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written formatting of {@link Times} against the formatter it replaced. */
class TimesFormatTest {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  private static String reference(Instant t) {
    Instant m = Times.micros(t);
    String s = SECONDS.format(m.atOffset(ZoneOffset.UTC));
    int micros = m.getNano() / 1000;
    return (micros == 0 ? s : s + String.format(".%06d", micros)) + "+00:00";
  }

  @Test
  void sameTextAsTheFormatter() {
    Random r = new Random(7);
    long min = Instant.parse("-0200-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      long sec = min + (long) (r.nextDouble() * (max - min));
      int nano = switch (i % 4) {
        case 0 -> 0;
        case 1 -> r.nextInt(1000) * 1000;
        case 2 -> r.nextInt(1_000_000_000);
        default -> r.nextInt(1000);
      };
      Instant t = Instant.ofEpochSecond(sec, nano);
      assertThat(Times.isoOffset(t)).as(t.toString()).isEqualTo(reference(t));
    }
    for (String s : new String[] {"0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z",
        "+10000-01-01T00:00:00Z", "1970-01-01T00:00:00.000001Z"}) {
      Instant t = Instant.parse(s);
      assertThat(Times.isoOffset(t)).isEqualTo(reference(t));
    }
  }
}
