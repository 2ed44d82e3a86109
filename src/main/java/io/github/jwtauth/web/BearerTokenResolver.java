package io.github.jwtauth.web;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.token.TokenVerifier;
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
   *     several Authorization headers, TOKEN_ERROR for an oversized header (characters are checked
   *     by {@link TokenVerifier}, only for tokens not verified before)
   */
  public String resolve(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null) {
      return null;
    }
    if (header.length() > maxSize) {
      throw new JwtAuthException(ErrorCode.TOKEN_ERROR, "The token is too large.");
    }
    // one pass over the header, no intermediate copies: this runs on every request
    int end = header.length();
    int start = 0;
    while (start < end && header.charAt(start) <= ' ') {
      start++;
    }
    while (end > start && header.charAt(end - 1) <= ' ') {
      end--;
    }
    if (!header.regionMatches(true, start, SCHEME, 0, SCHEME.length())) {
      return null;
    }
    int t = start + SCHEME.length();
    if (t < end && header.charAt(t) != ' ') {
      return null; // e.g. "BearerX …": another scheme
    }
    while (t < end && header.charAt(t) == ' ') {
      t++;
    }
    if (t == end) {
      throw new JwtAuthException(ErrorCode.NO_TOKEN);
    }
    // RFC 9110 §5.3: Authorization is a singleton field; several are not one credential
    Enumeration<String> all = request.getHeaders("Authorization");
    if (all != null && all.hasMoreElements()) {
      all.nextElement();
      if (all.hasMoreElements()) {
        throw new JwtAuthException(ErrorCode.INVALID_REQUEST, "Send one Authorization header.");
      }
    }
    return header.substring(t, end);
  }
}
