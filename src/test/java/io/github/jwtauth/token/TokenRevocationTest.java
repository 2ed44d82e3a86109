package io.github.jwtauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.audit.Audit;
import io.github.jwtauth.cache.ExpiringCache;
import io.github.jwtauth.credential.KeyPairService;
import io.github.jwtauth.store.UserDirectory;
import io.github.jwtauth.testsupport.Databases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 7009 revocation on a real database (H2) with a fixed clock, on the fixture of {@link
 * TokenServiceTest}: who may revoke what, and what an invalid token does (nothing).
 */
class TokenRevocationTest {
  final TokenServiceTest fx = new TokenServiceTest();
  TokenRevocation revocation;
  BearerAuthenticator authenticator;
  TokenService.Issued issued;

  @BeforeEach
  void open() {
    fx.open(Databases.h2("TokenRevocationTest"));
    TokenVerifier verifier =
        new TokenVerifier(TokenServiceTest.KEYS, "jwt-auth", 0, 8192, fx.clock);
    authenticator =
        new BearerAuthenticator(
            verifier,
            fx.store,
            UserDirectory.container(),
            new StatusCache<>(0, 100, fx.clock),
            new ExpiringCache<>(100),
            fx.clock);
    Audit audit = new Audit(fx.clock);
    KeyPairService keyPairs =
        new KeyPairService(fx.store, fx.hasher, audit, fx.clock, 100, authenticator::revoked);
    revocation =
        new TokenRevocation(verifier, authenticator, fx.refreshTokens, keyPairs, audit, fx.clock);
    issued = fx.service.exchange(fx.apiKey, fx.secret, "192.0.2.10");
  }

  @AfterEach
  void close() {
    fx.close();
  }

  TokenService.Client client() {
    return fx.service.authenticateClient(fx.apiKey, fx.secret, "192.0.2.10");
  }

  ErrorCode refusal(Runnable r) {
    return assertThrows(JwtAuthException.class, r::run).error();
  }

  @Test
  void whenRefreshTokenRevokedWithoutCredentialsThenItsChainDiesAndTheKeyPairLives() {
    TokenService.Issued next = fx.service.refresh(issued.refreshToken(), "192.0.2.10");
    revocation.revoke(next.refreshToken(), null, null, "192.0.2.10");
    assertEquals(
        ErrorCode.REFRESH_TOKEN_REUSED,
        refusal(() -> fx.service.refresh(next.refreshToken(), "192.0.2.10")));
    assertEquals(
        1,
        fx.db.queryLong(
            "SELECT COUNT(DISTINCT family) FROM jwt_auth_refresh_token WHERE revoked_at IS NOT"
                + " NULL"));
    assertEquals("alice", authenticator.authenticate(next.accessToken()).login());
    fx.clock.now = fx.clock.now.plusSeconds(60); // a new minute's token budget
    assertEquals(fx.apiKey, fx.service.exchange(fx.apiKey, fx.secret, "192.0.2.10").apiKey());
  }

  @Test
  void whenAnotherClientNamesARefreshTokenThenRefusedAndNothingRevoked() {
    String other = fx.hasher.newApiKey();
    assertEquals(
        ErrorCode.UNAUTHORIZED_CLIENT,
        refusal(() -> revocation.revoke(issued.refreshToken(), null, other, "192.0.2.10")));
    assertEquals(
        fx.apiKey, fx.service.refresh(issued.refreshToken(), "192.0.2.10").apiKey(), "alive");
  }

  @Test
  void whenAccessTokenRevokedThenOnlyWithItsOwnKeyPairAndThenTheKeyPairIsRevoked() {
    String access = issued.accessToken();
    assertEquals(
        ErrorCode.INVALID_CLIENT,
        refusal(() -> revocation.revoke(access, null, fx.apiKey, "192.0.2.10")));
    TokenService.Client stranger =
        new TokenService.Client("another-key", "alice", java.util.Set.of());
    assertEquals(
        ErrorCode.UNAUTHORIZED_CLIENT,
        refusal(() -> revocation.revoke(access, stranger, null, "192.0.2.10")));
    assertEquals("alice", authenticator.authenticate(access).login(), "nothing revoked yet");

    revocation.revoke(access, client(), null, "192.0.2.10");
    assertEquals(ErrorCode.REVOKED_API_KEY, refusal(() -> authenticator.authenticate(access)));
    assertTrue(fx.store.find(fx.apiKey).orElseThrow().revoked());
    // now the token is no valid token: no error, nothing to do (RFC 7009 §2.2)
    revocation.revoke(access, null, null, "192.0.2.10");
  }

  @Test
  void whenTokenIsNoValidTokenOfOursThenNothingHappensAndNoError() {
    for (String token :
        new String[] {"garbage", "a.b.c", issued.accessToken() + "x", "x".repeat(10_000)}) {
      revocation.revoke(token, null, null, "192.0.2.10");
    }
    assertEquals("alice", authenticator.authenticate(issued.accessToken()).login());
    assertEquals(
        fx.apiKey, fx.service.refresh(issued.refreshToken(), "192.0.2.10").apiKey(), "alive");
  }
}
