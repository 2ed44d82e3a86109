package io.github.jwtauth.token;

import io.github.jwtauth.http.ErrorCode;
import io.github.jwtauth.http.JwtAuthException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;

/**
 * Reads the Bearer token from the {@code Authorization} header and nothing else (RFC 6750 §2.1;
 * tokens in query strings or form bodies are not accepted). The scheme is case-insensitive (RFC
 * 9110 §11.1). Oversized headers are refused before any parsing.
 *
 * <p>Immutable and thread-safe.
 */
public final class BearerTokenResolver {
  private static final String SCHEME = "bearer";
  private final int maxSize;

  public BearerTokenResolver(int maxSize) {
    this.maxSize = maxSize;
  }

  /**
   * The token, or null when there is no {@code Authorization} header or it names another scheme
   * (left to the container).
   *
   * @throws JwtAuthException NO_TOKEN for {@code Bearer} with nothing after it, INVALID_REQUEST for
   *     several Authorization headers, TOKEN_ERROR for an oversized or malformed token
   */
  public String resolve(HttpServletRequest request) {
    Enumeration<String> headers = request.getHeaders("Authorization");
    if (headers == null || !headers.hasMoreElements()) {
      return null;
    }
    String header = headers.nextElement();
    if (headers.hasMoreElements()) {
      throw new JwtAuthException(ErrorCode.INVALID_REQUEST, "Send one Authorization header.");
    }
    if (header == null) {
      return null;
    }
    if (header.length() > maxSize) {
      throw new JwtAuthException(ErrorCode.TOKEN_ERROR, "The token is too large.");
    }
    String h = header.strip();
    if (!h.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return null;
    }
    if (h.length() > SCHEME.length() && h.charAt(SCHEME.length()) != ' ') {
      return null; // e.g. "BearerX …": another scheme
    }
    String token = h.substring(SCHEME.length()).strip();
    if (token.isEmpty()) {
      throw new JwtAuthException(ErrorCode.NO_TOKEN);
    }
    // RFC 6750 §2.1 b64token
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~'
              || c == '+'
              || c == '/'
              || c == '=';
      if (!ok) {
        throw new JwtAuthException(ErrorCode.TOKEN_ERROR, "The token is malformed.");
      }
    }
    return token;
  }
}
