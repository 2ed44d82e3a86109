package io.github.jwtauth.it.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.Deployment;
import io.github.jwtauth.testsupport.Expect;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.TestWebapp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What README's "Installing in your app" promises about web.xml: a metadata-complete web.xml can
 * declare the filter and servlet by hand, and on Tomcat needs not (the jar's initializer does); a
 * web.xml can override the fragment's init-params and mapping by name; the filter and the servlet
 * may not disagree on a parameter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebXmlIT {
  static final String SECRET = "web-xml-test-secret-0123456789-abcdefghijklmnop";
  static final String BY_HAND =
      """
      <filter><filter-name>JwtAuthFilter</filter-name>
        <filter-class>io.github.jwtauth.JwtAuthFilter</filter-class></filter>
      <filter-mapping><filter-name>JwtAuthFilter</filter-name><url-pattern>/*</url-pattern></filter-mapping>
      <servlet><servlet-name>JwtAuthTokenServlet</servlet-name>
        <servlet-class>io.github.jwtauth.TokenServlet</servlet-class>
        <load-on-startup>1</load-on-startup>
        <multipart-config><max-file-size>65536</max-file-size><max-request-size>1048576</max-request-size></multipart-config>
      </servlet>
      <servlet-mapping><servlet-name>JwtAuthTokenServlet</servlet-name><url-pattern>/jwt-auth/v1/*</url-pattern></servlet-mapping>
      """;

  Databases.Db db;

  @BeforeAll
  void start() {
    db = Databases.h2("WebXmlIT");
  }

  @AfterAll
  void stop() {
    db.close();
  }

  TestWebapp webapp(String name) {
    return TestWebapp.named(name)
        .param("jwt-auth.secret", SECRET)
        .param("jwt-auth.schema-create", "true")
        .params(db.jdbcParams());
  }

  @ParameterizedTest
  @EnumSource(Container.Kind.class)
  void whenMetadataCompleteAndDeclaredByHandThenTheWholeFlowWorks(Container.Kind kind)
      throws Exception {
    try (Container c = kind.start()) {
      Deployment d =
          c.deploy(webapp("by-hand").metadataComplete().webXml(BY_HAND)).requireStarted();
      Api api = new Api(d);
      Api.KeyPair kp = api.createKeyPair("admin", "declared by hand"); // multipart, like curl -F
      Api.Tokens t = api.tokens(kp);
      Expect.me(api.me(t.access()), "admin", "Bearer", true);
    }
  }

  /**
   * Tomcat runs the jar's ServletContainerInitializer for a metadata-complete web.xml, which then
   * declares what the ignored fragment would: jwt-auth is active. The embedded Jetty of these tests
   * runs no initializers (no annotations configuration): jwt-auth stays inactive there, as on a
   * Jetty without its annotations module.
   */
  @ParameterizedTest
  @EnumSource(Container.Kind.class)
  void whenMetadataCompleteWithoutDeclarationsThenActiveOnlyWhereTheInitializerRuns(
      Container.Kind kind) throws Exception {
    try (Container c = kind.start()) {
      Deployment d = c.deploy(webapp("ignored").metadataComplete()).requireStarted();
      Api api = new Api(d);
      if (kind == Container.Kind.TOMCAT) {
        Api.Tokens t = api.tokens(api.createKeyPair("admin", "declared by the initializer"));
        Expect.me(api.me(t.access()), "admin", "Bearer", true);
        return;
      }
      Http.Res r = api.api("/token").form("api_key", "k", "api_secret", "s").post();
      // the container's default servlet answers: Jetty 405 (Tomcat 404 before the initializer)
      assertTrue(r.status() == 404 || r.status() == 405, r.toString());
      assertFalse(r.body().contains("rest_authentication"), r.toString());
      // no filter: a Bearer header is just ignored, as the app always did
      Expect.me(api.app("/api/me").bearer("whatever").get(), null, null, false);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.Kind.class)
  void whenWebXmlOverridesInitParamsAndMappingByNameThenTheyApply(Container.Kind kind)
      throws Exception {
    try (Container c = kind.start()) {
      Deployment d =
          c.deploy(
                  webapp("overridden")
                      .param("jwt-auth.base-path", "/auth")
                      .webXml(
                          """
                          <servlet><servlet-name>JwtAuthTokenServlet</servlet-name>
                            <init-param><param-name>jwt-auth.access-token-ttl</param-name><param-value>120</param-value></init-param>
                          </servlet>
                          <servlet-mapping><servlet-name>JwtAuthTokenServlet</servlet-name><url-pattern>/auth/*</url-pattern></servlet-mapping>
                          """))
              .requireStarted();
      Api api = new Api(d);
      Http.Res created =
          api.app("/auth/key-pair").basic("admin", "password").form("name", "moved").post();
      assertEquals(201, created.status(), created.toString());
      Http.Res token =
          api.app("/auth/token")
              .form(
                  "api_key",
                  created.json().getString("api_key"),
                  "api_secret",
                  created.json().getString("api_secret"))
              .post();
      assertEquals(200, token.status(), token.toString());
      assertEquals(120, token.json().getInt("expires_in"));
      Http.Res old = api.api("/token").form("api_key", "k").post();
      assertTrue(old.status() == 404 || old.status() == 405, old.toString());
      Expect.me(api.me(token.json().getString("access_token")), "admin", "Bearer", true);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.Kind.class)
  void whenBasePathDoesNotMatchTheMappingThenTheWebappDoesNotStart(Container.Kind kind)
      throws Exception {
    try (Container c = kind.start()) {
      Deployment d = c.deploy(webapp("mismatch").param("jwt-auth.base-path", "/elsewhere"));
      assertTrue(d.failed(), d.toString());
    }
  }

  @ParameterizedTest
  @EnumSource(Container.Kind.class)
  void whenFilterAndServletDisagreeOnAParameterThenTheWebappDoesNotStart(Container.Kind kind)
      throws Exception {
    try (Container c = kind.start()) {
      Deployment d =
          c.deploy(
              webapp("disagree")
                  .webXml(
                      """
                      <filter><filter-name>JwtAuthFilter</filter-name>
                        <init-param><param-name>jwt-auth.leeway</param-name><param-value>10</param-value></init-param>
                      </filter>
                      <servlet><servlet-name>JwtAuthTokenServlet</servlet-name>
                        <init-param><param-name>jwt-auth.leeway</param-name><param-value>20</param-value></init-param>
                      </servlet>
                      """));
      assertTrue(d.failed(), d.toString());
      assertTrue(
          String.valueOf(d.failure()).contains("jwt-auth.leeway"), String.valueOf(d.failure()));
    }
  }
}
