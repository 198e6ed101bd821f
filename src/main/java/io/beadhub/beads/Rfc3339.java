package io.beadhub.beads;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The common shapes of export timestamps ({@code 2026-01-02T03:04:05Z}, with an optional 1–9 digit
 * fraction and {@code Z}, {@code ±HH:MM} or no offset) read without the java.time parser, which
 * cost more than the rest of a record's checks. Anything else, or an invalid value, is null: the
 * caller then uses the general parser, which decides.
 */
final class Rfc3339 {
  private Rfc3339() {
  }

  static Instant parse(String s) {
    int n = s.length();
    if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    int i = 19;
    int nano = 0;
    if (i < n && s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 9 && isDigit(s.charAt(i))) {
        nano = nano * 10 + (s.charAt(i) - '0');
        i++;
      }
      int len = i - start;
      if (len == 0 || (i < n && isDigit(s.charAt(i)))) {
        return null;
      }
      for (int k = len; k < 9; k++) {
        nano *= 10;
      }
    }
    ZoneOffset offset;
    try {
      if (i == n) {
        offset = ZoneOffset.UTC;
      } else if (i == n - 1 && s.charAt(i) == 'Z') {
        offset = ZoneOffset.UTC;
      } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
        int h = digits(s, i + 1, 2);
        int m = digits(s, i + 4, 2);
        if ((h | m) < 0) {
          return null;
        }
        offset = s.charAt(i) == '+' ? ZoneOffset.ofHoursMinutes(h, m) : ZoneOffset.ofHoursMinutes(-h, -m);
      } else {
        return null;
      }
      return LocalDateTime.of(year, month, day, hour, minute, second, nano).toInstant(offset);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The decimal value of {@code len} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int len) {
    int v = 0;
    for (int i = from; i < from + len; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
