package io.github.jwtauth.web;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.json.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The one place that turns an error into status, headers and JSON body, and the one place that
 * writes {@code WWW-Authenticate} (RFC 6750 §3). Header prefixes are computed once.
 *
 * <p>Immutable and thread-safe.
 */
public final class ErrorWriter {
  private final String bareChallenge;
  private final String challengePrefix;
  private final String clientChallenge;

  public ErrorWriter(String realm) {
    this.bareChallenge = "Bearer realm=\"" + quote(realm) + "\"";
    this.challengePrefix = bareChallenge + ", error=\"";
    this.clientChallenge = "Basic realm=\"" + quote(realm) + "\", charset=\"UTF-8\"";
  }

  /** Writes an error of the token endpoint or key-pair routes with the code's own status. */
  public void write(HttpServletResponse resp, JwtAuthException e) throws IOException {
    if (e.error() == ErrorCode.INVALID_REQUEST) {
      // the body may be left unread (e.g. over the size limit): do not reuse the connection
      resp.setHeader("Connection", "close");
    }
    if (e.error() == ErrorCode.INVALID_CLIENT) {
      // RFC 6749 §5.2: a 401 invalid_client names the scheme clients authenticate with
      resp.setHeader("WWW-Authenticate", clientChallenge);
    }
    if (e.retryAfterSeconds() > 0) {
      resp.setHeader("Retry-After", Long.toString(e.retryAfterSeconds())); // RFC 9110 §10.2.3
    }
    write(resp, e.error(), e.error().status(), e.error().oauthError(), e.description());
  }

  /**
   * Writes the answer to a resource request whose Bearer token was refused: 401 with {@code
   * error="invalid_token"}, 400 {@code invalid_request} for a missing token, 401 with a bare
   * challenge when a token is required but absent, 503 when the store cannot be reached (RFC 6750
   * §3.1).
   */
  public void writeBearerError(HttpServletResponse resp, JwtAuthException e) throws IOException {
    ErrorCode code = e.error();
    switch (code) {
      case UNAVAILABLE -> {
        resp.setHeader("Retry-After", "5");
        write(resp, code, 503, code.oauthError(), e.description());
      }
      case NO_HEADER -> {
        resp.setHeader("WWW-Authenticate", bareChallenge);
        write(resp, code, 401, code.oauthError(), e.description());
      }
      case NO_TOKEN, INVALID_REQUEST -> {
        resp.setHeader("WWW-Authenticate", challenge("invalid_request", e.description()));
        write(resp, code, 400, "invalid_request", e.description());
      }
      default -> {
        resp.setHeader("WWW-Authenticate", challenge("invalid_token", e.description()));
        write(resp, code, 401, "invalid_token", e.description());
      }
    }
  }

  private String challenge(String error, String description) {
    return challengePrefix + error + "\", error_description=\"" + quote(description) + "\"";
  }

  private static void write(
      HttpServletResponse resp, ErrorCode code, int status, String oauthError, String message)
      throws IOException {
    var body =
        Json.object()
            .add("code", code.code())
            .add("message", message)
            .add("data", Json.object().add("status", status))
            .add("error", oauthError)
            .add("error_description", message)
            .build();
    JsonResponses.write(resp, status, body);
  }

  /** RFC 7230 §3.2.6 quoted-string content: our strings are fixed, but be safe. */
  private static String quote(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
