package io.github.jwtauth.internal;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens whose signature and claims were verified already, keyed by the exact token text, so a
 * token seen again costs a map lookup instead of a signature check (an ES256 check costs about a
 * millisecond on Java 17). Only verified tokens enter, each only until its {@code exp}; invalid
 * tokens never do, so attackers cannot fill it with garbage. It never outlives a revocation: the
 * caller still checks the key-pair status on every hit. Bounded; no timers.
 *
 * <p>Thread-safe. Not API.
 *
 * @param <V> what verification produced
 */
public final class VerifiedTokenCache<V> {
  private record Entry<V>(V value, long expiresAtMillis) {}

  private final ConcurrentHashMap<String, Entry<V>> map = new ConcurrentHashMap<>();
  private final int maxSize;

  /**
   * @param maxSize entries kept; 0 disables the cache
   */
  public VerifiedTokenCache(int maxSize) {
    this.maxSize = maxSize;
  }

  /** The verified value for exactly this token, if cached and not expired at {@code nowMillis}. */
  public V get(String token, long nowMillis) {
    if (maxSize == 0) {
      return null;
    }
    Entry<V> e = map.get(token);
    if (e == null) {
      return null;
    }
    if (nowMillis >= e.expiresAtMillis) {
      map.remove(token, e);
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
    map.put(token, new Entry<>(value, expiresAtMillis));
  }

  public int size() {
    return map.size();
  }

  /** Drops expired entries, and if that is not enough, a tenth of the rest. */
  private void evict(long nowMillis) {
    map.values().removeIf(e -> nowMillis >= e.expiresAtMillis);
    int toRemove = map.size() >= maxSize ? Math.max(1, maxSize / 10) : 0;
    Iterator<String> it = map.keySet().iterator();
    while (toRemove-- > 0 && it.hasNext()) {
      it.next();
      it.remove();
    }
  }
}
