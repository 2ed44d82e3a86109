package io.github.jwtauth.container;

import io.github.jwtauth.JwtAuthFilter;
import io.github.jwtauth.config.Settings;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.Set;

/**
 * Decides, when the container starts a web application, whether jwt-auth runs in container mode
 * (the container authenticates Bearer requests through {@link JwtServerAuthModule}, before its
 * security-constraints) or in filter mode ({@link JwtAuthFilter} alone), and logs the decision in
 * one INFO line. Listed in {@code META-INF/services}; runs even for a metadata-complete web.xml,
 * whose container ignores the jar's web-fragment: for an application with {@code jwt-auth.*}
 * context-params that declares neither JwtAuthFilter nor TokenServlet, it first declares both as
 * the fragment does ({@link Declarations}), and logs that in one more INFO line.
 *
 * <p>{@code jwt-auth.mode} (context-param, or init-param of the filter): {@code filter} never
 * registers; {@code auto} (default) registers when JwtAuthFilter is declared, web.xml has a
 * security-constraint and a BASIC or FORM login-config or none, and the container takes the module;
 * {@code container} registers under the same conditions except the security-constraint, and stops
 * the web application when one fails. In {@code auto}, any failure falls back to filter mode: the
 * API classes are looked up with the application's class loader before anything links them, and
 * every error of the registration is caught.
 *
 * <p>Stateless and thread-safe.
 */
public final class ContainerModeInitializer implements ServletContainerInitializer {
  /** Context attribute: {@code container} or {@code filter}, once decided. */
  public static final String MODE_ATTRIBUTE = "io.github.jwtauth.mode";

  static final String CONTAINER = "container";
  static final String FILTER = "filter";
  static final String API_CLASS = "jakarta.security.auth.message.config.AuthConfigFactory";
  private static final System.Logger LOG = System.getLogger("io.github.jwtauth");

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext ctx) throws ServletException {
    String declared = Declarations.addWhereMissing(ctx);
    if (declared != null) {
      LOG.log(
          System.Logger.Level.INFO,
          "jwt-auth: declared "
              + declared
              + " (the container ignored the jar's web-fragment: metadata-complete web.xml)");
    }
    FilterRegistration filter = filter(ctx);
    if (filter == null) {
      decided(ctx, FILTER, "JwtAuthFilter is not declared: jwt-auth is not active");
      return;
    }
    String mode;
    try {
      String raw = filter.getInitParameter(Settings.PARAM_MODE);
      mode =
          Settings.mode(
              raw != null ? raw : ctx.getInitParameter(Settings.PARAM_MODE), System::getenv);
    } catch (IllegalArgumentException e) {
      throw new ServletException("jwt-auth: invalid configuration: " + e.getMessage());
    }
    String reason = FILTER.equals(mode) ? Settings.PARAM_MODE + "=filter" : tryRegister(ctx, mode);
    if (reason == null) {
      decided(ctx, CONTAINER, null);
    } else if (CONTAINER.equals(mode)) {
      throw failed(reason);
    } else {
      decided(ctx, FILTER, reason);
    }
  }

  /**
   * Called when the filter starts: a container that never ran this initializer (e.g. Jetty without
   * its annotations module) is in filter mode, which {@code jwt-auth.mode=container} refuses.
   */
  public static void filterStarted(ServletContext ctx, String mode) throws ServletException {
    if (ctx.getAttribute(MODE_ATTRIBUTE) != null) {
      return;
    }
    String reason = "the container did not run jwt-auth's ServletContainerInitializer";
    if (CONTAINER.equals(mode)) {
      throw failed(reason);
    }
    decided(ctx, FILTER, reason);
  }

  /** Why the module is not registered, or null once it is. */
  private static String tryRegister(ServletContext ctx, String mode) {
    LoginConfig config = LoginConfig.read(ctx);
    if (config.problem() != null) {
      return config.problem();
    }
    if (!config.supported()) {
      return "login-config " + config.authMethod() + " is not carried over by the module yet";
    }
    if (!CONTAINER.equals(mode) && !config.constrained()) {
      return "no security-constraint in web.xml or its web-fragments";
    }
    try {
      Class.forName(API_CLASS, false, ctx.getClassLoader());
    } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
      return "the container offers no Jakarta Authentication API";
    }
    try {
      return Registration.register(ctx, config);
    } catch (UnsupportedOperationException e) {
      return "the container does not take a module registered by the application";
    } catch (RuntimeException | LinkageError e) {
      return "the Jakarta Authentication module could not be registered: " + e;
    }
  }

  private static FilterRegistration filter(ServletContext ctx) {
    try {
      for (FilterRegistration r : ctx.getFilterRegistrations().values()) {
        if (JwtAuthFilter.class.getName().equals(r.getClassName())) {
          return r;
        }
      }
    } catch (UnsupportedOperationException e) {
      // registrations not exposed
    }
    return null;
  }

  private static void decided(ServletContext ctx, String mode, String reason) {
    ctx.setAttribute(MODE_ATTRIBUTE, mode);
    LOG.log(
        System.Logger.Level.INFO,
        CONTAINER.equals(mode)
            ? "jwt-auth: container mode (Jakarta Authentication module registered)"
            : "jwt-auth: filter mode (" + reason + ")");
  }

  private static ServletException failed(String reason) {
    String message = "jwt-auth: " + Settings.PARAM_MODE + " is container, but " + reason;
    LOG.log(System.Logger.Level.ERROR, message);
    return new ServletException(message);
  }
}
