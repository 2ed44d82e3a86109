package io.github.jwtauth.credential;

import io.github.jwtauth.cache.ExpiringCache;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Key-pair secrets that passed a bcrypt check a moment ago, so that a client exchanging the same
 * key-pair again within the window does not pay bcrypt again (about 70 ms of CPU at cost 10).
 *
 * <p>Per {@code api_key} it keeps an HMAC-SHA256 of the secret under a random key made when the web
 * application starts (never stored, never logged), the stored bcrypt hash the secret was checked
 * against, and the entry's expiry: never the secret, and nothing on disk, so storage at rest is
 * what it was. A presented secret hits only if its HMAC matches (compared in constant time) and the
 * key-pair still has the same stored hash; a wrong secret always pays bcrypt. Only verified secrets
 * enter, each for at most the window. The caller reads the key-pair from the database on every
 * exchange, so revocation still takes effect at once. Bounded; no timers.
 *
 * <p>Thread-safe. Not API.
 */
public final class VerifiedSecretCache {
  private record Entry(byte[] mac, String storedHash) {}

  private final ExpiringCache<Entry> entries;
  private final SecretKeySpec key;
  private final long ttlMillis;

  /**
   * @param ttlMillis how long a verified secret is remembered; 0 disables the cache
   * @param maxSize entries kept at most
   */
  public VerifiedSecretCache(long ttlMillis, int maxSize, SecureRandom random) {
    this.entries = new ExpiringCache<>(ttlMillis > 0 ? maxSize : 0);
    byte[] k = new byte[32];
    random.nextBytes(k);
    this.key = new SecretKeySpec(k, "HmacSHA256");
    this.ttlMillis = ttlMillis;
  }

  /**
   * Whether {@code secret} is the one verified for {@code apiKey} within the window, against the
   * same stored hash.
   */
  public boolean matches(String apiKey, String secret, String storedHash, long nowMillis) {
    if (storedHash == null || secret == null) {
      return false;
    }
    Entry e = entries.get(apiKey, nowMillis);
    return e != null
        && e.storedHash().equals(storedHash)
        && MessageDigest.isEqual(e.mac(), mac(apiKey, secret));
  }

  /** Remembers a secret that just passed bcrypt against {@code storedHash}. */
  public void remember(String apiKey, String secret, String storedHash, long nowMillis) {
    entries.put(
        apiKey, new Entry(mac(apiKey, secret), storedHash), nowMillis + ttlMillis, nowMillis);
  }

  public int size() {
    return entries.size();
  }

  private byte[] mac(String apiKey, String secret) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      m.update(apiKey.getBytes(StandardCharsets.UTF_8));
      m.update((byte) 0);
      return m.doFinal(secret.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
