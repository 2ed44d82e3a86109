package io.github.jwtauth.keys;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.github.jwtauth.json.Json;
import io.github.jwtauth.token.TokenType;

/**
 * Fuzz target for PEM key loading ({@link PemKeys#load}) and the JWK Set published for what it
 * loads ({@link Jwks}). Contract: a key set, or a {@link KeyMaterialException}, never another
 * exception; a loaded key set signs tokens its own verifier accepts, and its JWKS is one another
 * library (Nimbus) reads back with every {@code kid} the key's RFC 7638 thumbprint (RELIABILITY.md,
 * "Fuzzing").
 *
 * <p>Input: an optional first line {@code RS256} (else ES256), then the signing key PEM, then
 * optionally a line {@code ====} followed by more public keys.
 */
class PemKeysFuzzTest {
  @FuzzTest
  void whenAnyPemTextThenKeySetOrKeyMaterialException(byte[] data) throws Exception {
    String text = new String(data, UTF_8);
    SigningAlgorithm alg = SigningAlgorithm.ES256;
    if (text.startsWith("RS256\n")) {
      alg = SigningAlgorithm.RS256;
      text = text.substring(6);
    }
    int sep = text.indexOf("\n====\n");
    String signing = sep < 0 ? text : text.substring(0, sep);
    String publics = sep < 0 ? null : text.substring(sep + 6);
    KeySet keys;
    try {
      keys = PemKeys.load(alg, signing, publics);
    } catch (KeyMaterialException e) {
      return;
    }
    String token = KeyFixtures.token(keys);
    assertEquals("k1", KeyFixtures.verifier(keys).check(token, TokenType.ACCESS).apiKey());
    JWKSet set = JWKSet.parse(Json.write(keys.jwks()));
    assertTrue(set.getKeyByKeyId(keys.activeKid()) != null, "active kid not published");
    for (JWK jwk : set.getKeys()) {
      assertEquals(jwk.computeThumbprint().toString(), jwk.getKeyID());
      assertEquals(alg.name(), jwk.getAlgorithm().getName());
    }
  }
}
