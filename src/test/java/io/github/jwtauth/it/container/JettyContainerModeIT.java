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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The container-mode webapp on Jetty 12, which takes no module registered by the application: the
 * filter stays the way in, the start says so, and {@code jwt-auth.mode=container} refuses to start.
 * (The embedded Jetty of the tests has no annotations module, so it does not run the initializer;
 * the filter then records filter mode.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JettyContainerModeIT {
  Databases.Db db;
  Container jetty;

  @BeforeAll
  void start() {
    db = Databases.h2("JettyContainerModeIT");
    jetty = new JettyContainer();
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

  @Test
  void whenAutoThenFilterModeIsLoggedAndTheUnconstrainedFlowsWork() {
    ContainerModeWebapp.Logged d =
        ContainerModeWebapp.deploy(jetty, ContainerModeWebapp.constrained("auto", db));
    d.deployment().requireStarted();
    assertEquals(
        List.of(
            "jwt-auth: filter mode (the container did not run jwt-auth's"
                + " ServletContainerInitializer)"),
        d.modeLines());
    Api api = new Api(d.deployment());
    Api.Tokens t = api.tokens(api.createKeyPair("admin", "jetty"));
    Http.Res hello = api.app("/api/hello").bearer(t.access()).get();
    assertEquals(200, hello.status(), hello::toString);
    Expect.invalidToken(
        api.app("/api/hello").bearer("garbage").get(), "rest_authentication_token_error");
    // filter mode: the container checks the constraint before any filter, and knows no Bearer
    Http.Res admin = api.app("/api/admin/reports").bearer(t.access()).get();
    assertEquals(401, admin.status(), admin::toString);
    Expect.basicChallenge(admin);
    Expect.me(api.app("/api/me").basic("admin", "password").get(), "admin", "BASIC", true);
  }

  @Test
  void whenModeContainerThenTheWebappDoesNotStartAndSaysWhy() {
    Deployment d =
        jetty.deploy(
            ContainerModeWebapp.constrained("forced", db).param("jwt-auth.mode", "container"));
    assertTrue(d.failed(), d::toString);
    assertTrue(
        d.failure()
            .contains(
                "jwt-auth: jwt-auth.mode is container, but the container did not run jwt-auth's"
                    + " ServletContainerInitializer"),
        d::failure);
  }
}
