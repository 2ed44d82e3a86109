package io.github.jwtauth;

import io.github.jwtauth.config.Settings;
import io.github.jwtauth.container.ContainerModeInitializer;
import io.github.jwtauth.web.BearerRequest;
import io.github.jwtauth.web.Cors;
import io.github.jwtauth.web.WebContext;
import io.github.jwtauth.web.endpoint.MetadataEndpoint;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Authenticates requests carrying {@code Authorization: Bearer <token>} (RFC 6750 §2.1) and hands
 * the application a request whose {@code getUserPrincipal()}, {@code getRemoteUser()}, {@code
 * isUserInRole()} and {@code getAuthType()} answer for the token's user. Registered on {@code /*}
 * by the jar's web-fragment.
 *
 * <ul>
 *   <li>No {@code Authorization} header: the request goes on anonymous, unless its path matches
 *       {@code jwt-auth.token-required} (then 401 {@code rest_authentication_no_header}).
 *   <li>Another scheme (e.g. {@code Basic}): left to the container.
 *   <li>A CORS preflight ({@code OPTIONS} with {@code Origin} and {@code
 *       Access-Control-Request-Method}, which browsers send without credentials): never refused.
 *       When {@code jwt-auth.cors-allowed-origins} allows its origin and the URL is the
 *       application's, the filter answers it itself (204 with the {@code Access-Control-Allow-*}
 *       headers of {@link Cors}), so the answer does not depend on how the application treats
 *       {@code OPTIONS}; otherwise it goes on to the application, or to the token servlet, which
 *       answers for its routes. Any other {@code OPTIONS} request follows the rules of every
 *       method.
 *   <li>CORS on: every other response, the filter's own 401 included, gets the CORS headers of the
 *       request's origin before the application or the filter writes it.
 *   <li>A bad token: 401 with {@code WWW-Authenticate: Bearer … error="invalid_token"} (RFC 6750
 *       §3.1); the application is not called.
 *   <li>{@code GET} {@value MetadataEndpoint#AUTHORIZATION_SERVER} and {@value
 *       MetadataEndpoint#PROTECTED_RESOURCE}: answered by {@link MetadataEndpoint} (RFC 8414, RFC
 *       9728), whatever the request carries.
 *   <li>In container mode (see {@link ContainerModeInitializer}) the container has already
 *       authenticated the token: the request goes on as it is, the token is not verified again.
 * </ul>
 *
 * <p>Configured by {@code jwt-auth.*} parameters (see {@link Settings}), read once in {@link
 * #init(FilterConfig)}; a bad configuration stops the web application. Thread-safe.
 */
public final class JwtAuthFilter extends HttpFilter {
  /** Request attribute holding the verified token ({@code com.auth0.jwt.interfaces.DecodedJWT}). */
  public static final String CLAIMS_ATTRIBUTE = "io.github.jwtauth.claims";

  /** Request attribute holding the {@link Authentication}. */
  public static final String AUTHENTICATION_ATTRIBUTE = "io.github.jwtauth.authentication";

  private static final long serialVersionUID = 1L;

  /** Why a token-required URL refuses a request whose other credentials (e.g. BASIC) failed. */
  static final String OTHER_SCHEME_REFUSED =
      "The credentials sent were not accepted: sign in, or send a Bearer token.";

  private transient WebContext jwt;
  private transient Cors cors;

  /** The token servlet's mapping, whose routes answer their own preflights. */
  private transient String basePath;

  private transient String routePrefix;

  /** The RFC 8414 and RFC 9728 discovery documents. */
  private transient MetadataEndpoint metadata;

  @Override
  public void init() throws ServletException {
    jwt = WebContext.obtain(getServletContext());
    cors = jwt.cors();
    basePath = jwt.settings().basePath();
    routePrefix = basePath + "/";
    Settings s = jwt.settings();
    metadata =
        new MetadataEndpoint(
            s.issuer(), basePath, s.introspectionRole() != null, !s.algorithm().isHmac());
    ContainerModeInitializer.filterStarted(getServletContext(), jwt.settings().mode());
  }

  @Override
  public void destroy() {
    WebContext.close(getServletContext());
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (Cors.isPreflight(req)) {
      if (cors.enabled()
          && !isTokenServletRoute(req)
          && cors.addPreflightHeaders(req, res, Cors.APP_METHODS)) {
        res.setStatus(HttpServletResponse.SC_NO_CONTENT);
        return;
      }
      chain.doFilter(req, res);
      return;
    }
    cors.addResponseHeaders(req, res);
    if (metadata.handle(req, res)) {
      return; // public discovery documents: no credential is needed or looked at
    }
    if (authenticatedByContainer(req) || jwt.isTokenEndpoint(req)) {
      // container mode: the token was verified before the constraints; the token endpoint: a
      // Bearer header is no credential there (RFC 6749 §6: a refresh carries its refresh token)
      chain.doFilter(req, res);
      return;
    }
    Authentication auth;
    try {
      String token = jwt.resolver().resolve(req);
      if (token == null) {
        if (jwt.settings().tokenRequired().matches(WebContext.pathOf(req))
            && !containerAuthenticated(req, res)) {
          if (res.isCommitted()) {
            return; // the container has answered with its own challenge
          }
          throw req.getHeader("Authorization") == null
              ? new JwtAuthException(ErrorCode.NO_HEADER)
              : new JwtAuthException(ErrorCode.NO_HEADER, OTHER_SCHEME_REFUSED);
        }
        chain.doFilter(req, res);
        return;
      }
      auth = jwt.core().authenticator().authenticate(token);
    } catch (JwtAuthException e) {
      jwt.errors().writeBearerError(res, e);
      return;
    }
    req.setAttribute(CLAIMS_ATTRIBUTE, auth.token());
    req.setAttribute(AUTHENTICATION_ATTRIBUTE, auth);
    chain.doFilter(new BearerRequest(req, auth), res);
  }

  /**
   * Container mode: the Jakarta Authentication module has already authenticated the token. The
   * attribute is looked at first: on Jetty 12, {@code getAuthType()} may start a deferred login.
   */
  private static boolean authenticatedByContainer(HttpServletRequest req) {
    return req.getAttribute(AUTHENTICATION_ATTRIBUTE) instanceof Authentication
        && BearerRequest.AUTH_TYPE.equals(req.getAuthType())
        && req.getUserPrincipal() != null;
  }

  private boolean isTokenServletRoute(HttpServletRequest req) {
    String p = WebContext.pathOf(req);
    return p.startsWith(routePrefix) || p.equals(basePath);
  }

  /**
   * Whether the container has authenticated the request by its own means (e.g. BASIC, a FORM
   * session). Jetty 12's deferred login throws from {@code getUserPrincipal()} when it would have
   * to renew an existing session's id without a response; {@code authenticate(res)} then logs in
   * with the real response (and, when the credentials fail, sends the container's own challenge).
   */
  private static boolean containerAuthenticated(HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    try {
      return req.getUserPrincipal() != null;
    } catch (IllegalStateException e) {
      try {
        return req.authenticate(res) && req.getUserPrincipal() != null;
      } catch (ServletException | IllegalStateException again) {
        return false;
      }
    }
  }
}
