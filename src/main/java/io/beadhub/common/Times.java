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
    String s = SECONDS.format(m.atOffset(ZoneOffset.UTC));
    int micros = m.getNano() / 1000;
    if (micros == 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length() + 7).append(s).append('.');
    String digits = Integer.toString(micros);
    sb.append("000000", 0, 6 - digits.length()).append(digits);
    return sb.toString();
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
