package io.github.jwtauth.audit;

/**
 * Encodes one value of a {@code key=value} log line so that the line always parses back to the
 * fields written, whatever the value holds (logfmt style): null is {@code -}; a value of printable
 * ASCII without space, {@code "}, {@code =} or {@code \} stays bare; anything else (also the empty
 * string and a literal {@code -}) goes in double quotes, with {@code \"} and {@code \\}, control
 * characters as {@code \xNN} and characters above U+007F as <code>&#92;uNNNN</code> (UTF-16 units),
 * so a line is printable ASCII: no CR/LF log injection, no forged fields. Values are cut to {@value
 * #MAX} characters, then {@code ...}. Thread-safe (stateless). Not API.
 */
public final class LogText {
  static final int MAX = 80;

  private LogText() {}

  /** {@code s} cut to {@value #MAX} characters and encoded; null as {@code -}. */
  public static String value(String s) {
    return s == null ? "-" : encode(bound(s));
  }

  /** {@code s} cut to {@value #MAX} characters, then {@code ...}. */
  static String bound(String s) {
    return s.length() > MAX ? s.substring(0, MAX) + "..." : s;
  }

  /** {@code s} bare when it is safe and not empty or {@code -}, else quoted and escaped. */
  static String encode(String s) {
    if (!s.isEmpty() && !s.equals("-") && s.chars().allMatch(LogText::bare)) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 8).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\x%02x", (int) c));
      } else if (c > 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** A character a bare value may hold. */
  static boolean bare(int c) {
    return c > 0x20 && c < 0x7f && c != '"' && c != '=' && c != '\\';
  }
}
