package io.github.jwtauth.keys;

import static io.github.jwtauth.keys.KeyFixtures.failure;
import static io.github.jwtauth.keys.KeyFixtures.token;
import static io.github.jwtauth.keys.KeyFixtures.verifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.token.TokenType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoreKeysTest {
  @Test
  void whenPkcs12KeystoreThenAliasesAreKids(@TempDir Path dir) throws Exception {
    Path p12 = KeyFixtures.keystore(dir, "old", "new");
    KeySet keys = KeystoreKeys.load(SigningAlgorithm.ES256, p12, "changeit".toCharArray(), "new");
    assertEquals("new", keys.activeKid());
    assertTrue(keys.knows("old"));
    assertEquals(2, keys.jwks().getJsonArray("keys").size());
    verifier(keys).check(token(keys), TokenType.ACCESS).jwt();
    assertTrue(
        failure(() -> KeystoreKeys.load(SigningAlgorithm.ES256, p12, "wrong".toCharArray(), "new"))
            .startsWith("PKCS#12 keystore: cannot open"));
    assertTrue(
        failure(
                () ->
                    KeystoreKeys.load(
                        SigningAlgorithm.ES256, p12, "changeit".toCharArray(), "missing"))
            .contains("no private key under alias 'missing'"));
    assertEquals(
        "PKCS#12 keystore: RS256 needs RSA keys, not EC",
        failure(
            () -> KeystoreKeys.load(SigningAlgorithm.RS256, p12, "changeit".toCharArray(), "new")));
  }
}
