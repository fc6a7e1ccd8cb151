package dev.leadstream.kstreams;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

/**
 * The JavaScript string rules the TypeScript domain relies on, ported exactly: JS whitespace (the {@code \s} class
 * and {@code String.prototype.trim}), whitespace collapsing (src/domain/text.ts), {@code JSON.stringify} of a string,
 * {@code String(number)} and the UTF-8 encoding Node uses for hashing (lone surrogates become U+FFFD).
 */
final class JsText {
  private JsText() {}

  /** ECMAScript WhiteSpace + LineTerminator: what {@code \s} and {@code trim()} use (U+FEFF yes, U+0085 no). */
  static boolean isWhitespace(char c) {
    if (c <= 0x20) return c == ' ' || (c >= 0x09 && c <= 0x0D);
    if (c < 0xA0) return false;
    return c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F
        || c == 0x205F || c == 0x3000 || c == 0xFEFF;
  }

  /** {@code String.prototype.trim}. */
  static String trim(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isWhitespace(s.charAt(start))) start++;
    while (end > start && isWhitespace(s.charAt(end - 1))) end--;
    return start == 0 && end == s.length() ? s : s.substring(start, end);
  }

  static boolean isBlank(String s) {
    for (int i = 0; i < s.length(); i++) if (!isWhitespace(s.charAt(i))) return false;
    return true;
  }

  /** {@code /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/}: printable ASCII words separated by single spaces. */
  static boolean alreadyClean(String s) {
    int n = s.length();
    if (n == 0) return false;
    boolean afterSpace = true;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == ' ') {
        if (afterSpace) return false;
        afterSpace = true;
      } else if (c >= 0x21 && c <= 0x7E) {
        afterSpace = false;
      } else {
        return false;
      }
    }
    return !afterSpace;
  }

  /** {@code text.replace(/\s+/gu, ' ').trim()} (text.ts collapseWhitespace). */
  static String collapseWhitespace(String s) {
    if (alreadyClean(s)) return s;
    StringBuilder out = new StringBuilder(s.length());
    boolean pendingSpace = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isWhitespace(c)) {
        pendingSpace = out.length() > 0;
      } else {
        if (pendingSpace) out.append(' ');
        pendingSpace = false;
        out.append(c);
      }
    }
    return out.toString();
  }

  /** text.ts cleanText: NFC, whitespace collapsed, trimmed; the empty result is null. */
  static String cleanText(String s) {
    if (alreadyClean(s)) return s;
    String nfc = Normalizer.isNormalized(s, Normalizer.Form.NFC) ? s : Normalizer.normalize(s, Normalizer.Form.NFC);
    String cleaned = collapseWhitespace(nfc);
    return cleaned.isEmpty() ? null : cleaned;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }

  /**
   * Lone surrogates replaced by U+FFFD: what Node's UTF-8 encoder does (Buffer.from, crypto.hash, the Avro codec), so
   * a string that crossed one of our topics, or was hashed, reads the same here.
   */
  static String wellFormed(String s) {
    int n = s.length();
    int i = 0;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) break;
    }
    if (i == n) return s;
    StringBuilder out = new StringBuilder(n).append(s, 0, i);
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append('\uFFFD');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * {@code new TextDecoder('utf-8').decode(bytes)} without the BOM rule (the caller drops a leading U+FEFF): Java's
   * decoder reads valid UTF-8 the same, but replaces some invalid sequences with fewer U+FFFD than the WHATWG
   * decoder (an encoded surrogate is one U+FFFD in Java, three in Node), so invalid input is decoded the WHATWG way.
   */
  static String decodeUtf8(byte[] bytes) {
    String fast = new String(bytes, StandardCharsets.UTF_8);
    return fast.indexOf('\uFFFD') < 0 ? fast : decodeUtf8Whatwg(bytes);
  }

  /** The WHATWG Encoding Standard's UTF-8 decoder (replacement mode). */
  static String decodeUtf8Whatwg(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length);
    int codePoint = 0, seen = 0, needed = 0, lower = 0x80, upper = 0xBF;
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xFF;
      if (needed == 0) {
        if (b <= 0x7F) {
          out.append((char) b);
        } else if (b >= 0xC2 && b <= 0xDF) {
          needed = 1;
          codePoint = b & 0x1F;
        } else if (b >= 0xE0 && b <= 0xEF) {
          if (b == 0xE0) lower = 0xA0;
          if (b == 0xED) upper = 0x9F;
          needed = 2;
          codePoint = b & 0xF;
        } else if (b >= 0xF0 && b <= 0xF4) {
          if (b == 0xF0) lower = 0x90;
          if (b == 0xF4) upper = 0x8F;
          needed = 3;
          codePoint = b & 0x7;
        } else {
          out.append('\uFFFD');
        }
        continue;
      }
      if (b < lower || b > upper) {
        codePoint = 0;
        needed = 0;
        seen = 0;
        lower = 0x80;
        upper = 0xBF;
        out.append('\uFFFD');
        i--; // the byte is read again as the start of a sequence
        continue;
      }
      lower = 0x80;
      upper = 0xBF;
      codePoint = (codePoint << 6) | (b & 0x3F);
      if (++seen == needed) {
        out.appendCodePoint(codePoint);
        codePoint = 0;
        needed = 0;
        seen = 0;
      }
    }
    if (needed != 0) out.append('\uFFFD');
    return out.toString();
  }

  /**
   * A string after a round trip through our Avro codec (avsc 5.7, Tap.writeString/readString), which is how a profile
   * value reaches our aggregate over leads.keyed: when its UTF-8 length is at most 64 bytes avsc encodes each lone
   * surrogate as three bytes ED xx xx, which read back as three U+FFFD; a longer string goes through Buffer#utf8Write,
   * which writes one U+FFFD. Valid strings are unchanged.
   */
  static String afterOurAvro(String s) {
    String wellFormed = wellFormed(s);
    if (wellFormed == s) return s;
    if (wellFormed.getBytes(StandardCharsets.UTF_8).length > 64) return wellFormed;
    StringBuilder out = new StringBuilder(s.length() + 8);
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append("\uFFFD\uFFFD\uFFFD");
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static byte[] utf8(String s) {
    return wellFormed(s).getBytes(StandardCharsets.UTF_8);
  }

  /** text.ts quote: collapsed, control characters → '?', cut at 80 code points (+ '…'), as a JSON string literal. */
  static String quote(String text) {
    String line = trim(replaceWhitespaceRuns(text));
    StringBuilder cleaned = null;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c <= 0x1F || (c >= 0x7F && c <= 0x9F)) {
        if (cleaned == null) cleaned = new StringBuilder(line);
        cleaned.setCharAt(i, '?');
      }
    }
    if (cleaned != null) line = cleaned.toString();
    if (line.length() > 80) {
      int end = line.offsetByCodePoints(0, Math.min(80, line.codePointCount(0, line.length())));
      line = line.substring(0, end) + "\u2026";
    }
    return jsonString(line);
  }

  /** {@code text.replace(/\s+/gu, ' ')} without the trim. */
  private static String replaceWhitespaceRuns(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean inRun = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isWhitespace(c)) {
        if (!inRun) out.append(' ');
        inRun = true;
      } else {
        inRun = false;
        out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code JSON.stringify(string)} (well-formed: lone surrogates as \\uXXXX escapes). */
  static String jsonString(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }

  private static final double TWO_53 = 9007199254740992.0;

  /** {@code String(number)} for a finite double (Number::toString: the shortest round-trip digits). */
  static String numberToString(double d) {
    if (d == 0) return "0";
    if (d == Math.rint(d) && Math.abs(d) < TWO_53) return Long.toString((long) d);
    String sign = d < 0 ? "-" : "";
    BigDecimal exact = new BigDecimal(Math.abs(d));
    BigDecimal shortest = null;
    for (int k = 1; k <= 17; k++) {
      BigDecimal candidate = exact.round(new MathContext(k, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == Math.abs(d)) {
        shortest = candidate;
        break;
      }
    }
    if (shortest == null) shortest = exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    shortest = shortest.stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    int k = digits.length();
    int n = k - shortest.scale();
    StringBuilder out = new StringBuilder(sign);
    if (k <= n && n <= 21) {
      out.append(digits);
      for (int i = 0; i < n - k; i++) out.append('0');
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.");
      for (int i = 0; i < -n; i++) out.append('0');
      out.append(digits);
    } else {
      int e = n - 1;
      out.append(digits.charAt(0));
      if (k > 1) out.append('.').append(digits, 1, k);
      out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
    return out.toString();
  }

  /** {@code Number.isSafeInteger(d)}. */
  static boolean isSafeInteger(double d) {
    return !Double.isNaN(d) && !Double.isInfinite(d) && d == Math.rint(d) && Math.abs(d) <= TWO_53 - 1;
  }
}
