package io.github.jwtauth.keys;

import static io.github.jwtauth.keys.KeyFixtures.NOW;
import static io.github.jwtauth.keys.KeyFixtures.ec;
import static io.github.jwtauth.keys.KeyFixtures.es256;
import static io.github.jwtauth.keys.KeyFixtures.privatePem;
import static io.github.jwtauth.keys.KeyFixtures.publicPem;
import static io.github.jwtauth.keys.KeyFixtures.rsa;
import static io.github.jwtauth.keys.KeyFixtures.token;
import static io.github.jwtauth.keys.KeyFixtures.verifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.auth0.jwt.interfaces.DecodedJWT;
import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.token.TokenType;
import java.security.KeyPair;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeySetTest {
  /** The data.user members TokenIssuer always writes (a token without them is refused). */
  static final java.util.Map<String, String> OUR_USER_CLAIMS =
      java.util.Map.of(
          "id",
          "alice",
          "type",
          "user",
          "user_login",
          "alice",
          "user_email",
          "a@example.org",
          "api_key",
          "k1");

  @Test
  void whenEs256ThenKidIsThumbprintAndSignatureIsP1363() throws Exception {
    KeySet keys = es256(ec());
    String t = token(keys);
    DecodedJWT jwt = verifier(keys).check(t, TokenType.ACCESS).jwt();
    assertEquals("ES256", jwt.getAlgorithm());
    assertEquals(keys.activeKid(), jwt.getKeyId());
    assertEquals(43, keys.activeKid().length()); // base64url SHA-256
    assertEquals(
        64, Base64.getUrlDecoder().decode(t.split("\\.")[2]).length); // r||s, RFC 7518 §3.4
  }

  @Test
  void whenRotatedThenOldTokensVerifyUntilOldKeyRetired() throws Exception {
    KeyPair oldKey = ec();
    KeyPair newKey = ec();
    KeySet before = es256(oldKey);
    String oldToken = token(before);
    // 1. publish the new key, still signing with the old one
    KeySet published = es256(oldKey, newKey);
    verifier(published).check(oldToken, TokenType.ACCESS).jwt();
    // 2. sign with the new key, old key still published
    KeySet switched = es256(newKey, oldKey);
    String newToken = token(switched);
    verifier(switched).check(oldToken, TokenType.ACCESS).jwt();
    verifier(switched).check(newToken, TokenType.ACCESS).jwt();
    verifier(published)
        .check(newToken, TokenType.ACCESS)
        .jwt(); // a node not yet switched accepts it too
    // 3. retire the old key
    KeySet retired = es256(newKey);
    verifier(retired).check(newToken, TokenType.ACCESS).jwt();
    JwtAuthException e =
        assertThrows(
            JwtAuthException.class,
            () -> verifier(retired).check(oldToken, TokenType.ACCESS).jwt());
    assertEquals(ErrorCode.TOKEN_ERROR, e.error());
    assertEquals("The token key id is unknown.", e.description());
  }

  @Test
  void whenNoKidThenOnlyASingleKeyMayVerify() throws Exception {
    KeyPair a = ec();
    KeyPair b = ec();
    KeySet single = es256(a);
    KeySet two = es256(a, b);
    com.auth0.jwt.algorithms.Algorithm raw =
        new LowSEcdsa(
            com.auth0.jwt.algorithms.Algorithm.ECDSA256(
                (java.security.interfaces.ECPublicKey) a.getPublic(),
                (java.security.interfaces.ECPrivateKey) a.getPrivate()));
    String noKid =
        com.auth0
            .jwt
            .JWT
            .create()
            .withHeader(java.util.Map.of("typ", "at+jwt"))
            .withIssuer("jwt-auth")
            .withSubject("alice")
            .withExpiresAt(NOW.plusSeconds(60))
            .withJWTId("j")
            .withClaim("data", java.util.Map.of("user", OUR_USER_CLAIMS))
            .sign(raw);
    verifier(single).check(noKid, TokenType.ACCESS).jwt();
    assertEquals(
        ErrorCode.TOKEN_ERROR,
        assertThrows(
                JwtAuthException.class, () -> verifier(two).check(noKid, TokenType.ACCESS).jwt())
            .error());
  }

  @Test
  void whenEs256SignatureZeroOrWrongLengthThenRefused() throws Exception {
    KeySet keys = es256(ec());
    String[] p = token(keys).split("\\.");
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    for (byte[] sig :
        new byte[][] {new byte[64], new byte[0], new byte[63], new byte[65], new byte[72]}) {
      String forged = p[0] + "." + p[1] + "." + b64.encodeToString(sig);
      assertEquals(
          ErrorCode.TOKEN_ERROR,
          assertThrows(
                  JwtAuthException.class,
                  () -> verifier(keys).check(forged, TokenType.ACCESS).jwt())
              .error());
    }
  }

  @Test
  void whenHs256SignedWithThePublicKeyThenRefused() throws Exception {
    KeyPair kp = rsa(2048);
    KeySet keys = PemKeys.load(SigningAlgorithm.RS256, privatePem(kp), null);
    // algorithm confusion: HS256 keyed with the published public key, kid of the real key
    com.auth0.jwt.algorithms.Algorithm confused =
        com.auth0.jwt.algorithms.Algorithm.HMAC256(publicPem(kp).getBytes());
    String forged =
        com.auth0
            .jwt
            .JWT
            .create()
            .withKeyId(keys.activeKid())
            .withHeader(java.util.Map.of("typ", "at+jwt"))
            .withIssuer("jwt-auth")
            .withExpiresAt(NOW.plusSeconds(60))
            .withJWTId("j")
            .withClaim("data", java.util.Map.of("user", OUR_USER_CLAIMS))
            .sign(confused);
    assertEquals(
        ErrorCode.TOKEN_ERROR,
        assertThrows(
                JwtAuthException.class, () -> verifier(keys).check(forged, TokenType.ACCESS).jwt())
            .error());
  }
}
