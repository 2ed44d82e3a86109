package io.github.jwtauth;

import io.github.jwtauth.config.Settings;
import io.github.jwtauth.core.JwtAuthCore;
import io.github.jwtauth.web.ContainerLogin;
import io.github.jwtauth.web.Csrf;
import io.github.jwtauth.web.WebContext;
import io.github.jwtauth.web.endpoint.IntrospectionEndpoint;
import io.github.jwtauth.web.endpoint.JwksEndpoint;
import io.github.jwtauth.web.endpoint.KeyPairEndpoint;
import io.github.jwtauth.web.endpoint.OptionsEndpoint;
import io.github.jwtauth.web.endpoint.ProfileEndpoint;
import io.github.jwtauth.web.endpoint.RevocationEndpoint;
import io.github.jwtauth.web.endpoint.TokenEndpoint;
import io.github.jwtauth.web.endpoint.ValidateEndpoint;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;

/**
 * Routes the jwt-auth REST API under the base path ({@code /jwt-auth/v1} by default): {@code POST
 * /token}, {@code GET|POST /token/validate}, {@code GET|POST|DELETE /key-pair[/…]} (ours and the
 * WordPress plugin's, told apart by {@code KeyPairRoute}), {@code GET /keys}, {@code GET /profile},
 * {@code POST /revoke} (RFC 7009), {@code POST /introspect} (RFC 7662), and {@code OPTIONS} on
 * each. Each route is a small handler; this class only routes and turns errors into answers.
 *
 * <p>Configured by {@code jwt-auth.*} parameters (see {@link Settings}). Thread-safe.
 */
public final class TokenServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final System.Logger LOG = System.getLogger("io.github.jwtauth");

  private transient WebContext jwt;
  private transient TokenEndpoint token;
  private transient ValidateEndpoint validate;
  private transient KeyPairEndpoint keyPairs;
  private transient JwksEndpoint jwks;
  private transient ProfileEndpoint profile;
  private transient OptionsEndpoint options;
  private transient RevocationEndpoint revoke;
  private transient IntrospectionEndpoint introspect;

  @Override
  public void init() throws ServletException {
    jwt = WebContext.obtain(getServletContext()); // also checks the mapping against base-path
    JwtAuthCore core = jwt.core();
    Settings s = core.settings();
    token = new TokenEndpoint(core.tokens(), jwt.clientAddress(), s.maxBodySize());
    validate =
        new ValidateEndpoint(jwt.resolver(), core.authenticator(), jwt.errors(), core.clock());
    ContainerLogin login =
        new ContainerLogin(core.users(), core.audit(), jwt.clientAddress(), s.adminRole());
    Csrf csrf = new Csrf(new SecureRandom());
    keyPairs =
        new KeyPairEndpoint(
            core.keyPairService(),
            core.users(),
            login,
            csrf,
            core.audit(),
            jwt.clientAddress(),
            s.roleCandidates(),
            s.maxBodySize(),
            core.clock());
    jwks = new JwksEndpoint(core.keys(), s.jwksMaxAge());
    profile = new ProfileEndpoint(s.basePath(), login, csrf, keyPairs::heldRoles);
    revoke =
        new RevocationEndpoint(
            core.tokens(), core.revocation(), jwt.clientAddress(), s.maxBodySize());
    introspect =
        new IntrospectionEndpoint(
            core.tokens(),
            core.authenticator(),
            jwt.clientAddress(),
            s.introspectionRole(),
            s.maxBodySize());
    options = new OptionsEndpoint(s.basePath(), jwt.cors(), introspect.enabled());
  }

  @Override
  public void destroy() {
    WebContext.close(getServletContext());
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String route = req.getPathInfo() == null ? "" : req.getPathInfo();
    String method = req.getMethod();
    try {
      if (method.equals("OPTIONS")) {
        options.handle(req, res, route); // a CORS preflight too
        return;
      }
      jwt.cors().addResponseHeaders(req, res); // unless the filter has
      if (route.equals("/token") && method.equals("POST")) {
        token.handle(req, res);
      } else if (route.equals("/token/validate")
          && (method.equals("GET") || method.equals("POST"))) {
        validate.handle(req, res);
      } else if (route.equals("/revoke") && method.equals("POST")) {
        revoke.handle(req, res);
      } else if (route.equals("/introspect") && method.equals("POST")) {
        introspect.handle(req, res);
      } else if (route.equals("/keys") && method.equals("GET")) {
        jwks.handle(res);
      } else if (route.equals("/profile") && method.equals("GET")) {
        profile.handle(req, res);
      } else if (route.equals("/key-pair") || route.startsWith("/key-pair/")) {
        keyPairs.handle(req, res, route.substring("/key-pair".length()));
      } else {
        throw new JwtAuthException(ErrorCode.NO_ROUTE);
      }
    } catch (JwtAuthException e) {
      if (!res.isCommitted()) {
        res.resetBuffer(); // keep headers such as a Set-Cookie for a changed session id
        jwt.errors().write(res, e);
      }
    } catch (RuntimeException e) {
      // A bug, not bad input. Log where, never the message (it could echo request data).
      LOG.log(
          System.Logger.Level.ERROR,
          "jwt-auth: unexpected {0} at {1}",
          e.getClass().getName(),
          e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
      if (!res.isCommitted()) {
        res.resetBuffer();
        jwt.errors().write(res, new JwtAuthException(ErrorCode.UNAVAILABLE));
      }
    }
  }
}
