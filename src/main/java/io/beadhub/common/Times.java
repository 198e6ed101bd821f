package io.beadhub.common;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** The timestamp shapes of the wire protocol (spec 10 §0.1, 30 §0.2). */
public final class Times {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  private Times() {
  }

  /** {@code 2026-11-23T12:27:50.193217+00:00}; the fraction only when the microseconds are non-zero. */
  public static String isoOffset(Instant t) {
    return t == null ? null : base(t) + "+00:00";
  }

  /** {@code 2026-11-23T12:27:50.193217Z}; same fraction rule. */
  public static String isoZ(Instant t) {
    return t == null ? null : base(t) + "Z";
  }

  /** {@code 2026-11-23T12:27:50Z}: truncated to whole seconds. */
  public static String zSecond(Instant t) {
    return t == null ? null : SECONDS.format(t.atOffset(ZoneOffset.UTC)) + "Z";
  }

  public static String isoOffset(OffsetDateTime t) {
    return t == null ? null : isoOffset(t.toInstant());
  }

  /** Database timestamps carry microseconds; anything finer is dropped. */
  public static Instant micros(Instant t) {
    return t.truncatedTo(ChronoUnit.MICROS);
  }

  private static String base(Instant t) {
    Instant m = micros(t);
    int micros = m.getNano() / 1000;
    java.time.LocalDateTime d = java.time.LocalDateTime.ofEpochSecond(m.getEpochSecond(), 0, ZoneOffset.UTC);
    if (d.getYear() < 1 || d.getYear() > 9999) {
      String s = SECONDS.format(m.atOffset(ZoneOffset.UTC));
      return micros == 0 ? s : s + String.format(".%06d", micros);
    }
    // By hand: the formatter and String.format were a sizeable share of a 10,000-record sync.
    char[] c = new char[micros == 0 ? 19 : 26];
    put(c, 0, d.getYear(), 4);
    c[4] = '-';
    put(c, 5, d.getMonthValue(), 2);
    c[7] = '-';
    put(c, 8, d.getDayOfMonth(), 2);
    c[10] = 'T';
    put(c, 11, d.getHour(), 2);
    c[13] = ':';
    put(c, 14, d.getMinute(), 2);
    c[16] = ':';
    put(c, 17, d.getSecond(), 2);
    if (micros != 0) {
      c[19] = '.';
      put(c, 20, micros, 6);
    }
    return new String(c);
  }

  private static void put(char[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * Parses an RFC 3339 / ISO-8601 timestamp that carries a {@code Z} or a numeric offset, with 0–9
   * fraction digits. Empty when the value has no offset or is not a timestamp.
   */
  public static Optional<Instant> parseWithOffset(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(raw.trim().replace(' ', 'T'),
          DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
