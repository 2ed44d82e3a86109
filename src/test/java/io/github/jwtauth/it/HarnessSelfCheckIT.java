package io.github.jwtauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.Deployment;
import io.github.jwtauth.testsupport.Expect;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.TestWebapp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checks the harness itself, without the library: the legacy servlets, container BASIC login on
 * unconstrained URLs, JNDI DataSources (H2 and PostgreSQL) and failed-deployment reporting. If this
 * fails, every other IT result is meaningless.
 */
class HarnessSelfCheckIT {

  @ParameterizedTest
  @EnumSource(Container.Kind.class)
  void whenWebappHasNoLibraryThenLegacyServletsAndContainerLoginWork(Container.Kind kind) {
    try (Databases.Db h2 = Databases.h2("harness");
        Databases.Db pg = Databases.postgres("harness");
        Container c = kind.start()) {
      Deployment d =
          c.deploy(TestWebapp.named("harness").withoutLibrary().jndiDataSource("jdbc/probe", h2))
              .requireStarted();
      Http.Res hello = Http.to(d.baseUri(), "/api/hello").get();
      assertEquals(200, hello.status(), hello::toString);
      assertEquals("hello", hello.body());
      Expect.me(Http.to(d.baseUri(), "/api/me").get(), null, null, false);
      Expect.me(
          Http.to(d.baseUri(), "/api/me").basic("admin", "password").get(), "admin", "BASIC", true);
      Expect.me(
          Http.to(d.baseUri(), "/api/me").basic("alice", "password").get(),
          "alice",
          "BASIC",
          false);
      Http.Res probe = Http.to(d.baseUri(), "/probe/jndi").get();
      assertEquals("ok 1", probe.body(), probe::toString);

      Deployment pgApp =
          c.deploy(TestWebapp.named("harness-pg").withoutLibrary().jndiDataSource("jdbc/probe", pg))
              .requireStarted();
      Http.Res pgProbe = Http.to(pgApp.baseUri(), "/probe/jndi").get();
      assertEquals("ok 1", pgProbe.body(), pgProbe::toString);

      Deployment broken =
          c.deploy(TestWebapp.named("harness-broken").withoutLibrary().failingFilter());
      assertTrue(broken.failed(), "a filter whose init throws must fail the deployment");
      assertTrue(broken.failure().contains("harness.failing-param"), broken::failure);
      assertFalse(Http.to(broken.baseUri(), "/api/hello").get().status() == 200);
      assertEquals(
          200, Http.to(d.baseUri(), "/api/hello").get().status(), "neighbour still serves");
    }
  }

  /** Tomcat's enableNaming() sets JVM-wide JNDI properties: they must not outlive the container. */
  @Test
  void whenTomcatHasRunThenJettyJndiStillWorks() {
    try (Databases.Db h2 = Databases.h2("harness-order")) {
      for (Container.Kind kind :
          new Container.Kind[] {Container.Kind.TOMCAT, Container.Kind.JETTY}) {
        try (Container c = kind.start()) {
          Deployment d =
              c.deploy(
                      TestWebapp.named("harness-order")
                          .withoutLibrary()
                          .jndiDataSource("jdbc/probe", h2))
                  .requireStarted();
          Http.Res probe = Http.to(d.baseUri(), "/probe/jndi").get();
          assertEquals("ok 1", probe.body(), () -> kind + ": " + probe);
        }
      }
    }
  }
}
