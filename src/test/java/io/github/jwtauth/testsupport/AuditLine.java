package io.github.jwtauth.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict parser for one audit line: {@code jwt-auth audit } then {@code key=value} fields
 * separated by one space, each value either bare (printable ASCII without space, {@code "}, {@code
 * =} or {@code \}) or in double quotes with {@code \"}, {@code \\}, {@code \xNN} (a control
 * character) and <code>&#92;uNNNN</code> (a character above U+007F) as its only escapes. Anything
 * else — a stray space, an unknown or non-canonical escape, an unterminated quote, a raw control or
 * non-ASCII character — is an {@link IllegalArgumentException} naming the position.
 */
public final class AuditLine {
  public static final String PREFIX = "jwt-auth audit ";

  /** One field, its value decoded. */
  public record Field(String key, String value) {}

  private final String line;
  private final List<Field> fields;

  private AuditLine(String line, List<Field> fields) {
    this.line = line;
    this.fields = List.copyOf(fields);
  }

  /** The fields in line order. */
  public List<Field> fields() {
    return fields;
  }

  /** The field names in line order. */
  public List<String> keys() {
    return fields.stream().map(Field::key).toList();
  }

  /** The decoded value of the one field {@code key}; fails unless it occurs exactly once. */
  public String get(String key) {
    List<String> values =
        fields.stream().filter(f -> f.key().equals(key)).map(Field::value).toList();
    if (values.size() != 1) {
      throw new AssertionError(values.size() + " fields " + key + " in: " + line);
    }
    return values.get(0);
  }

  /** The event name, before the first {@code :} of the event field. */
  public String event() {
    String e = get("event");
    int colon = e.indexOf(':');
    return colon < 0 ? e : e.substring(0, colon);
  }

  /** The event's subject, after the first {@code :} of the event field, or null. */
  public String subject() {
    String e = get("event");
    int colon = e.indexOf(':');
    return colon < 0 ? null : e.substring(colon + 1);
  }

  @Override
  public String toString() {
    return line;
  }

  public static AuditLine parse(String line) {
    if (!line.startsWith(PREFIX)) {
      throw bad(line, 0, "no prefix '" + PREFIX + "'");
    }
    List<Field> fields = new ArrayList<>();
    int i = PREFIX.length();
    while (true) {
      int keyStart = i;
      while (i < line.length()
          && (line.charAt(i) >= 'a' && line.charAt(i) <= 'z' || line.charAt(i) == '_')) {
        i++;
      }
      if (i == keyStart) {
        throw bad(line, i, "a field name");
      }
      String key = line.substring(keyStart, i);
      if (i >= line.length() || line.charAt(i) != '=') {
        throw bad(line, i, "'=' after " + key);
      }
      i++;
      StringBuilder value = new StringBuilder();
      if (i < line.length() && line.charAt(i) == '"') {
        i = quoted(line, i + 1, value);
      } else {
        int start = i;
        while (i < line.length() && bare(line.charAt(i))) {
          i++;
        }
        if (i == start) {
          throw bad(line, i, "a value for " + key);
        }
        value.append(line, start, i);
      }
      fields.add(new Field(key, value.toString()));
      if (i == line.length()) {
        return new AuditLine(line, fields);
      }
      if (line.charAt(i) != ' ' || i + 1 == line.length()) {
        throw bad(line, i, "one space then the next field");
      }
      i++;
    }
  }

  /** Decodes a quoted value from just after its opening quote; returns the index after it. */
  private static int quoted(String line, int i, StringBuilder out) {
    while (true) {
      if (i >= line.length()) {
        throw bad(line, i, "a closing quote");
      }
      char c = line.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (c < 0x20 || c > 0x7e) {
        throw bad(line, i, "no raw control or non-ASCII character");
      }
      if (c != '\\') {
        out.append(c);
        i++;
        continue;
      }
      char e = i + 1 < line.length() ? line.charAt(i + 1) : 0;
      switch (e) {
        case '"', '\\' -> {
          out.append(e);
          i += 2;
        }
        case 'x' -> {
          int v = hex(line, i + 2, 2);
          if (v >= 0x20 && v != 0x7f) {
            throw bad(line, i, "\\x only for a control character");
          }
          out.append((char) v);
          i += 4;
        }
        case 'u' -> {
          int v = hex(line, i + 2, 4);
          if (v < 0x80) {
            throw bad(line, i, "\\u only above U+007F");
          }
          out.append((char) v);
          i += 6;
        }
        default -> throw bad(line, i, "a known escape");
      }
    }
  }

  private static int hex(String line, int from, int digits) {
    if (from + digits > line.length()) {
      throw bad(line, from, digits + " hex digits");
    }
    int v = 0;
    for (int k = from; k < from + digits; k++) {
      int d = Character.digit(line.charAt(k), 16);
      if (d < 0 || Character.isUpperCase(line.charAt(k))) {
        throw bad(line, k, "a lower-case hex digit");
      }
      v = v * 16 + d;
    }
    return v;
  }

  private static boolean bare(char c) {
    return c > 0x20 && c < 0x7f && c != '"' && c != '=' && c != '\\';
  }

  private static IllegalArgumentException bad(String line, int at, String expected) {
    return new IllegalArgumentException(
        "audit line: expected " + expected + " at " + at + ": " + line);
  }
}
