package io.beadhub.messaging;

import io.beadhub.common.ApiError;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Times a client sends in chat and mail requests (spec 20 §0.1, §3.9): RFC 3339 with an offset. */
public final class AwareTimes {
  private AwareTimes() {
  }

  /**
   * Parses {@code raw} (trimmed; a space may stand for the {@code T}); 422 {@code Invalid <name> format}, or
   * {@code <name> must be timezone-aware} for a time without an offset.
   */
  public static OffsetDateTime parse(String raw, String name) {
    String s = raw.trim().replace(' ', 'T');
    try {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      try {
        LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
      } catch (DateTimeParseException e2) {
        throw ApiError.unprocessable("Invalid " + name + " format");
      }
      throw ApiError.unprocessable(name + " must be timezone-aware");
    }
  }
}
