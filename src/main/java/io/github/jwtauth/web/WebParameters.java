package io.github.jwtauth.web;

import io.github.jwtauth.JwtAuthFilter;
import io.github.jwtauth.TokenServlet;
import io.github.jwtauth.config.Settings;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one web application's {@code jwt-auth.*} parameters: its context-params, then the
 * init-params of the registered {@link JwtAuthFilter} and {@link TokenServlet}; and checks that the
 * token servlet is mapped where {@code jwt-auth.base-path} says.
 *
 * <p>Stateless and thread-safe.
 */
final class WebParameters {
  private WebParameters() {}

  /**
   * Every {@code jwt-auth.*} parameter, unresolved. One name given two different values is an
   * error.
   *
   * @throws IllegalArgumentException naming the parameter
   */
  static Map<String, String> read(ServletContext ctx) {
    Map<String, String> out = new LinkedHashMap<>();
    Enumeration<String> names = ctx.getInitParameterNames();
    while (names.hasMoreElements()) {
      String n = names.nextElement();
      if (n.startsWith(Settings.PREFIX)) {
        out.put(n, ctx.getInitParameter(n));
      }
    }
    Map<String, String> fromComponents = new LinkedHashMap<>();
    try {
      for (FilterRegistration r : ctx.getFilterRegistrations().values()) {
        if (JwtAuthFilter.class.getName().equals(r.getClassName())) {
          merge(fromComponents, r.getInitParameters(), "filter " + r.getName());
        }
      }
      for (ServletRegistration r : ctx.getServletRegistrations().values()) {
        if (TokenServlet.class.getName().equals(r.getClassName())) {
          merge(fromComponents, r.getInitParameters(), "servlet " + r.getName());
        }
      }
    } catch (UnsupportedOperationException e) {
      // a container that does not expose registrations: context-params only
    }
    out.putAll(fromComponents);
    return out;
  }

  private static void merge(Map<String, String> into, Map<String, String> params, String where) {
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (!e.getKey().startsWith(Settings.PREFIX)) {
        continue;
      }
      String before = into.putIfAbsent(e.getKey(), e.getValue());
      if (before != null && !before.equals(e.getValue())) {
        throw new IllegalArgumentException(
            "Parameter "
                + e.getKey()
                + " has different values on the filter and the servlet ("
                + where
                + ")");
      }
    }
  }

  /**
   * The token servlet must be mapped where {@code jwt-auth.base-path} says. Checked when the
   * context is built, which the filter's start does too, so a mismatch fails the web application on
   * every container (Tomcat keeps a webapp running when only a servlet fails to start).
   *
   * @throws IllegalArgumentException naming the parameter
   */
  static void checkMapping(ServletContext ctx, Settings s) {
    String expected = s.basePath() + "/*";
    try {
      for (ServletRegistration r : ctx.getServletRegistrations().values()) {
        if (TokenServlet.class.getName().equals(r.getClassName())
            && !r.getMappings().isEmpty()
            && !r.getMappings().contains(expected)) {
          throw new IllegalArgumentException(
              "Parameter "
                  + Settings.PARAM_BASE_PATH
                  + " is "
                  + s.basePath()
                  + " but servlet "
                  + r.getName()
                  + " is mapped to "
                  + r.getMappings()
                  + "; map it to "
                  + expected);
        }
      }
    } catch (UnsupportedOperationException e) {
      // registrations not exposed: nothing to compare
    }
  }
}
