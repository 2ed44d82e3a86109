package io.github.jwtauth.keys;

import io.github.jwtauth.keys.KeyMaterialException.Source;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;

/**
 * What a key must be to sign or verify with a key-pair algorithm: the type the algorithm needs, RSA
 * of at least 2048 bits (RFC 7518 §3.3), EC on P-256 (RFC 7518 §3.4); and whether a private key
 * pairs with a public key, found by a test signature.
 *
 * <p>Stateless and thread-safe.
 */
final class KeyRules {
  private static final byte[] PROBE = "jwt-auth key pairing probe".getBytes(StandardCharsets.UTF_8);
  private static final ECParameterSpec P256;

  static {
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec("secp256r1"));
      P256 = params.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private KeyRules() {}

  /**
   * RSA of at least 2048 bits for RS256; an EC key on P-256 for ES256.
   *
   * @param from the input the key came from, named in the failure
   * @throws KeyMaterialException for any other key
   */
  static void checkPublic(SigningAlgorithm alg, PublicKey key, Source from) {
    switch (alg) {
      case RS256 -> {
        if (!(key instanceof RSAPublicKey rsa)) {
          throw wrongType(alg, key, from);
        }
        int bits = rsa.getModulus().bitLength();
        if (bits < 2048) {
          throw new KeyMaterialException(
              from, ": RSA keys must have at least 2048 bits (RFC 7518 §3.3), not " + bits);
        }
      }
      case ES256 -> {
        if (!(key instanceof ECPublicKey ec)) {
          throw wrongType(alg, key, from);
        }
        if (!ec.getParams().getOrder().equals(P256.getOrder())
            || !ec.getParams().getCurve().equals(P256.getCurve())
            || !onCurve(ec.getW())) {
          throw new KeyMaterialException(from, ": ES256 needs keys on the P-256 curve");
        }
      }
      default -> throw new IllegalArgumentException(alg + " has no key pair");
    }
  }

  /**
   * Whether the point is on P-256: 0 ≤ x, y < p and y² = x³ + ax + b (mod p), SEC 1 §3.2.2.1. The
   * JDK reads an X.509 EC public key without this check.
   */
  private static boolean onCurve(ECPoint w) {
    if (w.equals(ECPoint.POINT_INFINITY)) {
      return false;
    }
    BigInteger p = ((ECFieldFp) P256.getCurve().getField()).getP();
    BigInteger x = w.getAffineX();
    BigInteger y = w.getAffineY();
    if (x.signum() < 0 || x.compareTo(p) >= 0 || y.signum() < 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger right =
        x.pow(3).add(P256.getCurve().getA().multiply(x)).add(P256.getCurve().getB()).mod(p);
    return y.multiply(y).mod(p).equals(right);
  }

  /**
   * An RSA private key for RS256, an EC private key for ES256.
   *
   * @throws KeyMaterialException for any other key
   */
  static void checkPrivate(SigningAlgorithm alg, PrivateKey key, Source from) {
    boolean fits =
        switch (alg) {
          case RS256 -> key instanceof RSAPrivateKey;
          case ES256 -> key instanceof ECPrivateKey;
          default -> throw new IllegalArgumentException(alg + " has no key pair");
        };
    if (!fits) {
      throw new KeyMaterialException(
          from, ": " + alg + " needs an " + alg.keyFamily() + " private key");
    }
  }

  /** Whether the private key signs what the public key verifies. */
  static boolean pairs(SigningAlgorithm alg, PrivateKey priv, PublicKey pub) {
    if (!priv.getAlgorithm().equals(pub.getAlgorithm())) {
      return false;
    }
    try {
      Signature s = Signature.getInstance(alg.jcaSignature());
      s.initSign(priv);
      s.update(PROBE);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(alg.jcaSignature());
      v.initVerify(pub);
      v.update(PROBE);
      return v.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static KeyMaterialException wrongType(SigningAlgorithm alg, PublicKey key, Source from) {
    return new KeyMaterialException(
        from, ": " + alg + " needs " + alg.keyFamily() + " keys, not " + key.getAlgorithm());
  }
}
