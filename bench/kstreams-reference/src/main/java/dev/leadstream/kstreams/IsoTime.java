package dev.leadstream.kstreams;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** occurredAt.ts parseIsoUtc, with V8's Date.parse rules for the ISO format (day 1–31 rolls over into the next month, 24:00 allowed). */
final class IsoTime {
  private IsoTime() {}

  static final long NONE = Long.MIN_VALUE;

  /**
   * {@code ^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?:Z|[+-]00:?00)$}, then Date.parse of group 1 + 'Z';
   * NONE when it does not match or Date.parse gives NaN. The fraction is truncated to milliseconds.
   */
  static long parseIsoUtc(String s) {
    int n = s.length();
    if (n < 17) return NONE;
    if (!digits(s, 0, 4) || s.charAt(4) != '-' || !digits(s, 5, 2) || s.charAt(7) != '-' || !digits(s, 8, 2)
        || s.charAt(10) != 'T' || !digits(s, 11, 2) || s.charAt(13) != ':' || !digits(s, 14, 2)) return NONE;
    int i = 16;
    int second = 0;
    int millis = 0;
    boolean fractionNonZero = false;
    if (i < n && s.charAt(i) == ':') {
      if (i + 3 > n || !digits(s, i + 1, 2)) return NONE;
      second = num(s, i + 1, 2);
      i += 3;
      if (i < n && s.charAt(i) == '.') {
        int start = i + 1;
        int j = start;
        while (j < n && isDigit(s.charAt(j))) j++;
        if (j == start) return NONE;
        for (int d = 0; d < 3; d++) millis = millis * 10 + (start + d < j ? s.charAt(start + d) - '0' : 0);
        for (int d = start; d < j; d++) fractionNonZero |= s.charAt(d) != '0';
        i = j;
      }
    }
    // The UTC designator: Z, or ±00:00 / ±0000.
    String rest = s.substring(i);
    if (!(rest.equals("Z") || rest.equals("+00:00") || rest.equals("-00:00") || rest.equals("+0000") || rest.equals("-0000"))) {
      return NONE;
    }
    int year = num(s, 0, 4);
    int month = num(s, 5, 2);
    int day = num(s, 8, 2);
    int hour = num(s, 11, 2);
    int minute = num(s, 14, 2);
    if (month < 1 || month > 12 || day < 1 || day > 31) return NONE;
    if (hour > 24 || minute > 59 || second > 59) return NONE;
    // V8 takes 24:00 only when everything after it is zero, digits past the milliseconds included.
    if (hour == 24 && (minute != 0 || second != 0 || fractionNonZero)) return NONE;
    long days = LocalDate.of(year, month, 1).toEpochDay() + (day - 1);
    return days * 86_400_000L + hour * 3_600_000L + minute * 60_000L + second * 1_000L + millis;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean digits(String s, int from, int count) {
    if (from + count > s.length()) return false;
    for (int i = from; i < from + count; i++) if (!isDigit(s.charAt(i))) return false;
    return true;
  }

  private static int num(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) v = v * 10 + (s.charAt(i) - '0');
    return v;
  }

  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** {@code new Date(ms).toISOString()} for years 0–9999. */
  static String iso(long ms) {
    return ISO.format(Instant.ofEpochMilli(ms));
  }
}
