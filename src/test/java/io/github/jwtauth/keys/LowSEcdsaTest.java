package io.github.jwtauth.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.token.TokenType;
import io.github.jwtauth.token.TokenVerifier;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LowSEcdsaTest {
  static final BigInteger HALF_N = LowSEcdsa.N.shiftRight(1);

  static byte[] signature(String token) {
    return Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
  }

  static BigInteger s(byte[] sig) {
    return new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
  }

  /** The token with its signature's twin (r, n − s), which plain ECDSA verifies as well. */
  static String twin(String token) {
    byte[] sig = signature(token);
    byte[] other = LowSEcdsa.N.subtract(s(sig)).toByteArray();
    byte[] out = sig.clone();
    Arrays.fill(out, 32, 64, (byte) 0);
    int len = Math.min(32, other.length);
    System.arraycopy(other, other.length - len, out, 64 - len, len);
    return token.substring(0, token.lastIndexOf('.') + 1)
        + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }

  @Test
  void whenEs256TokensAreIssuedThenEverySignatureHasLowS() throws Exception {
    KeySet keys = KeyFixtures.es256(KeyFixtures.ec());
    for (int i = 0; i < 40; i++) {
      // plain ECDSA gives a high s half of the time: 40 low ones by chance is 2^-40
      BigInteger s = s(signature(KeyFixtures.token(keys)));
      assertTrue(s.compareTo(HALF_N) <= 0, "high s issued");
    }
  }

  @Test
  void whenEs256SignatureIsReplacedByItsHighSTwinThenRefused() throws Exception {
    KeySet keys = KeyFixtures.es256(KeyFixtures.ec());
    TokenVerifier verifier = KeyFixtures.verifier(keys);
    for (int i = 0; i < 8; i++) {
      String token = KeyFixtures.token(keys);
      String twin = twin(token);
      assertNotEquals(token, twin);
      // whichever of the two is issued is accepted, the other spelling never
      assertEquals("k1", verifier.check(token, TokenType.ACCESS).apiKey());
      JwtAuthException e =
          assertThrows(JwtAuthException.class, () -> verifier.check(twin, TokenType.ACCESS));
      assertEquals(ErrorCode.TOKEN_ERROR, e.error());
    }
  }

  @Test
  void whenSignatureIsLowSAlreadyThenKeptAndAHighOneIsFolded() throws Exception {
    KeyPair kp = KeyFixtures.ec();
    Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
    byte[] low = null;
    byte[] high = null;
    while (low == null || high == null) {
      signer.initSign(kp.getPrivate());
      signer.update(new byte[] {1});
      byte[] sig = signer.sign();
      if (s(sig).compareTo(HALF_N) <= 0) {
        low = sig;
      } else {
        high = sig;
      }
    }
    assertArrayEquals(low, LowSEcdsa.lowS(low));
    byte[] folded = LowSEcdsa.lowS(high);
    assertEquals(LowSEcdsa.N.subtract(s(high)), s(folded));
    assertArrayEquals(Arrays.copyOf(high, 32), Arrays.copyOf(folded, 32), "r unchanged");
    Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
    verifier.initVerify(kp.getPublic());
    verifier.update(new byte[] {1});
    assertTrue(verifier.verify(folded), "the folded signature is a valid ECDSA signature");
    byte[] odd = new byte[63];
    assertArrayEquals(odd, LowSEcdsa.lowS(odd), "not 64 bytes: left to the verifier to refuse");
  }
}
