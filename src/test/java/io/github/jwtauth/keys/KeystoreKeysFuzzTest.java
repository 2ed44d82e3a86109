package io.github.jwtauth.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.jwtauth.token.TokenType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz target for PKCS#12 key loading ({@link KeystoreKeys#load}): any bytes as the keystore file,
 * opened with the password {@code changeit} and the signing alias {@code jwt}, as ES256 and RS256.
 * Contract: a key set, or a {@link KeyMaterialException}, never another exception; a loaded key set
 * signs tokens its own verifier accepts (RELIABILITY.md, "Fuzzing").
 */
class KeystoreKeysFuzzTest {
  static final Path FILE;

  static {
    try {
      FILE = Files.createTempFile("jwt-auth-keystore-fuzz", ".p12");
      FILE.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest
  void whenAnyKeystoreBytesThenKeySetOrKeyMaterialException(byte[] data) throws IOException {
    Files.write(FILE, data);
    for (SigningAlgorithm alg :
        new SigningAlgorithm[] {SigningAlgorithm.ES256, SigningAlgorithm.RS256}) {
      KeySet keys;
      try {
        keys = KeystoreKeys.load(alg, FILE, "changeit".toCharArray(), "jwt");
      } catch (KeyMaterialException e) {
        continue;
      }
      String token = KeyFixtures.token(keys);
      assertEquals("k1", KeyFixtures.verifier(keys).check(token, TokenType.ACCESS).apiKey());
    }
  }
}
