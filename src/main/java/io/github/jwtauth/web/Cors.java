package io.github.jwtauth.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-origin resource sharing (Fetch standard §3.2) for the origins of {@code
 * jwt-auth.cors-allowed-origins}: which origins a browser lets read jwt-auth's answers and the
 * answers of the URLs the filter serves, and the headers that say so. Off (every method does
 * nothing) when no origin is configured.
 *
 * <ul>
 *   <li>A real response to an allowed origin gets {@code Access-Control-Allow-Origin} (the origin
 *       itself, or {@code *}) and {@code Access-Control-Expose-Headers: WWW-Authenticate}, so the
 *       page can read a 401's challenge; every response gets {@code Vary: Origin} while CORS is on
 *       (Fetch standard, "CORS protocol and HTTP caches": the answer depends on {@code Origin}).
 *   <li>A preflight from an allowed origin also gets the methods allowed, the request headers it
 *       asks for among {@code authorization} and {@code content-type}, and {@code
 *       Access-Control-Max-Age}.
 *   <li>{@code Access-Control-Allow-Credentials} is never sent: a Bearer token is an ordinary
 *       request header, and a browser's cookies and BASIC credentials stay on their own origin.
 *   <li>A disallowed origin gets no {@code Access-Control-*} header, and the browser refuses.
 * </ul>
 *
 * <p>Header values are computed here once; per request only the {@code Origin} is looked up.
 * Immutable and thread-safe.
 *
 * @see <a href="https://fetch.spec.whatwg.org/#http-cors-protocol">Fetch: the CORS protocol</a>
 */
public final class Cors {
  /**
   * Methods a preflight to an application URL may ask for: those of a REST API; the application
   * still answers 405 to one it does not serve.
   */
  public static final String APP_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE";

  /** How long a browser may cache a preflight's answer (Chromium caps it at two hours). */
  static final String MAX_AGE = "1800";

  static final String EXPOSED = "WWW-Authenticate";

  /** The request attribute that marks a response whose CORS headers are set. */
  static final String APPLIED = Cors.class.getName() + ".applied";

  private static final String AUTHORIZATION = "authorization";
  private static final String CONTENT_TYPE = "content-type";
  private static final String BOTH = AUTHORIZATION + ", " + CONTENT_TYPE;
  private static final Cors OFF = new Cors(Set.of(), false);

  private final Set<String> origins;
  private final boolean anyOrigin;
  private final boolean enabled;

  private Cors(Set<String> origins, boolean anyOrigin) {
    this.origins = origins;
    this.anyOrigin = anyOrigin;
    this.enabled = anyOrigin || !origins.isEmpty();
  }

  /**
   * @param allowed as {@code Settings.corsAllowedOrigins()} gives them: exact origins as browsers
   *     serialise them, or {@code *} alone; empty: CORS off
   */
  public static Cors of(List<String> allowed) {
    if (allowed.isEmpty()) {
      return OFF;
    }
    return allowed.contains("*") ? new Cors(Set.of(), true) : new Cors(Set.copyOf(allowed), false);
  }

  /** Whether any origin is allowed at all. */
  public boolean enabled() {
    return enabled;
  }

  /** Fetch §3.2.2: a preflight is an {@code OPTIONS} request with these two headers. */
  public static boolean isPreflight(HttpServletRequest req) {
    return "OPTIONS".equals(req.getMethod())
        && req.getHeader("Origin") != null
        && req.getHeader("Access-Control-Request-Method") != null;
  }

  /**
   * The headers of a real (not preflight) response, set before the answer is written; a second call
   * for the same request does nothing.
   */
  public void addResponseHeaders(HttpServletRequest req, HttpServletResponse res) {
    if (!enabled || req.getAttribute(APPLIED) != null) {
      return;
    }
    req.setAttribute(APPLIED, Boolean.TRUE);
    res.addHeader("Vary", "Origin");
    String allowOrigin = allowOrigin(req.getHeader("Origin"));
    if (allowOrigin != null) {
      res.setHeader("Access-Control-Allow-Origin", allowOrigin);
      res.setHeader("Access-Control-Expose-Headers", EXPOSED);
    }
  }

  /**
   * The headers answering a preflight.
   *
   * @param methods the methods the URL allows, as {@code Access-Control-Allow-Methods} lists them
   * @return whether the origin is allowed (headers written); false: nothing written
   */
  public boolean addPreflightHeaders(
      HttpServletRequest req, HttpServletResponse res, String methods) {
    if (!enabled) {
      return false;
    }
    res.addHeader("Vary", "Origin");
    String allowOrigin = allowOrigin(req.getHeader("Origin"));
    if (allowOrigin == null) {
      return false;
    }
    res.setHeader("Access-Control-Allow-Origin", allowOrigin);
    res.setHeader("Access-Control-Allow-Methods", methods);
    String headers = allowHeaders(req.getHeader("Access-Control-Request-Headers"));
    if (headers != null) {
      res.setHeader("Access-Control-Allow-Headers", headers);
    }
    res.setHeader("Access-Control-Max-Age", MAX_AGE);
    return true;
  }

  /** The {@code Access-Control-Allow-Origin} value for this origin, or null when not allowed. */
  String allowOrigin(String origin) {
    if (origin == null) {
      return null;
    }
    if (anyOrigin) {
      return "*";
    }
    return origins.contains(origin) ? origin : null;
  }

  /**
   * Of the headers a preflight asks for (Fetch standard, "CORS-preflight fetch": a comma-separated
   * list, names in lower case), those allowed: {@code authorization} and {@code content-type}; null
   * for neither.
   */
  static String allowHeaders(String requested) {
    if (requested == null || requested.isBlank()) {
      return null;
    }
    boolean authorization = false;
    boolean contentType = false;
    for (String h : requested.split(",")) {
      String name = h.trim().toLowerCase(Locale.ROOT);
      authorization |= name.equals(AUTHORIZATION);
      contentType |= name.equals(CONTENT_TYPE);
    }
    if (authorization) {
      return contentType ? BOTH : AUTHORIZATION;
    }
    return contentType ? CONTENT_TYPE : null;
  }
}
