package io.github.jwtauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.github.jwtauth.keys.KeySet;
import io.github.jwtauth.keys.SigningAlgorithm;
import io.github.jwtauth.store.User;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenIssuerTest {
  static final KeySet KEYS =
      KeySet.hmac(
          SigningAlgorithm.HS256,
          "0123456789abcdefghijklmnopqrstuvwxyzABCDEF".getBytes(StandardCharsets.UTF_8));
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00.750Z");
  static final User ALICE = new User("alice", "alice", "alice@example.org", false, Set.of("user"));

  final TokenIssuer issuer =
      new TokenIssuer(KEYS, "jwt-auth", Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void whenAskedThenTheConfiguredLifetimeAndTheClocksTime() {
    assertEquals(Duration.ofMinutes(5), issuer.accessTtl());
    assertEquals(NOW, issuer.now());
  }

  @Test
  void whenKeyPairExpiresBeforeTheLifetimeThenAccessExpiryIsTheKeyPairs() {
    Instant issued = Instant.parse("2026-06-01T12:00:00Z");
    assertEquals(issued.plusSeconds(300), issuer.accessExpiry(NOW, null));
    assertEquals(issued.plusSeconds(299), issuer.accessExpiry(NOW, issued.plusSeconds(299)));
    assertEquals(issued.plusSeconds(300), issuer.accessExpiry(NOW, issued.plusSeconds(300)));
    assertEquals(issued.plusSeconds(300), issuer.accessExpiry(NOW, issued.plusSeconds(301)));
  }

  @Test
  void whenAccessTokenIssuedThenClaimsOfThePluginPlusRegisteredOnesInWholeSeconds() {
    DecodedJWT jwt = JWT.decode(issuer.access(ALICE, "k1", NOW));
    assertEquals("at+jwt", jwt.getType());
    assertEquals(KEYS.activeKid(), jwt.getKeyId());
    assertEquals("jwt-auth", jwt.getIssuer());
    assertEquals("alice", jwt.getSubject());
    assertEquals(Instant.parse("2026-06-01T12:00:00Z"), jwt.getIssuedAtAsInstant());
    assertEquals(Instant.parse("2026-06-01T12:00:00Z"), jwt.getNotBeforeAsInstant());
    assertEquals(Instant.parse("2026-06-01T12:05:00Z"), jwt.getExpiresAtAsInstant());
    assertEquals(
        Map.of(
            "id", "alice",
            "type", "user",
            "user_login", "alice",
            "user_email", "alice@example.org",
            "api_key", "k1"),
        jwt.getClaim("data").asMap().get("user"));
  }

  @Test
  void whenRefreshTokenIssuedThenDeterministicWithTokenTypeRefresh() {
    Instant issued = Instant.parse("2026-06-01T12:00:00Z");
    String a = issuer.refresh("r1", ALICE, "k1", issued, issued.plusSeconds(60));
    assertEquals(a, issuer.refresh("r1", ALICE, "k1", issued, issued.plusSeconds(60)));
    DecodedJWT jwt = JWT.decode(a);
    assertEquals("rt+jwt", jwt.getType());
    assertEquals("r1", jwt.getId());
    assertEquals(
        "refresh", ((Map<?, ?>) jwt.getClaim("data").asMap().get("user")).get("token_type"));
    assertNotEquals(issuer.access(ALICE, "k1", NOW), issuer.access(ALICE, "k1", NOW), "new jti");
  }
}
