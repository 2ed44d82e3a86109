package io.github.jwtauth.internal;

import java.time.Clock;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A bounded cache of values that may be at most {@code ttlMillis} stale: a hit younger than that
 * is served without the loader (no database round trip); an older one is reloaded. A {@code
 * ttlMillis} of 0 loads every time. When full, entries are evicted (oldest-inserted first as the
 * map iterates; exactness is not needed, boundedness is). No threads, no timers.
 *
 * <p>Thread-safe. Not API.
 *
 * @param <K> key
 * @param <V> value
 */
public final class StatusCache<K, V> {
  private record Entry<V>(V value, long loadedAt) {}

  private final ConcurrentHashMap<K, Entry<V>> map = new ConcurrentHashMap<>();
  private final long ttlMillis;
  private final int maxSize;
  private final Clock clock;

  public StatusCache(long ttlMillis, int maxSize, Clock clock) {
    this.ttlMillis = ttlMillis;
    this.maxSize = maxSize;
    this.clock = clock;
  }

  /**
   * The cached value if fresh enough, else the loader's (which may throw; nothing is cached then).
   */
  public V get(K key, Function<K, V> loader) {
    long now = clock.millis();
    if (ttlMillis > 0) {
      Entry<V> e = map.get(key);
      if (e != null && now - e.loadedAt < ttlMillis && now >= e.loadedAt) {
        return e.value;
      }
    }
    V v = loader.apply(key);
    if (ttlMillis > 0) {
      put(key, v, now);
    }
    return v;
  }

  /** Replaces what is cached, e.g. with a revoked status the moment this node revokes. */
  public void put(K key, V value) {
    put(key, value, clock.millis());
  }

  private void put(K key, V value, long now) {
    if (map.size() >= maxSize && !map.containsKey(key)) {
      evict();
    }
    map.put(key, new Entry<>(value, now));
  }

  public void invalidate(K key) {
    map.remove(key);
  }

  public int size() {
    return map.size();
  }

  private void evict() {
    int toRemove = Math.max(1, maxSize / 10);
    Iterator<K> it = map.keySet().iterator();
    while (toRemove-- > 0 && it.hasNext()) {
      it.next();
      it.remove();
    }
  }
}
