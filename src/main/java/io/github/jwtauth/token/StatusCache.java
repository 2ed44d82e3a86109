package io.github.jwtauth.token;

import java.time.Clock;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A bounded cache of values that may be at most {@code ttlMillis} stale. A hit younger than that is
 * served without the loader (no database round trip); an older one is loaded again on the calling
 * thread (and if that fails, nothing stale is served: callers fail closed). Past half its age, a
 * hit is still served while one background reload (single-flight per key) renews it, so a slow
 * database does not stall requests whose entry is cached. A {@code ttlMillis} of 0 loads every
 * time. When full, some entries are evicted; no timers.
 *
 * <p>Thread-safe. Not API.
 *
 * @param <K> key
 * @param <V> value
 */
public final class StatusCache<K, V> {
  private static final class Entry<V> {
    final V value;
    final long loadedAt;
    final AtomicBoolean refreshing = new AtomicBoolean();

    Entry(V value, long loadedAt) {
      this.value = value;
      this.loadedAt = loadedAt;
    }
  }

  private final ConcurrentHashMap<K, Entry<V>> map = new ConcurrentHashMap<>();
  private final long ttlMillis;
  private final int maxSize;
  private final Clock clock;
  private final Executor refresher;

  /**
   * @param refresher runs background reloads, or null to reload only on the calling thread
   */
  public StatusCache(long ttlMillis, int maxSize, Clock clock, Executor refresher) {
    this.ttlMillis = ttlMillis;
    this.maxSize = maxSize;
    this.clock = clock;
    this.refresher = refresher;
  }

  public StatusCache(long ttlMillis, int maxSize, Clock clock) {
    this(ttlMillis, maxSize, clock, null);
  }

  /**
   * The cached value if fresh enough, else the loader's (which may throw; nothing is cached then).
   * If {@link #put} replaced the entry while the loader ran, the put value is returned and kept:
   * the load may have read what a revocation replaced.
   */
  public V get(K key, Function<K, V> loader) {
    long now = clock.millis();
    Entry<V> e = null;
    if (ttlMillis > 0) {
      e = map.get(key);
      if (e != null) {
        long age = now - e.loadedAt;
        if (age >= 0 && age < ttlMillis) {
          if (refresher != null
              && age >= ttlMillis / 2
              && e.refreshing.compareAndSet(false, true)) {
            refreshLater(key, loader, e);
          }
          return e.value;
        }
      }
    }
    V v = loader.apply(key);
    if (ttlMillis > 0) {
      // Store only over what was seen before loading: a put meanwhile (a revocation on this node)
      // wins, also for this caller, since the load may have read what the revocation replaced.
      Entry<V> won = storeIfUnchanged(key, e, new Entry<>(v, now));
      if (won != null) {
        return won.value;
      }
    }
    return v;
  }

  /**
   * Stores fresh if the map still holds seen (null: no entry), else leaves the map alone.
   *
   * @return null if fresh was stored (or the entry was removed meanwhile), else the entry that won
   */
  private Entry<V> storeIfUnchanged(K key, Entry<V> seen, Entry<V> fresh) {
    if (seen == null) {
      if (map.size() >= maxSize && !map.containsKey(key)) {
        evict();
      }
      return map.putIfAbsent(key, fresh);
    }
    if (map.replace(key, seen, fresh)) {
      return null;
    }
    return map.get(key);
  }

  private void refreshLater(K key, Function<K, V> loader, Entry<V> stale) {
    try {
      refresher.execute(
          () -> {
            long started = clock.millis();
            try {
              V v = loader.apply(key);
              // only replace what we set out to renew: a revocation put meanwhile wins
              map.replace(key, stale, new Entry<>(v, started));
            } catch (RuntimeException ex) {
              stale.refreshing.set(
                  false); // the entry ages out; the next caller loads or fails closed
            }
          });
    } catch (RejectedExecutionException ex) {
      stale.refreshing.set(false);
    }
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
