package io.github.jwtauth.it.attack;

import static io.github.jwtauth.testsupport.Expect.endpointError;
import static io.github.jwtauth.testsupport.Expect.invalidToken;
import static io.github.jwtauth.testsupport.Forgery.withUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Api.KeyPair;
import io.github.jwtauth.testsupport.Api.Tokens;
import io.github.jwtauth.testsupport.AttackFixture;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.Deployment;
import io.github.jwtauth.testsupport.Expect;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.Jwts;
import io.github.jwtauth.testsupport.TestWebapp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Token type confusion and stolen refresh tokens (README, "Security model"), over HTTP against
 * Jetty 12 and Tomcat 11: a refresh token used as access token and vice versa, a forged hybrid of
 * both, a spent refresh token presented again (the chain is revoked, RFC 9700 §4.14.2), and eight
 * concurrent refreshes with one token on PostgreSQL, of which exactly one wins.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Container.Kind.class)
class TokenTypeAndReuseAttackIT extends AttackFixture {
  // ================================================================== token types and refresh

  @Test
  void whenRefreshTokenIsUsedAsAccessTokenThen401InvalidTokenType() {
    KeyPair kp = hs.newKeyPair("admin", "types");
    Tokens t = hs.api.tokens(kp);
    invalidToken(hs.api.me(t.refresh()), INVALID_TYPE);
    invalidToken(hs.api.api("/token/validate").bearer(t.refresh()).get(), INVALID_TYPE);
    // nothing was spent: the refresh token still rotates
    assertEquals(200, hs.api.refresh(t.refresh()).status());
  }

  @Test
  void whenAccessTokenIsUsedAsRefreshTokenThen403InvalidTokenType() {
    KeyPair kp = hs.newKeyPair("admin", "types-2");
    Tokens t = hs.api.tokens(kp);
    endpointError(hs.api.refresh(t.access()), 403, INVALID_TYPE);
    endpointError(
        hs.api
            .api("/token")
            .form("grant_type", "refresh_token", "refresh_token", t.access())
            .post(),
        403,
        INVALID_TYPE);
    // a forged hybrid: the refresh claim under the access typ (and vice versa) fits neither
    String hybrid =
        hs.sign(hs.header(), withUser(hs.claims(b -> b), u -> u.add("token_type", "refresh")));
    endpointError(hs.api.refresh(hybrid), 403, INVALID_TYPE);
    invalidToken(hs.api.me(hybrid), INVALID_TYPE);
    Expect.me(hs.api.me(t.access()), "admin", "Bearer", true);
    assertEquals(200, hs.api.refresh(t.refresh()).status());
  }

  @Test
  void whenSpentRefreshTokenIsReusedThen403ReusedAndTheChainsLiveSuccessorIsRefusedToo() {
    KeyPair kp = hs.newKeyPair("admin", "reuse");
    Tokens first = hs.api.tokens(kp);
    Http.Res rotated = hs.api.refresh(first.refresh());
    assertEquals(200, rotated.status(), rotated::toString);
    String successor = rotated.json().getString("refresh_token");
    endpointError(hs.api.refresh(first.refresh()), 403, REUSED);
    endpointError(hs.api.refresh(successor), 403, REUSED);
    endpointError(hs.api.refresh(first.refresh()), 403, REUSED);
    // the key-pair itself still works: a new chain starts
    assertEquals(200, hs.api.refresh(hs.api.tokens(kp).refresh()).status());
  }

  /**
   * Eight refreshes with one token released together, several rounds, against PostgreSQL: exactly
   * one wins; the others are refused as reuse, which revokes the chain, the winner's new refresh
   * token included; and the database holds exactly one successor.
   */
  @Test
  void whenEightConcurrentRefreshesUseOneTokenThenExactlyOneWins() throws Exception {
    try (Databases.Db pg = Databases.postgres("attack-race-" + kind)) {
      Deployment d =
          container
              .deploy(
                  TestWebapp.named("attack-race")
                      .param("jwt-auth.secret", SECRET)
                      .param("jwt-auth.schema-create", "true")
                      .lenientAttemptLimits()
                      .params(pg.jdbcParams()))
              .requireStarted();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        Api api = new Api(d);
        KeyPair kp = api.createKeyPair("bob", "racer");
        for (int round = 1; round <= 4; round++) {
          Tokens t = api.tokens(kp);
          CountDownLatch ready = new CountDownLatch(8);
          CountDownLatch go = new CountDownLatch(1);
          List<Future<Http.Res>> answers = new ArrayList<>();
          for (int i = 0; i < 8; i++) {
            answers.add(
                pool.submit(
                    () -> {
                      ready.countDown();
                      go.await();
                      return api.refresh(t.refresh());
                    }));
          }
          assertTrue(ready.await(10, TimeUnit.SECONDS));
          go.countDown();
          List<Http.Res> won = new ArrayList<>();
          for (Future<Http.Res> f : answers) {
            Http.Res r = f.get(30, TimeUnit.SECONDS);
            if (r.status() == 200) {
              won.add(r);
            } else {
              endpointError(r, 403, REUSED);
            }
          }
          int roundNo = round;
          assertEquals(1, won.size(), () -> "round " + roundNo + ": winners " + won);
          String family = Jwts.payload(t.refresh()).getString("jti");
          assertEquals(
              2,
              pg.queryLong(
                  "SELECT COUNT(*) FROM jwt_auth_refresh_token WHERE family = '" + family + "'"),
              "the spent token and exactly one successor");
          endpointError(api.refresh(won.get(0).json().getString("refresh_token")), 403, REUSED);
        }
      } finally {
        pool.shutdownNow();
        container.undeploy(d);
      }
    }
  }
}
