package io.github.jwtauth.credential;

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

  /**
   * A new secret in the format of {@link SecretFormat}: {@code jwtas_}, 256 random bits in base62
   * and a CRC32 checksum (55 characters, under bcrypt's 72-byte limit).
   */
  public String newSecret() {
    return SecretFormat.newSecret(random);
  }

  /**
   * Whether text has the shape of a secret (anything that starts with {@link SecretFormat#PREFIX},
   * or the 43 base64url characters of a secret made before that format) rather than of an {@code
   * api_key} (24 characters): such text presented as an {@code api_key} is a swapped pair, and is
   * never written to a log.
   */
  public static boolean looksLikeSecret(String text) {
    if (text != null && text.startsWith(SecretFormat.PREFIX)) {
      return true;
    }
    if (text == null || text.length() != SecretFormat.LEGACY_LENGTH) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean b64url =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!b64url) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a stored hash was made at another cost than this hasher's: checking it then takes
   * another time than checking an unknown key against the dummy hash, so it is hashed again at the
   * server's cost after its next successful use.
   */
  public boolean needsRehash(String storedHash) {
    // bcrypt's modular crypt format: $2a$NN$…
    if (storedHash == null || storedHash.length() < 7 || storedHash.charAt(6) != '$') {
      return false;
    }
    try {
      return Integer.parseInt(storedHash.substring(4, 6)) != cost;
    } catch (NumberFormatException e) {
      return false;
    }
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
