package io.github.jwtauth.keypair;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.mindrot.jbcrypt.BCrypt;

/**
 * Generates key-pair credentials and hashes secrets with bcrypt. An unknown {@code api_key} is
 * checked against a dummy hash of the same cost, so it costs the same time as a wrong secret.
 * Secrets over 72 bytes are refused, never silently truncated (bcrypt's limit, CVE-2025-22228).
 *
 * <p>Thread-safe.
 */
public final class SecretHasher {
  /** bcrypt reads at most this many bytes of its input. */
  public static final int MAX_SECRET_BYTES = 72;

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final int cost;
  private final SecureRandom random;
  private final String dummyHash;

  public SecretHasher(int cost, SecureRandom random) {
    this.cost = cost;
    this.random = random;
    this.dummyHash = BCrypt.hashpw(newSecret(), BCrypt.gensalt(cost, random));
  }

  /** A new public key id: 144 random bits, URL-safe. */
  public String newApiKey() {
    byte[] b = new byte[18];
    random.nextBytes(b);
    return B64.encodeToString(b);
  }

  /** A new secret: 256 random bits, URL-safe (43 characters, under bcrypt's 72-byte limit). */
  public String newSecret() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return B64.encodeToString(b);
  }

  public String hash(String secret) {
    return BCrypt.hashpw(secret, BCrypt.gensalt(cost, random));
  }

  /**
   * Checks a presented secret in constant time against a stored hash, or against the dummy hash
   * when {@code storedHash} is null (unknown key), so both cost one bcrypt.
   */
  public boolean matches(String secret, String storedHash) {
    // bcrypt reads 72 bytes and stops at NUL: refuse anything it would silently shorten
    if (secret == null
        || secret.indexOf('\0') >= 0
        || secret.getBytes(StandardCharsets.UTF_8).length > MAX_SECRET_BYTES) {
      return false;
    }
    String hash = storedHash != null ? storedHash : dummyHash;
    boolean ok;
    try {
      ok = BCrypt.checkpw(secret, hash); // jBCrypt 0.4 compares without early return
    } catch (IllegalArgumentException e) {
      ok = false;
    }
    return ok && storedHash != null;
  }
}
