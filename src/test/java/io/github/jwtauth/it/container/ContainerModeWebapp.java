package io.github.jwtauth.it.container;

import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.Deployment;
import io.github.jwtauth.testsupport.HelloServlet;
import io.github.jwtauth.testsupport.LogCapture;
import io.github.jwtauth.testsupport.TestWebapp;
import java.util.List;

/**
 * The legacy webapp of the container-mode tests: web.xml protects {@code /api/admin/*} (role
 * administrator, served by {@link HelloServlet}) and {@code /api/me} (roles administrator and user)
 * with security-constraints, BASIC login-config (realm {@value TestWebapp#REALM}), jwt-auth.jar in
 * WEB-INF/lib. {@code /api/hello} stays unconstrained.
 */
final class ContainerModeWebapp {
  static final String SECRET = "container-mode-test-secret-0123456789-abcdefghij";
  static final String CONTAINER_MODE =
      "jwt-auth: container mode (Jakarta Authentication module registered)";
  static final String CONSTRAINTS =
      """
      <servlet><servlet-name>admin</servlet-name>
        <servlet-class>io.github.jwtauth.testsupport.HelloServlet</servlet-class></servlet>
      <servlet-mapping><servlet-name>admin</servlet-name><url-pattern>/api/admin/*</url-pattern></servlet-mapping>
      <security-constraint>
        <web-resource-collection><web-resource-name>admin</web-resource-name><url-pattern>/api/admin/*</url-pattern></web-resource-collection>
        <auth-constraint><role-name>administrator</role-name></auth-constraint>
      </security-constraint>
      <security-constraint>
        <web-resource-collection><web-resource-name>me</web-resource-name><url-pattern>/api/me</url-pattern></web-resource-collection>
        <auth-constraint><role-name>administrator</role-name><role-name>user</role-name></auth-constraint>
      </security-constraint>
      """;

  /** FORM login-config: login page {@code /login}, error page {@code /login-error}. */
  static final String FORM_LOGIN_CONFIG =
      "<login-config><auth-method>FORM</auth-method><form-login-config>"
          + "<form-login-page>/login</form-login-page>"
          + "<form-error-page>/login-error</form-error-page></form-login-config></login-config>";

  /** The form pages and {@code /api/programmatic/*} (login, logout, authenticate by the API). */
  static final String FORM_PAGES =
      """
      <servlet><servlet-name>login</servlet-name>
        <servlet-class>io.github.jwtauth.testsupport.FormPageServlet</servlet-class>
        <init-param><param-name>page</param-name><param-value>login-page</param-value></init-param></servlet>
      <servlet-mapping><servlet-name>login</servlet-name><url-pattern>/login</url-pattern></servlet-mapping>
      <servlet><servlet-name>login-error</servlet-name>
        <servlet-class>io.github.jwtauth.testsupport.FormPageServlet</servlet-class>
        <init-param><param-name>page</param-name><param-value>error-page</param-value></init-param></servlet>
      <servlet-mapping><servlet-name>login-error</servlet-name><url-pattern>/login-error</url-pattern></servlet-mapping>
      """;

  static final String PROGRAMMATIC =
      """
      <servlet><servlet-name>programmatic</servlet-name>
        <servlet-class>io.github.jwtauth.testsupport.ProgrammaticLoginServlet</servlet-class></servlet>
      <servlet-mapping><servlet-name>programmatic</servlet-name><url-pattern>/api/programmatic/*</url-pattern></servlet-mapping>
      """;

  private ContainerModeWebapp() {}

  /**
   * The constrained legacy webapp with a FORM login-config instead of BASIC, its two pages and
   * {@code /api/programmatic/*}.
   */
  static TestWebapp form(String name, Databases.Db db) {
    return constrained(name, db)
        .loginConfig(FORM_LOGIN_CONFIG)
        .webXml(FORM_PAGES)
        .webXml(PROGRAMMATIC);
  }

  /** The constrained legacy webapp on db. */
  static TestWebapp constrained(String name, Databases.Db db) {
    return plain(name, db).webXml(CONSTRAINTS);
  }

  /** The same without security-constraints. */
  static TestWebapp plain(String name, Databases.Db db) {
    return TestWebapp.named(name)
        .param("jwt-auth.secret", SECRET)
        .param("jwt-auth.schema-create", "true")
        .params(db.jdbcParams())
        .lenientAttemptLimits();
  }

  /** A deployment and the mode lines jwt-auth logged while it started. */
  record Logged(Deployment deployment, List<String> modeLines) {}

  static Logged deploy(Container c, TestWebapp app) {
    try (LogCapture log = LogCapture.start()) {
      Deployment d = c.deploy(app);
      List<String> lines =
          log.lines().stream()
              .filter(
                  l ->
                      l.startsWith("jwt-auth: container mode")
                          || l.startsWith("jwt-auth: filter mode"))
              .toList();
      return new Logged(d, lines);
    }
  }
}
