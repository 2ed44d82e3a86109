package io.github.jwtauth.testsupport;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Small JSON helper over jakarta.json (parsson). Thread-safe: stateless. */
public final class Json {
  private Json() {}

  /** Parses any JSON text (object, array or scalar). */
  public static JsonValue parse(String text) {
    try (JsonReader r = jakarta.json.Json.createReader(new StringReader(text))) {
      return r.readValue();
    }
  }

  /** Parses a JSON object; fails with the text in the message when it is not one. */
  public static JsonObject object(String text) {
    JsonValue v;
    try {
      v = parse(text);
    } catch (RuntimeException e) {
      throw new AssertionError("not JSON: <" + abbreviate(text) + ">", e);
    }
    if (v.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new AssertionError("not a JSON object: <" + abbreviate(text) + ">");
    }
    return v.asJsonObject();
  }

  /** The key set of an object, sorted, for exact-shape assertions. */
  public static Set<String> keys(JsonObject o) {
    return new TreeSet<>(o.keySet());
  }

  /** Builds a JSON object text from alternating key/value strings (values may be null). */
  public static String obj(String... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("keyValues must come in pairs");
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    StringBuilder sb = new StringBuilder("{");
    m.forEach(
        (k, v) -> {
          if (sb.length() > 1) {
            sb.append(',');
          }
          sb.append(quote(k)).append(':').append(quote(v));
        });
    return sb.append('}').toString();
  }

  /** JSON string literal for s, or {@code null}. */
  public static String quote(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  static String abbreviate(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() > 500 ? s.substring(0, 500) + "…(" + s.length() + " chars)" : s;
  }
}
