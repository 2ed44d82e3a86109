package io.github.jwtauth.it.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Api.Tokens;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.Deployment;
import io.github.jwtauth.testsupport.Expect;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.Jwts;
import io.github.jwtauth.testsupport.TestWebapp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Configuration is validated at start-up: unknown {@code jwt-auth.*} names, weak or missing secrets
 * and bad values stop the webapp (the failure names the parameter), while a good webapp deployed
 * next to it keeps working. Also checks that accepted values are really applied.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StartupContract {
  static final String SECRET = "startup-test-secret-0123456789-abcdefghijklmnopq"; // 48 bytes
  static final String SYS_SECRET_PROPERTY = "jwtauth.it.secret";

  /** Random-looking characters, cut to a length: "too short" must fail for its length alone. */
  static final String RANDOMISH =
      "q8Vt3Lm9Zx2Rk7Pw4Nc6Hy1Bd5Gs0Jf8Ue3Ta7Wo2Xi9Ql4Mr6Kv1Yz5Cn0Ep3Sb8Dh";

  Container container;
  Databases.Db db;
  Deployment good;
  Api goodApi;
  Api.KeyPair goodKeys;

  abstract Container.Kind containerKind();

  TestWebapp webapp(String name) {
    return TestWebapp.named(name)
        .param("jwt-auth.secret", SECRET)
        .param("jwt-auth.schema-create", "true")
        .params(db.jdbcParams());
  }

  @BeforeAll
  void start() {
    db = Databases.h2(getClass().getSimpleName());
    container = containerKind().start();
    good = container.deploy(webapp("good")).requireStarted();
    goodApi = new Api(good);
    goodKeys = goodApi.createKeyPair("admin", "good neighbour");
  }

  @AfterAll
  void stop() {
    System.clearProperty(SYS_SECRET_PROPERTY);
    try {
      if (container != null) {
        container.close();
      }
    } finally {
      if (db != null) {
        db.close();
      }
    }
  }

  @AfterEach
  void goodNeighbourStillWorks() {
    Tokens t = goodApi.tokens(goodKeys);
    Expect.me(goodApi.me(t.access()), "admin", "Bearer", true);
  }

  /** label, parameter named in the failure, webapp. */
  Stream<Arguments> badConfigurations() {
    return Stream.of(
        bad(
            "unknown parameter",
            "jwt-auth.secrett",
            webapp("unknown").param("jwt-auth.secrett", SECRET)),
        bad(
            "unknown parameter with valid value",
            "jwt-auth.token-requried",
            webapp("unknown2").param("jwt-auth.token-requried", "/api/*")),
        bad("no secret", "jwt-auth.secret", webapp("no-secret").removeParam("jwt-auth.secret")),
        bad("empty secret", "jwt-auth.secret", webapp("empty-secret").param("jwt-auth.secret", "")),
        bad(
            "HS256 secret of 31 bytes",
            "jwt-auth.secret",
            webapp("short-secret").param("jwt-auth.secret", RANDOMISH.substring(0, 31))),
        bad(
            "HS384 secret of 47 bytes",
            "jwt-auth.secret",
            webapp("short-384")
                .param("jwt-auth.algorithm", "HS384")
                .param("jwt-auth.secret", RANDOMISH.substring(0, 47))),
        bad(
            "HS256 secret of one repeated character",
            "jwt-auth.secret",
            webapp("weak-secret").param("jwt-auth.secret", "s".repeat(64))),
        bad(
            "HS512 secret of 48 bytes",
            "jwt-auth.secret",
            webapp("short-512")
                .param("jwt-auth.algorithm", "HS512")
                .param("jwt-auth.secret", SECRET)),
        bad(
            "algorithm HS999",
            "jwt-auth.algorithm",
            webapp("bad-alg").param("jwt-auth.algorithm", "HS999")),
        bad(
            "algorithm none",
            "jwt-auth.algorithm",
            webapp("none-alg").param("jwt-auth.algorithm", "none")),
        bad(
            "access ttl abc",
            "jwt-auth.access-token-ttl",
            webapp("ttl-abc").param("jwt-auth.access-token-ttl", "abc")),
        bad(
            "access ttl negative",
            "jwt-auth.access-token-ttl",
            webapp("ttl-neg").param("jwt-auth.access-token-ttl", "-5")),
        bad(
            "access ttl zero",
            "jwt-auth.access-token-ttl",
            webapp("ttl-zero").param("jwt-auth.access-token-ttl", "0")),
        bad(
            "refresh ttl 1x",
            "jwt-auth.refresh-token-ttl",
            webapp("rttl").param("jwt-auth.refresh-token-ttl", "1x")),
        bad("leeway soon", "jwt-auth.leeway", webapp("leeway").param("jwt-auth.leeway", "soon")),
        bad(
            "bcrypt cost 4",
            "jwt-auth.bcrypt-cost",
            webapp("cost").param("jwt-auth.bcrypt-cost", "4")),
        bad(
            "max body size big",
            "jwt-auth.max-body-size",
            webapp("body").param("jwt-auth.max-body-size", "big")),
        bad(
            "status cache ttl -1",
            "jwt-auth.status-cache-ttl",
            webapp("cache").param("jwt-auth.status-cache-ttl", "-1")),
        bad(
            "secret cache ttl soon",
            "jwt-auth.secret-cache-ttl",
            webapp("secret-cache").param("jwt-auth.secret-cache-ttl", "soon")),
        bad(
            "secret from unset env",
            "jwt-auth.secret",
            webapp("env").param("jwt-auth.secret", "${env:JWT_AUTH_IT_SURELY_UNSET_VARIABLE}")),
        bad(
            "secret from missing file",
            "jwt-auth.secret",
            webapp("file").param("jwt-auth.secret", "file:/nonexistent/jwt-auth/secret.txt")));
  }

  static Arguments bad(String label, String parameter, TestWebapp app) {
    return Arguments.of(label, parameter, app);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConfigurations")
  void whenConfigurationIsBadThenWebappDoesNotStartAndFailureNamesTheParameter(
      String label, String parameter, TestWebapp app) {
    Deployment d = container.deploy(app);
    try {
      assertTrue(d.failed(), () -> label + ": the webapp must not start: " + d);
      assertTrue(
          d.failure().contains(parameter),
          () -> label + ": failure must name " + parameter + ":\n" + d.failure());
      Http.Res r = Http.to(d.api(), "/token").form("api_key", "a", "api_secret", "b").post();
      assertNotEquals(403, r.status(), () -> "a failed webapp must not answer: " + r);
      assertFalse(r.body().contains("rest_authentication"), r::toString);
    } finally {
      container.undeploy(d);
    }
  }

  @Test
  void whenSecretIsASystemPropertyReferenceThenTokensAreSignedWithIt() {
    String secret = "secret-from-system-property-0123456789-abcdef";
    System.setProperty(SYS_SECRET_PROPERTY, secret);
    Deployment d =
        container
            .deploy(
                webapp("sys-secret").param("jwt-auth.secret", "${sys:" + SYS_SECRET_PROPERTY + "}"))
            .requireStarted();
    try {
      Api a = new Api(d);
      Tokens t = a.tokens(a.createKeyPair("admin", "sys"));
      assertTrue(Jwts.verifies(t.access(), secret), "signed with the referenced secret");
    } finally {
      container.undeploy(d);
    }
  }

  @Test
  void whenSecretIsAFileReferenceThenTokensAreSignedWithIt() throws IOException {
    String secret = "secret-from-a-file-0123456789-abcdefghijklmnop";
    Path file = TestWebapp.targetDir().resolve("it-secret-" + System.nanoTime() + ".txt");
    Files.writeString(file, secret);
    Deployment d =
        container
            .deploy(webapp("file-secret").param("jwt-auth.secret", "file:" + file.toAbsolutePath()))
            .requireStarted();
    try {
      Api a = new Api(d);
      Tokens t = a.tokens(a.createKeyPair("admin", "file"));
      assertTrue(Jwts.verifies(t.access(), secret), "signed with the secret read from the file");
    } finally {
      container.undeploy(d);
    }
  }

  @Test
  void whenAlgorithmAndTtlAndIssuerAreConfiguredThenTokensCarryThem() {
    Deployment d =
        container
            .deploy(
                webapp("tuned")
                    .param("jwt-auth.algorithm", "HS384")
                    .param("jwt-auth.access-token-ttl", "15m")
                    .param("jwt-auth.refresh-token-ttl", "1h")
                    .param("jwt-auth.issuer", "https://issuer.example"))
            .requireStarted();
    try {
      Api a = new Api(d);
      Tokens t = a.tokens(a.createKeyPair("admin", "tuned"));
      assertEquals(900, t.body().getInt("expires_in"));
      assertEquals("HS384", Jwts.header(t.access()).getString("alg"));
      assertTrue(Jwts.verifies(t.access(), SECRET));
      assertEquals("https://issuer.example", Jwts.payload(t.access()).getString("iss"));
      long rtLife =
          Jwts.payload(t.refresh()).getJsonNumber("exp").longValue()
              - Jwts.payload(t.refresh()).getJsonNumber("iat").longValue();
      assertEquals(3600, rtLife);
      Expect.me(a.me(t.access()), "admin", "Bearer", true);
      // the neighbour (HS256, issuer jwt-auth, same secret) must refuse this token
      Http.Res r = goodApi.me(t.access());
      Expect.errorOneOf(
          r,
          new int[] {401},
          "rest_authentication_token_error",
          "rest_authentication_invalid_token_issuer");
    } finally {
      container.undeploy(d);
    }
  }
}
