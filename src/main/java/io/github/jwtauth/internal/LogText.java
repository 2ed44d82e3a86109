package io.github.jwtauth.internal;

/**
 * Escapes user-controlled text for one log line: control characters and backslashes become {@code
 * \xNN} (no CR/LF log injection), and length is bounded. Not API.
 */
public final class LogText {
  private static final int MAX = 80;

  private LogText() {}

  public static String safe(String s) {
    if (s == null) {
      return "-";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX + 3));
    for (int i = 0; i < s.length() && i < MAX; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (s.length() > MAX) {
      b.append("...");
    }
    return b.toString();
  }
}
