package io.github.jwtauth.container;

import io.github.jwtauth.JwtAuthFilter;
import io.github.jwtauth.TokenServlet;
import io.github.jwtauth.config.Settings;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.Registration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;

/**
 * Declares, from {@link ContainerModeInitializer}, what the jar's {@code META-INF/web-fragment.xml}
 * declares, for a web application whose container ignored the fragment (a metadata-complete
 * web.xml): the filter {@code JwtAuthFilter} on {@code /*} (REQUEST, after the web.xml's own
 * filters, as the fragment without an ordering is) and the servlet {@code JwtAuthTokenServlet} on
 * {@code <jwt-auth.base-path>/*} (load-on-startup 1, the fragment's multipart-config).
 *
 * <p>Only for an application that configures jwt-auth (a {@code jwt-auth.*} context-param) and
 * declares neither class itself: declarations from the fragment or from web.xml, even of one of the
 * two, are left as they are, and nothing is declared twice.
 *
 * <p>Stateless and thread-safe.
 */
final class Declarations {
  static final String FILTER_NAME = "JwtAuthFilter";
  static final String SERVLET_NAME = "JwtAuthTokenServlet";
  static final String PREFIX = "jwt-auth.";

  private Declarations() {}

  /**
   * Declares the filter and the servlet where they are missing.
   *
   * @return what was declared, for the log, or null when nothing was
   * @throws ServletException when {@code jwt-auth.base-path} is invalid or a name is taken
   */
  static String addWhereMissing(ServletContext ctx) throws ServletException {
    try {
      if (!configured(ctx)
          || declared(ctx.getFilterRegistrations(), JwtAuthFilter.class)
          || declared(ctx.getServletRegistrations(), TokenServlet.class)) {
        return null;
      }
    } catch (UnsupportedOperationException e) {
      return null; // registrations not exposed: declaring could declare twice
    }
    String basePath;
    try {
      basePath = Settings.basePath(ctx.getInitParameter(Settings.PARAM_BASE_PATH), System::getenv);
    } catch (IllegalArgumentException e) {
      throw new ServletException("jwt-auth: invalid configuration: " + e.getMessage());
    }
    FilterRegistration.Dynamic filter = ctx.addFilter(FILTER_NAME, JwtAuthFilter.class);
    if (filter == null) {
      throw taken("a filter", FILTER_NAME);
    }
    filter.setAsyncSupported(true);
    filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    ServletRegistration.Dynamic servlet = ctx.addServlet(SERVLET_NAME, TokenServlet.class);
    if (servlet == null) {
      throw taken("a servlet", SERVLET_NAME);
    }
    servlet.setLoadOnStartup(1);
    servlet.setAsyncSupported(true);
    // the fragment's <multipart-config>: lets clients post multipart/form-data (curl -F)
    servlet.setMultipartConfig(new MultipartConfigElement(null, 65536, 1048576, 65536));
    servlet.addMapping(basePath + "/*");
    return FILTER_NAME + " on /* and " + SERVLET_NAME + " on " + basePath + "/*";
  }

  private static boolean configured(ServletContext ctx) {
    for (String name : Collections.list(ctx.getInitParameterNames())) {
      if (name.startsWith(PREFIX)) {
        return true;
      }
    }
    return false;
  }

  private static boolean declared(Map<String, ? extends Registration> all, Class<?> type) {
    for (Registration r : all.values()) {
      if (type.getName().equals(r.getClassName())) {
        return true;
      }
    }
    return false;
  }

  private static ServletException taken(String what, String name) {
    return new ServletException(
        "jwt-auth: " + what + " named " + name + " of another class is declared");
  }
}
