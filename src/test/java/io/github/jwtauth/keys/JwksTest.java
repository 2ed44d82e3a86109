package io.github.jwtauth.keys;

import static io.github.jwtauth.keys.KeyFixtures.ec;
import static io.github.jwtauth.keys.KeyFixtures.es256;
import static io.github.jwtauth.keys.KeyFixtures.privatePem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.JsonObject;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JwksTest {
  @Test
  void whenJwksThenPublicMembersOnly() throws Exception {
    KeyPair a = KeyFixtures.rsa(2048);
    KeySet keys = PemKeys.load(SigningAlgorithm.RS256, privatePem(a), null);
    JsonObject jwk = keys.jwks().getJsonArray("keys").getJsonObject(0);
    assertEquals(Set.of("kty", "n", "e", "kid", "alg", "use"), jwk.keySet());
    assertEquals("sig", jwk.getString("use"));
    assertEquals("RS256", jwk.getString("alg"));
    KeySet ecKeys = es256(ec());
    JsonObject ecJwk = ecKeys.jwks().getJsonArray("keys").getJsonObject(0);
    assertEquals(Set.of("kty", "crv", "x", "y", "kid", "alg", "use"), ecJwk.keySet());
    assertEquals(32, Base64.getUrlDecoder().decode(ecJwk.getString("x")).length);
    assertFalse(ecJwk.containsKey("d"));
    assertEquals(
        0,
        KeySet.hmac(SigningAlgorithm.HS256, "0123456789abcdefghijklmnopqrstuvwxyz".getBytes())
            .jwks()
            .getJsonArray("keys")
            .size());
  }

  @Test
  void whenRfc7638ExampleKeyThenItsThumbprint() throws Exception {
    // RFC 7638 §3.1
    String n =
        "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
    var key =
        KeyFactory.getInstance("RSA")
            .generatePublic(
                new RSAPublicKeySpec(
                    new BigInteger(1, Base64.getUrlDecoder().decode(n)),
                    BigInteger.valueOf(65537)));
    assertEquals("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", Jwks.thumbprint(key));
    JsonObject jwk =
        Jwks.of(SigningAlgorithm.RS256, Map.of("k", key)).getJsonArray("keys").getJsonObject(0);
    assertEquals(n, jwk.getString("n"));
    assertEquals("AQAB", jwk.getString("e"));
  }

  @Test
  void whenPublishedThenMembersInTheirUsualOrder() throws Exception {
    KeyPair kp = ec();
    JsonObject jwk =
        Jwks.of(SigningAlgorithm.ES256, Map.of("k1", kp.getPublic()))
            .getJsonArray("keys")
            .getJsonObject(0);
    assertEquals(List.of("kty", "crv", "x", "y", "kid", "alg", "use"), List.copyOf(jwk.keySet()));
    assertEquals("k1", jwk.getString("kid"));
    assertEquals(32, Base64.getUrlDecoder().decode(jwk.getString("y")).length);
  }
}
