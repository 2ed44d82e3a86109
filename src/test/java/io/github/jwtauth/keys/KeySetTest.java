package io.github.jwtauth.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.interfaces.DecodedJWT;
import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.store.User;
import io.github.jwtauth.token.TokenIssuer;
import io.github.jwtauth.token.TokenType;
import io.github.jwtauth.token.TokenVerifier;
import jakarta.json.JsonObject;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeySetTest {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final User ALICE = new User("alice", "alice", null, false, Set.of("user"));

  static KeyPair ec() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  static KeyPair rsa(int bits) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(bits);
    return g.generateKeyPair();
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  static String privatePem(KeyPair kp) {
    return pem("PRIVATE KEY", kp.getPrivate().getEncoded());
  }

  static String publicPem(KeyPair kp) {
    return pem("PUBLIC KEY", kp.getPublic().getEncoded());
  }

  static KeySet es256(KeyPair signer, KeyPair... others) {
    StringBuilder pub = new StringBuilder();
    for (KeyPair o : others) {
      pub.append(publicPem(o));
    }
    return KeySet.pem(
        SigningAlgorithm.ES256,
        privatePem(signer) + publicPem(signer),
        pub.length() == 0 ? null : pub.toString(),
        "jwt-auth.signing-key",
        "jwt-auth.public-keys");
  }

  static String token(KeySet keys) {
    return new TokenIssuer(keys, "jwt-auth", Duration.ofHours(1), CLOCK).access(ALICE, "k1", NOW);
  }

  static TokenVerifier verifier(KeySet keys) {
    return new TokenVerifier(keys, "jwt-auth", 30, 8192, CLOCK);
  }

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
  void whenRs256FromPrivateKeyAloneThenPublicDerived() throws Exception {
    KeyPair kp = rsa(2048);
    KeySet keys =
        KeySet.pem(
            SigningAlgorithm.RS256,
            privatePem(kp),
            null,
            "jwt-auth.signing-key",
            "jwt-auth.public-keys");
    assertEquals(KeySet.thumbprint(kp.getPublic()), keys.activeKid());
    verifier(keys).check(token(keys), TokenType.ACCESS).jwt();
  }

  @Test
  void whenJwksThenPublicMembersOnly() throws Exception {
    KeyPair a = rsa(2048);
    KeySet keys = KeySet.pem(SigningAlgorithm.RS256, privatePem(a), null, "p", "q");
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
        com.auth0.jwt.algorithms.Algorithm.ECDSA256(
            (java.security.interfaces.ECPublicKey) a.getPublic(),
            (java.security.interfaces.ECPrivateKey) a.getPrivate());
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
            .withClaim(
                "data",
                java.util.Map.of("user", java.util.Map.of("api_key", "k1", "user_login", "alice")))
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
    KeySet keys = KeySet.pem(SigningAlgorithm.RS256, privatePem(kp), null, "p", "q");
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
            .withClaim(
                "data",
                java.util.Map.of("user", java.util.Map.of("api_key", "k1", "user_login", "alice")))
            .sign(confused);
    assertEquals(
        ErrorCode.TOKEN_ERROR,
        assertThrows(
                JwtAuthException.class, () -> verifier(keys).check(forged, TokenType.ACCESS).jwt())
            .error());
  }

  static String failure(Executable e) {
    return assertThrows(IllegalArgumentException.class, e::run).getMessage();
  }

  interface Executable {
    void run() throws Exception;
  }

  @Test
  void whenWeakOrMismatchedKeysThenStartupRefusedNamingTheParameter() throws Exception {
    KeyPair small = rsa(1024);
    assertTrue(
        failure(
                () ->
                    KeySet.pem(
                        SigningAlgorithm.RS256,
                        privatePem(small),
                        null,
                        "jwt-auth.signing-key",
                        "jwt-auth.public-keys"))
            .contains("at least 2048 bits"));
    KeyPair ecKey = ec();
    assertTrue(
        failure(
                () ->
                    KeySet.pem(
                        SigningAlgorithm.RS256,
                        privatePem(ecKey),
                        null,
                        "jwt-auth.signing-key",
                        "x"))
            .startsWith("Parameter jwt-auth.signing-key"));
    assertTrue(
        failure(
                () ->
                    KeySet.pem(
                        SigningAlgorithm.ES256,
                        privatePem(ecKey),
                        null,
                        "jwt-auth.signing-key",
                        "jwt-auth.public-keys"))
            .contains("public key of the signing key is missing"));
    KeyPair other = ec();
    assertTrue(
        failure(
                () ->
                    KeySet.pem(
                        SigningAlgorithm.ES256,
                        privatePem(ecKey),
                        publicPem(other),
                        "jwt-auth.signing-key",
                        "jwt-auth.public-keys"))
            .contains("public key of the signing key is missing"));
    assertTrue(
        failure(
                () ->
                    KeySet.pem(
                        SigningAlgorithm.ES256, "not pem", null, "jwt-auth.signing-key", "x"))
            .startsWith("Parameter jwt-auth.signing-key must be PEM"));
    assertTrue(
        failure(
                () ->
                    KeySet.pem(
                        SigningAlgorithm.ES256,
                        pem("EC PRIVATE KEY", new byte[] {1, 2}),
                        null,
                        "jwt-auth.signing-key",
                        "x"))
            .contains("openssl pkcs8"));
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair p384 = g.generateKeyPair();
    assertTrue(failure(() -> es256(p384)).contains("P-256"));
  }

  @Test
  void whenPkcs12KeystoreThenAliasesAreKids(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path p12 = dir.resolve("keys.p12");
    for (String alias : new String[] {"old", "new"}) {
      Process proc =
          new ProcessBuilder(
                  "keytool",
                  "-genkeypair",
                  "-keystore",
                  p12.toString(),
                  "-storetype",
                  "PKCS12",
                  "-storepass",
                  "changeit",
                  "-alias",
                  alias,
                  "-keyalg",
                  "EC",
                  "-groupname",
                  "secp256r1",
                  "-dname",
                  "CN=jwt-auth",
                  "-validity",
                  "30")
              .redirectErrorStream(true)
              .start();
      assertEquals(0, proc.waitFor(), new String(proc.getInputStream().readAllBytes()));
    }
    KeySet keys =
        KeySet.keystore(
            SigningAlgorithm.ES256, p12, "changeit".toCharArray(), "new", "jwt-auth.keystore");
    assertEquals("new", keys.activeKid());
    assertTrue(keys.knows("old"));
    assertEquals(2, keys.jwks().getJsonArray("keys").size());
    verifier(keys).check(token(keys), TokenType.ACCESS).jwt();
    assertTrue(
        failure(
                () ->
                    KeySet.keystore(
                        SigningAlgorithm.ES256,
                        p12,
                        "wrong".toCharArray(),
                        "new",
                        "jwt-auth.keystore"))
            .startsWith("Parameter jwt-auth.keystore: cannot open"));
    assertTrue(
        failure(
                () ->
                    KeySet.keystore(
                        SigningAlgorithm.ES256,
                        p12,
                        "changeit".toCharArray(),
                        "missing",
                        "jwt-auth.keystore"))
            .contains("no private key under alias 'missing'"));
  }
}
