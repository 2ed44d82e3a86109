package io.github.jwtauth.cache;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded map from random-tailed strings to values, each kept until its own expiry: the
 * verified-token cache (keyed by the exact token text, so a token seen again costs a map lookup
 * instead of a signature check, about a millisecond for ES256 on Java 17) and the verified-secret
 * cache (keyed by {@code api_key}). Callers put only what they verified, so attackers cannot fill
 * it with garbage; a token entry never outlives a revocation, since the caller still checks the
 * key-pair status on every hit. Bounded; no timers.
 *
 * <p>Thread-safe. Not API.
 *
 * @param <V> what verification produced
 */
public final class ExpiringCache<V> {
  private record Entry<V>(V value, long expiresAtMillis) {}

  /**
   * The map key: hashed over the last characters only (the signature, as random as a hash gets),
   * compared over the whole token. Hashing a whole 300-character token was the largest cost of a
   * hit; only verified tokens are ever inserted, so nobody can aim collisions at a bucket.
   */
  private static final class Key {
    private static final int HASHED_TAIL = 32;
    private final String token;
    private final int hash;

    Key(String token) {
      this.token = token;
      int h = token.length();
      for (int i = Math.max(0, token.length() - HASHED_TAIL); i < token.length(); i++) {
        h = 31 * h + token.charAt(i);
      }
      this.hash = h;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && k.token.equals(token);
    }
  }

  private final ConcurrentHashMap<Key, Entry<V>> map = new ConcurrentHashMap<>();
  private final int maxSize;

  /**
   * @param maxSize entries kept; 0 disables the cache
   */
  public ExpiringCache(int maxSize) {
    this.maxSize = maxSize;
  }

  /** The verified value for exactly this token, if cached and not expired at {@code nowMillis}. */
  public V get(String token, long nowMillis) {
    if (maxSize == 0) {
      return null;
    }
    Key key = new Key(token);
    Entry<V> e = map.get(key);
    if (e == null) {
      return null;
    }
    if (nowMillis >= e.expiresAtMillis) {
      map.remove(key, e);
      return null;
    }
    return e.value;
  }

  public void put(String token, V value, long expiresAtMillis, long nowMillis) {
    if (maxSize == 0 || expiresAtMillis <= nowMillis) {
      return;
    }
    if (map.size() >= maxSize) {
      evict(nowMillis);
    }
    map.put(new Key(token), new Entry<>(value, expiresAtMillis));
  }

  public int size() {
    return map.size();
  }

  /** Drops expired entries, and if that is not enough, a tenth of the rest. */
  private void evict(long nowMillis) {
    map.values().removeIf(e -> nowMillis >= e.expiresAtMillis);
    int toRemove = map.size() >= maxSize ? Math.max(1, maxSize / 10) : 0;
    Iterator<Key> it = map.keySet().iterator();
    while (toRemove-- > 0 && it.hasNext()) {
      it.next();
      it.remove();
    }
  }
}
