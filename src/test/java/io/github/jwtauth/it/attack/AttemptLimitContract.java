package io.github.jwtauth.it.attack;

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
 * Brute force on {@code /token} (README, "Security model": guessing key-pair secrets): past the
 * failure limit the answer is 429 {@code rest_authentication_too_many_attempts} with {@code
 * Retry-After}, and hammering one key-pair does not lock its owner's other key-pairs. Uses the
 * library's limit parameters ({@code jwt-auth.max-failures-per-key}, {@code
 * jwt-auth.max-failures-per-address}).
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

  /** A fresh deployment behind a trusted proxy (127.0.0.1), with the given extra parameters. */
  Api behindProxy(String name, String... params) {
    TestWebapp w =
        TestWebapp.named(name)
            .param("jwt-auth.secret", SECRET)
            .param("jwt-auth.schema-create", "true")
            .params(db.jdbcParams())
            .param("jwt-auth.trusted-proxies", "127.0.0.1,::1")
            .param("jwt-auth.max-failures-per-key", "3")
            .param("jwt-auth.max-failures-per-address", "1000");
    for (int i = 0; i < params.length; i += 2) {
      w.param(params[i], params[i + 1]);
    }
    return new Api(container.deploy(w).requireStarted());
  }

  static Http.Res tokenFrom(Api api, String address, String apiKey, String apiSecret) {
    return api.api("/token")
        .header("X-Forwarded-For", address)
        .multipart("api_key", apiKey, "api_secret", apiSecret)
        .post();
  }

  /**
   * The {@code api_key} is no secret (it is in every token): wrong secrets sent from many addresses
   * must not lock its owner out, and every attacking address soon waits.
   */
  @Test
  void whenAttackersAtManyAddressesFailThenTheOwnerStillGetsTokensAndTheAttackersWait() {
    Api api = behindProxy("many-addresses");
    KeyPair target = api.createKeyPair("admin", "target");
    int judged = 0;
    for (int a = 1; a <= 12; a++) {
      for (int i = 0; i < 3; i++) {
        Http.Res r = tokenFrom(api, "198.51.100." + a, target.apiKey(), "wrong-" + i);
        if (r.status() == 403) {
          endpointError(r, 403, "rest_authentication_invalid_api_key_secret");
          judged++;
        } else {
          assertThrottled(r);
        }
      }
    }
    int guesses = judged;
    // three guesses, then one per new address (or fewer, when a wait has not ended yet)
    assertTrue(guesses <= 3 + 11, () -> "guesses judged: " + guesses);
    // the owner, from an address that has not failed, and from the proxy's own connection
    assertEquals(200, tokenFrom(api, "192.0.2.10", target.apiKey(), target.apiSecret()).status());
    assertEquals(200, api.token(target.apiKey(), target.apiSecret()).status());
    // an attacking address stays refused even with the right secret
    assertThrottled(tokenFrom(api, "198.51.100.5", target.apiKey(), target.apiSecret()));
  }

  /** Tokens bought per key-pair per minute are bounded: 429 in the seed's shape. */
  @Test
  void whenAKeyPairBuysMoreTokensPerMinuteThanAllowedThen429TooManyRequests() {
    Api api = behindProxy("token-budget", "jwt-auth.max-token-requests-per-minute", "2");
    KeyPair kp = api.createKeyPair("admin", "budget");
    KeyPair other = api.createKeyPair("admin", "other");
    Api.Tokens first = api.tokens(kp);
    assertEquals(200, api.refresh(first.refresh()).status());
    Http.Res r = api.token(kp.apiKey(), kp.apiSecret());
    endpointError(r, 429, "rest_authentication_too_many_requests");
    String retryAfter = r.header("Retry-After");
    assertNotNull(retryAfter, r::toString);
    assertTrue(retryAfter.matches("[1-9][0-9]?"), () -> "Retry-After in seconds: " + r);
    assertEquals(200, api.token(other.apiKey(), other.apiSecret()).status(), "own budget");
  }

  /** Active key-pairs per user are bounded: 429 in the seed's shape, until one is revoked. */
  @Test
  void whenAUserHasTheMostKeyPairsThenCreatingAnotherIs429UntilOneIsRevoked() {
    Api api = behindProxy("key-pair-cap", "jwt-auth.max-key-pairs-per-user", "2");
    KeyPair first = api.createKeyPair("alice", "one");
    api.createKeyPair("alice", "two");
    Http.Res r =
        api.api("/key-pair")
            .basic("alice", io.github.jwtauth.testsupport.Container.PASSWORD)
            .multipart("name", "three")
            .post();
    endpointError(r, 429, "rest_authentication_too_many_key_pairs");
    assertEquals(2, api.list("alice", null).size());
    api.createKeyPair("bob", "bob's own");
    Http.Res revoked =
        api.api("/key-pair/" + first.apiKey())
            .basic("alice", io.github.jwtauth.testsupport.Container.PASSWORD)
            .delete();
    assertEquals(200, revoked.status(), revoked::toString);
    api.createKeyPair("alice", "three");
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
