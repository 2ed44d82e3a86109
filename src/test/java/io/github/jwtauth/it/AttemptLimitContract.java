package io.github.jwtauth.it;

import static io.github.jwtauth.testsupport.Expect.endpointError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Api.KeyPair;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.Deployment;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.Json;
import io.github.jwtauth.testsupport.TestWebapp;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Brute force on {@code /token} (SEED-API.md, attacks): past the failure limit the answer is 429
 * {@code rest_authentication_too_many_attempts} with {@code Retry-After}, and hammering one
 * key-pair does not lock its owner's other key-pairs. Uses the library's limit parameters ({@code
 * jwt-auth.max-failures-per-key}, {@code jwt-auth.max-failures-per-address}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AttemptLimitContract {
  static final String SECRET = "attempt-limit-test-secret-0123456789-abcdefghij";
  static final String TOO_MANY = "rest_authentication_too_many_attempts";

  Container container;
  Databases.Db db;
  Api perKey;

  abstract Container.Kind containerKind();

  @BeforeAll
  void start() {
    db = Databases.h2(getClass().getSimpleName());
    container = containerKind().start();
    Deployment k =
        container
            .deploy(
                TestWebapp.named("per-key")
                    .param("jwt-auth.secret", SECRET)
                    .param("jwt-auth.schema-create", "true")
                    .params(db.jdbcParams())
                    .param("jwt-auth.max-failures-per-key", "3")
                    .param("jwt-auth.max-failures-per-address", "1000"))
            .requireStarted();
    perKey = new Api(k);
  }

  /** A fresh deployment (own limiter) allowing 3 failures per address. */
  Api perAddress() {
    return new Api(
        container
            .deploy(
                TestWebapp.named("per-address")
                    .param("jwt-auth.secret", SECRET)
                    .param("jwt-auth.schema-create", "true")
                    .params(db.jdbcParams())
                    .param("jwt-auth.max-failures-per-key", "1000")
                    .param("jwt-auth.max-failures-per-address", "3"))
            .requireStarted());
  }

  @AfterAll
  void stop() {
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

  /**
   * The next failure after the limit must be throttled. The limiter counts in whole seconds and the
   * first wait is one second, so if a second boundary falls between the last failure and this
   * attempt, one more attempt may be judged (403) — then the wait doubles and the next must be 429.
   */
  static Http.Res nextIsThrottled(java.util.function.Supplier<Http.Res> attempt) {
    Http.Res r = attempt.get();
    if (r.status() == 403) {
      endpointError(r, 403, "rest_authentication_invalid_api_key_secret");
      r = attempt.get();
    }
    assertThrottled(r);
    return r;
  }

  static void assertThrottled(Http.Res r) {
    endpointError(r, 429, TOO_MANY);
    String retryAfter = r.header("Retry-After");
    assertNotNull(retryAfter, () -> "429 needs Retry-After: " + r);
    assertTrue(retryAfter.matches("[1-9][0-9]*"), () -> "Retry-After in seconds: " + r);
  }

  @Test
  void whenOneKeyPairIsHammeredThen429ForItButOwnersOtherKeyPairStillWorks() {
    KeyPair target = perKey.createKeyPair("admin", "target");
    KeyPair other = perKey.createKeyPair("admin", "other");
    for (int i = 0; i < 3; i++) {
      endpointError(
          perKey.token(target.apiKey(), "wrong-" + i),
          403,
          "rest_authentication_invalid_api_key_secret");
    }
    nextIsThrottled(() -> perKey.token(target.apiKey(), "wrong-again"));
    assertEquals(
        200,
        perKey.token(other.apiKey(), other.apiSecret()).status(),
        "no lockout of other key-pairs");
  }

  @Test
  void whenUnknownKeysAreHammeredThenTheyAreThrottledLikeKnownOnes() {
    String unknown = "unknown-" + UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      endpointError(
          perKey.token(unknown, "wrong-" + i), 403, "rest_authentication_invalid_api_key_secret");
    }
    nextIsThrottled(() -> perKey.token(unknown, "wrong-again"));
  }

  @Test
  void whenOneAddressSendsManyFailuresThenItIsThrottled() {
    Api perAddress = perAddress();
    for (int i = 0; i < 3; i++) {
      endpointError(
          perAddress.token("unknown-" + UUID.randomUUID(), "wrong"),
          403,
          "rest_authentication_invalid_api_key_secret");
    }
    nextIsThrottled(() -> perAddress.token("unknown-" + UUID.randomUUID(), "wrong"));
  }

  @Test
  void whenThrottledClientSendsLargeBodiesThenEachGetsACleanAnswer() {
    Api perAddress = perAddress();
    for (int i = 0; i < 4; i++) {
      perAddress.token("unknown-" + UUID.randomUUID(), "wrong");
    }
    String big = "x".repeat(10_000);
    for (int i = 0; i < 5; i++) {
      for (String type : new String[] {"json", "form", "multipart"}) {
        Http.Req req = perAddress.api("/token").retryIfConnectionLost();
        Http.Res r =
            switch (type) {
              case "json" ->
                  req.json(
                          Json.obj(
                              "client_id",
                              big,
                              "client_secret",
                              big,
                              "grant_type",
                              "client_credentials"))
                      .post();
              case "form" -> req.form("api_key", big, "api_secret", big).post();
              default -> req.multipart("api_key", big, "api_secret", big).post();
            };
        assertTrue(r.status() == 429 || r.status() == 400, r::toString);
        endpointError(
            r, r.status(), r.status() == 429 ? TOO_MANY : "rest_authentication_invalid_request");
      }
    }
  }
}
