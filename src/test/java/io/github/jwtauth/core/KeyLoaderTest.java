package io.github.jwtauth.core;

import static io.github.jwtauth.keys.KeyFixtures.configured;
import static io.github.jwtauth.keys.KeyFixtures.ec;
import static io.github.jwtauth.keys.KeyFixtures.es256;
import static io.github.jwtauth.keys.KeyFixtures.failure;
import static io.github.jwtauth.keys.KeyFixtures.pem;
import static io.github.jwtauth.keys.KeyFixtures.privatePem;
import static io.github.jwtauth.keys.KeyFixtures.publicPem;
import static io.github.jwtauth.keys.KeyFixtures.rsa;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.keys.KeyFixtures;
import io.github.jwtauth.keys.KeySet;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyLoaderTest {
  static final String ALG = "jwt-auth.algorithm";
  static final String SIGNING = "jwt-auth.signing-key";
  static final String PUBLIC = "jwt-auth.public-keys";

  @Test
  void whenWeakOrMismatchedKeysThenStartupRefusedNamingTheParameter() throws Exception {
    KeyPair small = rsa(1024);
    assertTrue(
        failure(() -> configured(ALG, "RS256", SIGNING, privatePem(small)))
            .contains("at least 2048 bits"));
    KeyPair ecKey = ec();
    assertTrue(
        failure(() -> configured(ALG, "RS256", SIGNING, privatePem(ecKey)))
            .startsWith("Parameter jwt-auth.signing-key"));
    assertTrue(
        failure(() -> configured(ALG, "ES256", SIGNING, privatePem(ecKey)))
            .contains("public key of the signing key is missing"));
    KeyPair other = ec();
    assertTrue(
        failure(
                () ->
                    configured(ALG, "ES256", SIGNING, privatePem(ecKey), PUBLIC, publicPem(other)))
            .contains("public key of the signing key is missing"));
    assertTrue(
        failure(() -> configured(ALG, "ES256", SIGNING, "not pem"))
            .startsWith("Parameter jwt-auth.signing-key must be PEM"));
    assertTrue(
        failure(() -> configured(ALG, "ES256", SIGNING, pem("EC PRIVATE KEY", new byte[] {1, 2})))
            .contains("openssl pkcs8"));
    KeyPair p384 = ec("secp384r1");
    assertTrue(
        failure(() -> configured(ALG, "ES256", SIGNING, privatePem(p384) + publicPem(p384)))
            .contains("P-256"));
    assertTrue(failure(() -> es256(p384)).contains("P-256"));
  }

  @Test
  void whenAFailureNamesBothParametersThenEachByItsName() throws Exception {
    KeyPair ecKey = ec();
    assertEquals(
        "Parameter jwt-auth.signing-key: the public key of the signing key is missing; add its"
            + " PUBLIC KEY block to jwt-auth.signing-key or jwt-auth.public-keys",
        failure(() -> configured(ALG, "ES256", SIGNING, privatePem(ecKey))));
    assertEquals(
        "Parameter jwt-auth.public-keys holds a 'CERTIFICATE' block; use PKCS#8 'PRIVATE KEY' and"
            + " X.509 'PUBLIC KEY' (convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem)",
        failure(
            () ->
                configured(
                    ALG,
                    "ES256",
                    SIGNING,
                    privatePem(ecKey) + publicPem(ecKey),
                    PUBLIC,
                    pem("CERTIFICATE", new byte[] {1}))));
    KeyPair rsa = rsa(2048);
    assertEquals(
        "Parameter jwt-auth.public-keys: RSA keys must have at least 2048 bits (RFC 7518 §3.3),"
            + " not 1024",
        failure(
            () ->
                configured(ALG, "RS256", SIGNING, privatePem(rsa), PUBLIC, publicPem(rsa(1024)))));
  }

  @Test
  void whenKeystoreDoesNotOpenOrLacksTheAliasThenStartupRefusedNamingTheParameter(@TempDir Path dir)
      throws Exception {
    Path p12 = KeyFixtures.keystore(dir, "new");
    assertEquals("new", keystore(p12, "changeit", "new").activeKid());
    assertTrue(
        failure(() -> keystore(p12, "wrong", "new"))
            .startsWith("Parameter jwt-auth.keystore: cannot open"));
    assertEquals(
        "Parameter jwt-auth.keystore: the keystore has no private key under alias 'missing'",
        failure(() -> keystore(p12, "changeit", "missing")));
  }

  static KeySet keystore(Path p12, String password, String alias) {
    return configured(
        ALG,
        "ES256",
        "jwt-auth.keystore",
        p12.toString(),
        "jwt-auth.keystore-password",
        password,
        "jwt-auth.signing-key-alias",
        alias);
  }

  @Test
  void whenHmacThenKidDerivedFromTheSecret() {
    KeySet keys = configured(ALG, "HS256", "jwt-auth.secret", "0123456789abcdefghijklmnopqrstuv");
    assertEquals("HS256", keys.algorithmName());
    assertTrue(keys.activeKid().startsWith("hs-"));
    assertEquals(14, keys.activeKid().length());
    assertTrue(keys.knows(null));
  }
}
