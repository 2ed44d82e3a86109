package io.github.jwtauth.web;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A key-pair sent as OAuth 2.0 client credentials (RFC 6749 §2.3.1): {@code api_key}/{@code
 * api_secret} or {@code client_id}/{@code client_secret} in the body ({@code client_secret_post}),
 * or else {@code Authorization: Basic} with both form-urlencoded ({@code client_secret_basic}).
 *
 * @param key the {@code api_key} as sent
 * @param secret the {@code api_secret} as sent
 * @param basic whether they came in the {@code Authorization} header
 */
public record ClientCredentials(String key, String secret, boolean basic) {
  /**
   * The credentials of a request, or null when it sends none.
   *
   * @throws JwtAuthException {@link ErrorCode#INVALID_REQUEST} for malformed Basic credentials
   */
  public static ClientCredentials from(RequestParams p, HttpServletRequest req) {
    String key = first(p.get("api_key"), p.get("client_id"));
    String secret = first(p.get("api_secret"), p.get("client_secret"));
    if (key != null || secret != null) {
      return new ClientCredentials(key, secret, false);
    }
    String h = req.getHeader("Authorization");
    if (h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded =
          new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new JwtAuthException(
            ErrorCode.INVALID_REQUEST, "The Basic credentials are malformed.");
      }
      return new ClientCredentials(
          URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
          URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8),
          true);
    } catch (IllegalArgumentException e) {
      throw new JwtAuthException(ErrorCode.INVALID_REQUEST, "The Basic credentials are malformed.");
    }
  }

  /** Whether both parts are there and not empty. */
  public boolean complete() {
    return key != null && secret != null && !key.isEmpty() && !secret.isEmpty();
  }

  @Override
  public String toString() {
    return "ClientCredentials[" + (basic ? "basic" : "post") + "]"; // never the secret
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }
}
