package io.github.jwtauth.keys;

import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.ECDSAKeyProvider;
import com.auth0.jwt.interfaces.RSAKeyProvider;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;

/**
 * The keys java-jwt signs and verifies with for a key-pair algorithm: the active private key under
 * its {@code kid}, and the verification key a token's {@code kid} names (RFC 7515 §4.1.4). A token
 * without {@code kid} is verified only while there is exactly one key. One class for RSA and EC,
 * parameterised by the key types; java-jwt wants an {@link RSAKeyProvider} or an {@link
 * ECDSAKeyProvider} (their common interface is not public), which the two one-line subclasses
 * declare.
 *
 * <p>Immutable and thread-safe.
 */
abstract class KidKeyProvider<U extends PublicKey, R extends PrivateKey> {
  private final Class<U> publicType;
  private final R signingKey;
  private final String activeKid;
  private final Map<String, PublicKey> byKid;
  private final PublicKey only;

  private KidKeyProvider(
      Class<U> publicType, R signingKey, String activeKid, Map<String, PublicKey> byKid) {
    this.publicType = publicType;
    this.signingKey = signingKey;
    this.activeKid = activeKid;
    this.byKid = Map.copyOf(byKid);
    this.only = byKid.size() == 1 ? byKid.values().iterator().next() : null;
  }

  /**
   * The java-jwt algorithm of RS256 or ES256 over these keys, which {@link KeyRules} has checked.
   *
   * @throws ClassCastException for a private key of the wrong type
   */
  static Algorithm algorithm(
      SigningAlgorithm alg, PrivateKey signingKey, String activeKid, Map<String, PublicKey> byKid) {
    return switch (alg) {
      case RS256 -> Algorithm.RSA256(new Rsa((RSAPrivateKey) signingKey, activeKid, byKid));
      case ES256 ->
          new LowSEcdsa(Algorithm.ECDSA256(new Ec((ECPrivateKey) signingKey, activeKid, byKid)));
      default -> throw new IllegalArgumentException(alg + " has no key pair");
    };
  }

  /** The key {@code keyId} names, or the only key for none; null if unknown or of another type. */
  public U getPublicKeyById(String keyId) {
    PublicKey key = keyId == null ? only : byKid.get(keyId);
    return publicType.isInstance(key) ? publicType.cast(key) : null;
  }

  public R getPrivateKey() {
    return signingKey;
  }

  public String getPrivateKeyId() {
    return activeKid;
  }

  private static final class Rsa extends KidKeyProvider<RSAPublicKey, RSAPrivateKey>
      implements RSAKeyProvider {
    Rsa(RSAPrivateKey signingKey, String activeKid, Map<String, PublicKey> byKid) {
      super(RSAPublicKey.class, signingKey, activeKid, byKid);
    }
  }

  private static final class Ec extends KidKeyProvider<ECPublicKey, ECPrivateKey>
      implements ECDSAKeyProvider {
    Ec(ECPrivateKey signingKey, String activeKid, Map<String, PublicKey> byKid) {
      super(ECPublicKey.class, signingKey, activeKid, byKid);
    }
  }
}
