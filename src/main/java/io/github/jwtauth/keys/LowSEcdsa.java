package io.github.jwtauth.keys;

import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureGenerationException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;

/**
 * ES256 with exactly one accepted signature per header and payload. An ECDSA signature (r, s) has a
 * twin (r, n − s) that verifies as well (SEC 1 §4.1.4 checks only that s is in [1, n − 1]), so
 * every ES256 token would have a second accepted spelling, made by anyone holding the first. This
 * signs with the low s (s ≤ n/2, as BIP 62 and libsecp256k1 do) and refuses a high s before
 * verifying, so README's "a token has exactly one accepted spelling" holds for ES256 as it does for
 * the deterministic HS and RS algorithms. Other verifiers accept these signatures unchanged.
 *
 * <p>Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7518#section-3.4">RFC 7518 §3.4</a>
 */
final class LowSEcdsa extends Algorithm {
  /** The order n of P-256 (SEC 2 §2.4.2, FIPS 186-4 D.1.2.3). */
  static final BigInteger N =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  private static final BigInteger HALF_N = N.shiftRight(1);

  /** RFC 7518 §3.4: R and S, 32 bytes each, big-endian. */
  private static final int HALF = 32;

  private final Algorithm ecdsa;

  LowSEcdsa(Algorithm ecdsa) {
    super(ecdsa.getName(), "SHA256withECDSA with low s");
    this.ecdsa = ecdsa;
  }

  @Override
  public void verify(DecodedJWT jwt) throws SignatureVerificationException {
    byte[] sig;
    try {
      sig = Base64.getUrlDecoder().decode(jwt.getSignature());
    } catch (IllegalArgumentException e) {
      throw new SignatureVerificationException(this);
    }
    if (sig.length == 2 * HALF && s(sig).compareTo(HALF_N) > 0) {
      throw new SignatureVerificationException(this);
    }
    ecdsa.verify(jwt);
  }

  @Override
  public byte[] sign(byte[] headerBytes, byte[] payloadBytes) throws SignatureGenerationException {
    return lowS(ecdsa.sign(headerBytes, payloadBytes));
  }

  @Override
  public byte[] sign(byte[] contentBytes) throws SignatureGenerationException {
    return lowS(ecdsa.sign(contentBytes));
  }

  @Override
  public String getSigningKeyId() {
    return ecdsa.getSigningKeyId();
  }

  /** The signature with s replaced by n − s when s is above n/2. */
  static byte[] lowS(byte[] sig) {
    if (sig.length != 2 * HALF || s(sig).compareTo(HALF_N) <= 0) {
      return sig;
    }
    byte[] low = N.subtract(s(sig)).toByteArray();
    byte[] out = Arrays.copyOf(sig, sig.length);
    Arrays.fill(out, HALF, out.length, (byte) 0);
    int len = Math.min(HALF, low.length);
    System.arraycopy(low, low.length - len, out, out.length - len, len);
    return out;
  }

  private static BigInteger s(byte[] sig) {
    return new BigInteger(1, Arrays.copyOfRange(sig, HALF, 2 * HALF));
  }
}
