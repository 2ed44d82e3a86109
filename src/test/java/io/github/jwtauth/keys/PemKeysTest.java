package io.github.jwtauth.keys;

import static io.github.jwtauth.keys.KeyFixtures.ec;
import static io.github.jwtauth.keys.KeyFixtures.failure;
import static io.github.jwtauth.keys.KeyFixtures.privatePem;
import static io.github.jwtauth.keys.KeyFixtures.publicPem;
import static io.github.jwtauth.keys.KeyFixtures.rsa;
import static io.github.jwtauth.keys.KeyFixtures.token;
import static io.github.jwtauth.keys.KeyFixtures.verifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.token.TokenType;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

class PemKeysTest {
  @Test
  void whenRs256FromPrivateKeyAloneThenPublicDerived() throws Exception {
    KeyPair kp = rsa(2048);
    KeySet keys = PemKeys.load(SigningAlgorithm.RS256, privatePem(kp), null);
    assertEquals(Jwks.thumbprint(kp.getPublic()), keys.activeKid());
    verifier(keys).check(token(keys), TokenType.ACCESS).jwt();
  }

  @Test
  void whenSeveralPublicKeysThenEachKnownByItsThumbprintAndTheSignerIsActive() throws Exception {
    KeyPair signer = ec();
    KeyPair retired = ec();
    KeySet keys =
        PemKeys.load(
            SigningAlgorithm.ES256, privatePem(signer) + publicPem(signer), publicPem(retired));
    assertEquals(Jwks.thumbprint(signer.getPublic()), keys.activeKid());
    assertTrue(keys.knows(Jwks.thumbprint(retired.getPublic())));
    assertFalse(keys.knows(null));
    assertEquals(2, keys.jwks().getJsonArray("keys").size());
  }

  @Test
  void whenCalledDirectlyThenTheFailureNamesTheInputNotAParameter() throws Exception {
    assertEquals(
        "signing key PEM must be PEM text (e.g. file:/path/key.pem) with -----BEGIN ...-----"
            + " blocks",
        failure(() -> PemKeys.load(SigningAlgorithm.ES256, "not pem", null)));
    KeyPair kp = ec();
    assertEquals(
        "signing key PEM: the public key of the signing key is missing; add its PUBLIC KEY block"
            + " to signing key PEM or public keys PEM",
        failure(() -> PemKeys.load(SigningAlgorithm.ES256, privatePem(kp), null)));
    assertEquals(
        "public keys PEM holds a PUBLIC KEY that is not a EC key",
        failure(
            () ->
                PemKeys.load(
                    SigningAlgorithm.ES256, privatePem(kp) + publicPem(kp), publicPem(rsa(2048)))));
  }

  @Test
  void whenAnEcPublicKeyIsNotOnTheCurveThenRefused() throws Exception {
    // found by fuzzing (RELIABILITY.md): the JDK reads an X.509 EC key without checking its point,
    // so such a key was published in the JWKS, where other libraries refuse the whole set
    KeyPair signer = ec();
    byte[] der = ec().getPublic().getEncoded();
    der[der.length - 1] ^= 1; // y + 1 or y - 1: off the curve
    String offCurve = KeyFixtures.pem("PUBLIC KEY", der);
    String signing = privatePem(signer) + publicPem(signer);
    assertEquals(
        "public keys PEM: ES256 needs keys on the P-256 curve",
        failure(() -> PemKeys.load(SigningAlgorithm.ES256, signing, offCurve)));
    assertTrue(
        failure(() -> PemKeys.load(SigningAlgorithm.ES256, signing + offCurve, null))
            .endsWith(": ES256 needs keys on the P-256 curve"));
  }
}
