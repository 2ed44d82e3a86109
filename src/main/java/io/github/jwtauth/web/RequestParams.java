package io.github.jwtauth.web;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The parameters of a POST body, read once and bounded: {@code application/x-www-form-urlencoded},
 * {@code multipart/form-data} (the original's {@code curl -F}) or a flat JSON object of strings.
 * Anything else, a repeated field, a body over the limit or credentials in the query string is
 * {@code rest_authentication_invalid_request} (400). Two kinds of field are let through besides: a
 * list ({@link #LISTS}: repeated, or a JSON array of strings) arrives as one comma-separated value,
 * and a count ({@link #COUNTS}) may be a whole JSON number.
 *
 * <p>Immutable once built.
 */
public final class RequestParams {
  /** Names that must never travel in a URL (RFC 6749 §2.3.1, RFC 9700 §2.4: URLs get logged). */
  public static final Set<String> CREDENTIALS =
      Set.of("api_secret", "client_secret", "refresh_token", "password", "access_token", "token");

  /** Fields that may be repeated, or a JSON array of strings: joined with commas. */
  public static final Set<String> LISTS = Set.of("roles");

  /** Fields that may also be a whole JSON number. */
  public static final Set<String> COUNTS = Set.of("expires_in");

  private final Map<String, String> values;

  private RequestParams(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public String get(String name) {
    return values.get(name);
  }

  /** Reads the body of {@code req}. */
  public static RequestParams from(HttpServletRequest req, int maxBytes) {
    Map<String, String> query = query(req.getQueryString());
    for (String name : query.keySet()) {
      if (CREDENTIALS.contains(name)) {
        throw invalid("Credentials must be sent in the request body, never in the URL.");
      }
    }
    long length = req.getContentLengthLong();
    if (length > maxBytes) {
      throw invalid("The request body is too large.");
    }
    String type = req.getContentType();
    String mime = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    Map<String, String> out = new LinkedHashMap<>();
    switch (mime) {
      case "" -> {
        if (read(req, maxBytes).length > 0) {
          throw invalid("A Content-Type is required for a request body.");
        }
      }
      case "application/x-www-form-urlencoded" ->
          parseForm(new String(read(req, maxBytes), charset(req)), out);
      case "multipart/form-data" -> parseMultipart(req, maxBytes, out);
      default -> {
        if (!mime.equals("application/json") && !mime.endsWith("+json")) {
          throw invalid("Unsupported Content-Type: send a form, multipart/form-data or JSON.");
        }
        JsonObject o = Json.parseObject(read(req, maxBytes));
        for (Map.Entry<String, JsonValue> e : o.entrySet()) {
          JsonValue v = e.getValue();
          if (v.getValueType() == JsonValue.ValueType.NULL) {
            continue;
          }
          out.put(e.getKey(), jsonField(e.getKey(), v));
        }
      }
    }
    return new RequestParams(out);
  }

  /** Parses a query string's names and values; repeated names are refused. */
  public static Map<String, String> query(String queryString) {
    Map<String, String> out = new LinkedHashMap<>();
    if (queryString != null && !queryString.isEmpty()) {
      parseForm(queryString, out);
    }
    return out;
  }

  private static void parseForm(String body, Map<String, String> out) {
    if (body.isEmpty()) {
      return;
    }
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      put(out, name, value);
    }
  }

  private static void parseMultipart(
      HttpServletRequest req, int maxBytes, Map<String, String> out) {
    Collection<Part> parts;
    try {
      parts = req.getParts();
    } catch (IOException | ServletException | RuntimeException e) {
      throw invalid("The multipart body is malformed or too large.");
    }
    int total = 0;
    for (Part p : parts) {
      if (p.getSize() > maxBytes) {
        throw invalid("The request body is too large.");
      }
      try (InputStream in = p.getInputStream()) {
        byte[] b = in.readNBytes(maxBytes + 1);
        total += b.length;
        if (total > maxBytes) {
          throw invalid("The request body is too large.");
        }
        put(out, p.getName(), new String(b, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw invalid("The multipart body is malformed or too large.");
      }
    }
  }

  private static String jsonField(String name, JsonValue v) {
    if (v instanceof JsonString s) {
      return s.getString();
    }
    if (v instanceof JsonNumber n && n.isIntegral() && COUNTS.contains(name)) {
      return n.bigIntegerValue().toString();
    }
    if (v instanceof JsonArray a && LISTS.contains(name)) {
      StringJoiner items = new StringJoiner(",");
      for (JsonValue item : a) {
        if (!(item instanceof JsonString s)) {
          throw invalid("Every item of " + name + " must be a string.");
        }
        items.add(s.getString());
      }
      return items.toString();
    }
    throw invalid("Every field of the JSON body must be a string.");
  }

  private static void put(Map<String, String> out, String name, String value) {
    if (LISTS.contains(name) && out.containsKey(name)) {
      out.put(name, out.get(name) + "," + value);
      return;
    }
    if (out.put(name, value) != null) {
      throw invalid("A field was sent more than once.");
    }
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid("The form body is malformed.");
    }
  }

  private static Charset charset(HttpServletRequest req) {
    String enc = req.getCharacterEncoding();
    if (enc == null) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(enc);
    } catch (IllegalArgumentException e) {
      throw invalid("Unsupported charset.");
    }
  }

  private static byte[] read(HttpServletRequest req, int maxBytes) {
    try (InputStream in = req.getInputStream()) {
      byte[] b = in.readNBytes(maxBytes + 1);
      if (b.length > maxBytes) {
        throw invalid("The request body is too large.");
      }
      return b;
    } catch (IOException e) {
      throw invalid("The request body could not be read.");
    }
  }

  private static JwtAuthException invalid(String detail) {
    return new JwtAuthException(ErrorCode.INVALID_REQUEST, detail);
  }
}
