package io.beadhub.beads;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written parsing paths of {@link RecordValidator} against the java.time and regex versions. */
class FastParseTest {
  private static Instant reference(String raw) {
    String s = raw.trim().replace(' ', 'T');
    try {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().truncatedTo(ChronoUnit.MICROS);
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC)
            .truncatedTo(ChronoUnit.MICROS);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  @Test
  void timestampsAsTheJavaTimeParser() {
    String[] cases = {"2026-01-02T03:04:05Z", "2026-01-02T03:04:05.1Z", "2026-01-02T03:04:05.123456789Z",
        "2026-01-02T03:04:05.1234567891Z", "2026-01-02T03:04:05.Z", "2026-01-02T03:04:05+05:30",
        "2026-01-02T03:04:05-05:30", "2026-01-02T03:04:05-00:00", "2026-01-02T03:04:05+18:00",
        "2026-01-02T03:04:05+18:30", "2026-01-02T03:04:05+05:60", "2026-01-02T03:04:05", "2026-01-02 03:04:05",
        " 2026-01-02T03:04:05Z ", "2026-01-02t03:04:05z", "2026-02-30T03:04:05Z", "2026-13-02T03:04:05Z",
        "2026-01-02T24:00:00Z", "2026-01-02T23:59:60Z", "2026-01-02T03:04Z", "0000-01-01T00:00:00Z",
        "+2026-01-02T03:04:05Z", "2026-01-02T03:04:05+0530", "2026-01-02T03:04:05+05:30:10", "2026-1-02T03:04:05Z",
        "2026-01-02T03:04:05ZZ", "2026-01-02T03:04:05.5+01:00", "2024-02-29T12:00:00Z", "2023-02-29T12:00:00Z",
        "", "not a time", "2026-01-02T03:04:0xZ", "2026-01-02T03:04:05.12a4Z"};
    for (String c : cases) {
      assertThat(RecordValidator.time(TextNode.valueOf(c))).as(c).isEqualTo(reference(c));
    }
    Random r = new Random(3);
    for (int i = 0; i < 50_000; i++) {
      Instant t = Instant.ofEpochSecond(r.nextLong(-30_000_000_000L, 250_000_000_000L), r.nextInt(1_000_000_000));
      int off = (r.nextInt(37) - 18) * 3600 + (r.nextBoolean() ? 0 : 1800) * (r.nextBoolean() ? 1 : -1);
      String s = t.atOffset(ZoneOffset.ofTotalSeconds(Math.max(-64800, Math.min(64800, off)))).toString();
      assertThat(RecordValidator.time(TextNode.valueOf(s))).as(s).isEqualTo(reference(s));
    }
  }

  @Test
  void moleculeSearchAsTheRegex() {
    Pattern p = Pattern.compile("molecule", Pattern.CASE_INSENSITIVE);
    String[] cases = {"", "molecule", "MOLECULE", "a MoLeCuLe b", "molecul", "xmoleculex", "mo lecule", "moléculé",
        "\u212Aolecule", "mo\u017Fecule", "molecule\n", "olecule molecul", "MOLECULEmolecule", "m@lecule"};
    for (String c : cases) {
      assertThat(RecordValidator.containsMolecule(c)).as(c).isEqualTo(p.matcher(c).find());
    }
    Random r = new Random(5);
    String alphabet = "moleculMOLECU @`\u00ed\u0131\u017F";
    for (int i = 0; i < 100_000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = r.nextInt(14);
      for (int j = 0; j < n; j++) {
        sb.append(j < 8 && r.nextInt(3) > 0 ? "molecule".charAt(j) : alphabet.charAt(r.nextInt(alphabet.length())));
      }
      String s = sb.toString();
      assertThat(RecordValidator.containsMolecule(s)).as(s).isEqualTo(p.matcher(s).find());
    }
  }
}
