package io.github.jwtauth.it.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.Deployment;
import io.github.jwtauth.testsupport.Expect;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.JettyContainer;
import io.github.jwtauth.testsupport.LogCapture;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Jetty 12 with its annotations module, which runs the ServletContainerInitializer of the jar in
 * {@code WEB-INF/lib} (the webapps are isolated: jwt-auth comes from that jar alone). Jetty offers
 * web applications no Jakarta Authentication API, so the initializer chooses filter mode and says
 * why; it still declares the filter and the servlet for a metadata-complete web.xml, so on Jetty
 * too such an app needs only the context-params.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JettyAnnotationsIT {
  static final String NO_API =
      "jwt-auth: filter mode (the container offers no Jakarta Authentication API)";

  Databases.Db db;
  Container jetty;

  @BeforeAll
  void start() {
    db = Databases.h2("JettyAnnotationsIT");
    jetty = new JettyContainer(true);
  }

  @AfterAll
  void stop() {
    try {
      if (jetty != null) {
        jetty.close();
      }
    } finally {
      if (db != null) {
        db.close();
      }
    }
  }

  record Started(Deployment deployment, List<String> lines) {}

  Started deploy(io.github.jwtauth.testsupport.TestWebapp app) {
    try (LogCapture log = LogCapture.start()) {
      Deployment d = jetty.deploy(app).requireStarted();
      return new Started(d, log.linesStartingWith("jwt-auth: "));
    }
  }

  @Test
  void whenTheWebFragmentIsReadThenTheInitializerChoosesFilterModeAndSaysWhy() {
    Started s = deploy(ContainerModeWebapp.constrained("fragment", db).isolated());
    assertEquals(
        List.of(NO_API),
        s.lines().stream().filter(l -> l.contains(" mode ") || l.contains("declared")).toList(),
        s.lines()::toString);
    assertTheFilterModeFlowWorks(new Api(s.deployment()), "fragment");
  }

  @Test
  void whenMetadataCompleteThenTheInitializerDeclaresTheFilterAndTheServlet() {
    Started s =
        deploy(ContainerModeWebapp.constrained("complete", db).isolated().metadataComplete());
    assertTrue(s.lines().contains(TomcatMetadataCompleteIT.DECLARED), s.lines()::toString);
    assertTrue(s.lines().contains(NO_API), s.lines()::toString);
    assertTheFilterModeFlowWorks(new Api(s.deployment()), "complete");
  }

  @Test
  void whenModeContainerThenTheWebappDoesNotStartAndSaysWhy() {
    Deployment d =
        jetty.deploy(
            ContainerModeWebapp.constrained("forced", db)
                .isolated()
                .param("jwt-auth.mode", "container"));
    assertTrue(d.failed(), d::toString);
    assertTrue(
        d.failure()
            .contains(
                "jwt-auth: jwt-auth.mode is container, but the container offers no Jakarta"
                    + " Authentication API"),
        d::failure);
  }

  /**
   * Filter mode on Jetty: tokens work on unconstrained URLs, the container's constraint still takes
   * BASIC and refuses Bearer with its own challenge (README "Container mode": per container).
   */
  static void assertTheFilterModeFlowWorks(Api api, String name) {
    Api.Tokens t = api.tokens(api.createKeyPair("admin", name));
    Http.Res hello = api.app("/api/hello").bearer(t.access()).get();
    assertEquals(200, hello.status(), hello::toString);
    Expect.invalidToken(
        api.app("/api/hello").bearer("garbage").get(), "rest_authentication_token_error");
    Http.Res admin = api.app("/api/admin/reports").bearer(t.access()).get();
    assertEquals(401, admin.status(), admin::toString);
    Expect.basicChallenge(admin);
    Http.Res basic = api.app("/api/admin/reports").basic("admin", "password").get();
    assertEquals(200, basic.status(), basic::toString);
    Expect.me(api.app("/api/me").basic("admin", "password").get(), "admin", "BASIC", true);
  }
}
