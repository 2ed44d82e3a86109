package io.github.jwtauth.web;

import io.github.jwtauth.config.Settings;
import io.github.jwtauth.core.JwtAuthCore;
import io.github.jwtauth.core.KeyLoader;
import io.github.jwtauth.keys.KeySet;
import io.github.jwtauth.store.DataSources;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * What the servlet adapters of one web application share, built once from its parameters and kept
 * in its {@link ServletContext} (never in static state): the servlet-free {@link JwtAuthCore}, and
 * the pieces that speak HTTP (the Bearer header resolver, the error writer, the client address,
 * CORS). Built by whichever of the filter and the token servlet starts first; a bad configuration
 * stops the web application with a message naming the parameter.
 *
 * <p>Thread-safe once built.
 */
public final class WebContext {
  static final String ATTRIBUTE = WebContext.class.getName();
  private static final System.Logger LOG = System.getLogger("io.github.jwtauth");

  private final JwtAuthCore core;
  private final ErrorWriter errors;
  private final BearerTokenResolver resolver;
  private final ClientAddress clientAddress;
  private final String tokenEndpoint;
  private final Cors cors;

  private WebContext(JwtAuthCore core) {
    Settings s = core.settings();
    this.core = core;
    this.errors = new ErrorWriter(s.realm());
    this.resolver = new BearerTokenResolver(s.maxTokenSize());
    this.clientAddress = ClientAddress.of(s.trustedProxies());
    this.tokenEndpoint = s.basePath() + "/token";
    this.cors = Cors.of(s.corsAllowedOrigins());
  }

  public JwtAuthCore core() {
    return core;
  }

  public Settings settings() {
    return core.settings();
  }

  public ErrorWriter errors() {
    return errors;
  }

  public BearerTokenResolver resolver() {
    return resolver;
  }

  public ClientAddress clientAddress() {
    return clientAddress;
  }

  public Cors cors() {
    return cors;
  }

  /** The container-normalised path within the application (Servlet 6.0 §3.5). */
  public static String pathOf(HttpServletRequest req) {
    String servletPath = req.getServletPath();
    String info = req.getPathInfo();
    String p = info == null ? servletPath : servletPath + info;
    return p.isEmpty() ? "/" : p;
  }

  /**
   * Whether the request is for the token endpoint ({@code <base-path>/token}), which authenticates
   * its callers by key-pair or refresh token (RFC 6749 §2.3, §6). A Bearer header there is not a
   * credential of the request: a client that sends its expired access token along with its refresh
   * call must get new tokens, not a 401 for the stale header.
   */
  public boolean isTokenEndpoint(HttpServletRequest req) {
    return pathOf(req).equals(tokenEndpoint);
  }

  /** The context of this web application, built on first call from its configuration. */
  public static WebContext obtain(ServletContext ctx) throws ServletException {
    synchronized (ctx) {
      if (ctx.getAttribute(ATTRIBUTE) instanceof WebContext c) {
        return c;
      }
      Settings settings;
      KeySet keys;
      DataSource ds;
      try {
        settings = Settings.parse(WebParameters.read(ctx), System::getenv);
        WebParameters.checkMapping(ctx, settings);
        keys = KeyLoader.load(settings);
        ds = DataSources.of(settings);
      } catch (IllegalArgumentException e) {
        LOG.log(System.Logger.Level.ERROR, "jwt-auth: invalid configuration: {0}", e.getMessage());
        throw new ServletException("jwt-auth: invalid configuration: " + e.getMessage());
      }
      Object clock = ctx.getAttribute(Clock.class.getName());
      WebContext c =
          new WebContext(
              new JwtAuthCore(
                  settings, keys, ds, clock instanceof Clock k ? k : Clock.systemUTC()));
      LOG.log(System.Logger.Level.INFO, "jwt-auth: started with {0}", settings.describe());
      ctx.setAttribute(ATTRIBUTE, c);
      return c;
    }
  }

  /** Stops background work; called when the web application stops. */
  public static void close(ServletContext ctx) {
    synchronized (ctx) {
      if (ctx.getAttribute(ATTRIBUTE) instanceof WebContext c) {
        c.core.close();
        ctx.removeAttribute(ATTRIBUTE);
      }
    }
  }
}
