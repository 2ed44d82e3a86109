package io.github.jwtauth.keys;

import java.util.Locale;

/**
 * The JWS algorithms jwt-auth signs and verifies with (RFC 7518 §3.1): HMAC with a shared secret,
 * or RSASSA-PKCS1-v1_5 and ECDSA P-256 with a key pair. Each name is the JWS {@code alg} value.
 *
 * <p>Immutable and thread-safe.
 */
public enum SigningAlgorithm {
  HS256(32),
  HS384(48),
  HS512(64),
  RS256(0),
  ES256(0);

  private final int minimumSecretBytes;

  SigningAlgorithm(int minimumSecretBytes) {
    this.minimumSecretBytes = minimumSecretBytes;
  }

  /**
   * Whether this is an HMAC algorithm (a shared secret) rather than a signature with a key pair.
   */
  public boolean isHmac() {
    return minimumSecretBytes > 0;
  }

  /**
   * The least HMAC key length: the hash size (RFC 7518 §3.2).
   *
   * @throws IllegalStateException for RS256 and ES256, which take no secret
   */
  public int minimumSecretBytes() {
    if (!isHmac()) {
      throw new IllegalStateException(name() + " takes no secret");
    }
    return minimumSecretBytes;
  }

  /** The JCA key family of a key-pair algorithm: {@code RSA} or {@code EC}. */
  public String keyFamily() {
    return switch (this) {
      case RS256 -> "RSA";
      case ES256 -> "EC";
      default -> throw new IllegalStateException(name() + " has no key pair");
    };
  }

  /** The JCA signature algorithm of a key-pair algorithm. */
  public String jcaSignature() {
    return this == RS256 ? "SHA256withRSA" : "SHA256withECDSA";
  }

  /**
   * The algorithm named, in any case.
   *
   * @throws IllegalArgumentException for a name that is none of them
   */
  public static SigningAlgorithm parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown algorithm " + name);
    }
  }
}
