package io.github.jwtauth.web;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * Cross-site request forgery defence for the state-changing key-pair routes ({@code POST} and
 * {@code DELETE /key-pair…}), whose caller is authenticated by the container (BASIC, FORM, a
 * session cookie): ambient authority that a browser attaches to requests another site makes it
 * send.
 *
 * <p>A request <em>looks like it comes from a browser</em> when it carries an {@code Origin} or a
 * {@code Sec-Fetch-Site} header (browsers send {@code Origin} on every {@code POST}/{@code DELETE},
 * RFC 6454 §7 and Fetch §3.1, and {@code Sec-Fetch-Site} on every request, Fetch Metadata §2.4).
 * Such a request must pass all three checks, otherwise it is refused with {@link
 * ErrorCode#COOKIE_INVALID_NONCE} (403 {@code rest_cookie_invalid_nonce}, the WordPress REST code
 * for the same check):
 *
 * <ol>
 *   <li>{@code Origin}, when present, equals the request's own origin {@code scheme://host[:port]}
 *       computed from the request (default ports omitted, RFC 6454 §6.1);
 *   <li>{@code Sec-Fetch-Site}, when present, is {@code same-origin} or {@code none};
 *   <li>header {@value #HEADER} equals the per-session token (256 bits from {@link SecureRandom},
 *       kept in the {@link HttpSession} under {@value #SESSION_ATTRIBUTE}, created when the profile
 *       page is served and embedded in it), compared in constant time.
 * </ol>
 *
 * <p>Requests with neither header (curl, scripts, server-to-server calls) are not browser requests
 * a third-party page can forge, and keep working unchanged, e.g. {@code curl -u admin:password -X
 * POST -F name=laptop …/key-pair}. Behind a reverse proxy the container must see the public scheme,
 * host and port (e.g. Tomcat's RemoteIpValve, Jetty's ForwardedRequestCustomizer), or browser
 * requests will fail the origin check.
 *
 * <p>Thread-safe. Not API.
 *
 * @see <a
 *     href="https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html">OWASP
 *     CSRF Prevention Cheat Sheet</a>
 */
public final class Csrf {
  /** The request header carrying the token. */
  public static final String HEADER = "X-CSRF-Token";

  /** The session attribute holding the token. */
  public static final String SESSION_ATTRIBUTE = "io.github.jwtauth.csrf-token";

  private static final int TOKEN_BYTES = 32;

  private final SecureRandom random;

  public Csrf(SecureRandom random) {
    if (random == null) {
      throw new IllegalArgumentException("random is null");
    }
    this.random = random;
  }

  /**
   * The token of the request's session, creating the session and the token when missing. Call
   * before the response is committed.
   */
  public String token(HttpServletRequest req) {
    HttpSession session = req.getSession(true);
    synchronized (session) {
      if (session.getAttribute(SESSION_ATTRIBUTE) instanceof String existing) {
        return existing;
      }
      byte[] b = new byte[TOKEN_BYTES];
      random.nextBytes(b);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
      session.setAttribute(SESSION_ATTRIBUTE, token);
      return token;
    }
  }

  /**
   * Refuses a state-changing browser request that another site could have made; passes requests
   * without {@code Origin} and {@code Sec-Fetch-Site}.
   *
   * @throws JwtAuthException {@link ErrorCode#COOKIE_INVALID_NONCE} when a check fails
   */
  public void check(HttpServletRequest req) {
    String origin = req.getHeader("Origin");
    String site = req.getHeader("Sec-Fetch-Site");
    if (origin == null && site == null) {
      return; // not a browser: no ambient credentials a third party could ride on
    }
    if (origin != null && !origin.equalsIgnoreCase(ownOrigin(req))) {
      throw new JwtAuthException(ErrorCode.COOKIE_INVALID_NONCE);
    }
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      throw new JwtAuthException(ErrorCode.COOKIE_INVALID_NONCE);
    }
    if (!tokenMatches(req)) {
      throw new JwtAuthException(ErrorCode.COOKIE_INVALID_NONCE);
    }
  }

  private static boolean tokenMatches(HttpServletRequest req) {
    String sent = req.getHeader(HEADER);
    HttpSession session = req.getSession(false);
    if (sent == null || session == null) {
      return false;
    }
    Object expected;
    try {
      expected = session.getAttribute(SESSION_ATTRIBUTE);
    } catch (IllegalStateException e) {
      return false; // invalidated meanwhile
    }
    return expected instanceof String s
        && MessageDigest.isEqual(
            s.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The request's origin as a browser serialises it (RFC 6454 §6.1): lower case, no default port.
   */
  static String ownOrigin(HttpServletRequest req) {
    String scheme = req.getScheme().toLowerCase(Locale.ROOT);
    String host = req.getServerName().toLowerCase(Locale.ROOT);
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]"; // IPv6 literal, RFC 3986 §3.2.2
    }
    int port = req.getServerPort();
    boolean defaultPort =
        port <= 0
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    return scheme + "://" + host + (defaultPort ? "" : ":" + port);
  }
}
