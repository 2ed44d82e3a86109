package io.github.jwtauth.it.container;

import static io.github.jwtauth.it.container.ContainerModeWebapp.CONTAINER_MODE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.Deployment;
import io.github.jwtauth.testsupport.Expect;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.LogCapture;
import io.github.jwtauth.testsupport.TestWebapp;
import io.github.jwtauth.testsupport.TomcatContainer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A metadata-complete web.xml on Tomcat 11 with only jwt-auth's context-params (besides the app's
 * own constraints and BASIC login-config): Tomcat ignores the jar's web-fragment but still runs its
 * ServletContainerInitializer, which declares the filter and the servlet as the fragment does, so
 * the token flow and container mode work without README's XML block.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TomcatMetadataCompleteIT {
  static final String DECLARED =
      "jwt-auth: declared JwtAuthFilter on /* and JwtAuthTokenServlet on /jwt-auth/v1/*"
          + " (the container ignored the jar's web-fragment: metadata-complete web.xml)";

  /** README's block for containers that do not run the jar's initializer. */
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
  Container tomcat;
  Deployment deployment;
  List<String> startLines;
  Api api;

  @BeforeAll
  void start() {
    db = Databases.h2("TomcatMetadataCompleteIT");
    tomcat = new TomcatContainer();
    try (LogCapture log = LogCapture.start()) {
      deployment =
          tomcat
              .deploy(ContainerModeWebapp.constrained("complete", db).metadataComplete())
              .requireStarted();
      startLines = log.linesStartingWith("jwt-auth: ");
    }
    api = new Api(deployment);
  }

  @AfterAll
  void stop() {
    try {
      if (tomcat != null) {
        tomcat.close();
      }
    } finally {
      if (db != null) {
        db.close();
      }
    }
  }

  @Test
  void whenStartedThenTheDeclarationsAndContainerModeAreLogged() {
    assertTrue(startLines.contains(DECLARED), startLines::toString);
    assertTrue(startLines.contains(CONTAINER_MODE), startLines::toString);
    assertEquals(1, startLines.stream().filter(l -> l.startsWith("jwt-auth: declared")).count());
  }

  @Test
  void whenKeyPairOverBasicThenTokenThenBearerPassesTheConstraint() {
    Api.KeyPair kp = api.createKeyPair("admin", "metadata-complete"); // multipart, like curl -F
    Api.Tokens t = api.tokens(kp);
    Expect.me(api.me(t.access()), "admin", "Bearer", true);
    Http.Res admin = api.app("/api/admin/reports").bearer(t.access()).get();
    assertEquals(200, admin.status(), admin::toString);
    Api.Tokens alice = api.tokens(api.createKeyPair("alice", "metadata-complete"));
    Http.Res refused = api.app("/api/admin/reports").bearer(alice.access()).get();
    assertEquals(403, refused.status(), refused::toString);
    Expect.invalidToken(
        api.app("/api/me").bearer("garbage").get(), "rest_authentication_token_error");
  }

  @Test
  void whenBasePathSetThenTheServletIsDeclaredThere() {
    try (LogCapture log = LogCapture.start()) {
      Deployment d =
          tomcat
              .deploy(
                  ContainerModeWebapp.constrained("moved", db)
                      .metadataComplete()
                      .param("jwt-auth.base-path", "/auth"))
              .requireStarted();
      assertTrue(
          log.lines().stream().anyMatch(l -> l.contains("JwtAuthTokenServlet on /auth/*")),
          log.lines()::toString);
      Http.Res created =
          new Api(d).app("/auth/key-pair").basic("admin", "password").form("name", "x").post();
      assertEquals(201, created.status(), created::toString);
    }
  }

  @Test
  void whenDeclaredByHandThenNothingIsDeclaredTwice() {
    try (LogCapture log = LogCapture.start()) {
      Deployment d =
          tomcat
              .deploy(
                  ContainerModeWebapp.constrained("by-hand", db).metadataComplete().webXml(BY_HAND))
              .requireStarted();
      assertFalse(
          log.lines().stream().anyMatch(l -> l.startsWith("jwt-auth: declared")),
          log.lines()::toString);
      assertTrue(log.lines().contains(CONTAINER_MODE), log.lines()::toString);
      Api byHand = new Api(d);
      Expect.me(
          byHand.me(byHand.tokens(byHand.createKeyPair("admin", "by hand")).access()),
          "admin",
          "Bearer",
          true);
    }
  }

  @Test
  void whenNoJwtAuthParamsThenTheAppIsLeftAlone() {
    try (LogCapture log = LogCapture.start()) {
      Deployment d =
          tomcat.deploy(TestWebapp.named("stranger").metadataComplete()).requireStarted();
      assertFalse(
          log.lines().stream().anyMatch(l -> l.startsWith("jwt-auth: declared")),
          log.lines()::toString);
      Http.Res r = new Api(d).api("/token").form("api_key", "k", "api_secret", "s").post();
      assertEquals(404, r.status(), r::toString);
      Expect.me(new Api(d).app("/api/me").bearer("whatever").get(), null, null, false);
    }
  }
}
