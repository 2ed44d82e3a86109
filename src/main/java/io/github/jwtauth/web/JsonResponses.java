package io.github.jwtauth.web;

import io.github.jwtauth.json.Json;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one place that writes a JSON answer, success or error, with its headers.
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonResponses {
  public static final String CONTENT_TYPE = "application/json; charset=UTF-8";

  private JsonResponses() {}

  /**
   * Writes a JSON answer with the headers every jwt-auth answer carries: {@code Cache-Control:
   * no-store} (RFC 6749 §5.1) and {@code X-Content-Type-Options: nosniff}.
   */
  public static void write(HttpServletResponse resp, int status, JsonStructure body)
      throws IOException {
    write(resp, status, bytes(body));
  }

  /**
   * As {@link #write(HttpServletResponse, int, JsonStructure)} for a bare scalar such as {@code
   * true} or {@code 3} (a JSON text may be any value, RFC 8259 §2): the WordPress plugin's answers
   * to its revoke routes.
   */
  public static void writeValue(HttpServletResponse resp, int status, JsonValue value)
      throws IOException {
    if (value instanceof JsonStructure structure) {
      write(resp, status, structure);
      return;
    }
    write(resp, status, value.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The UTF-8 bytes of a JSON answer, for answers made once at start. */
  public static byte[] bytes(JsonStructure body) {
    return Json.write(body).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * As {@link #write(HttpServletResponse, int, JsonStructure)}, with {@link #bytes} made before.
   */
  public static void write(HttpServletResponse resp, int status, byte[] bytes) throws IOException {
    resp.setStatus(status);
    resp.setContentType(CONTENT_TYPE);
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("Pragma", "no-cache");
    resp.setHeader("X-Content-Type-Options", "nosniff"); // Fetch standard §3.5
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
  }
}
