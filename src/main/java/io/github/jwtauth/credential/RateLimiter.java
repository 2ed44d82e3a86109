package io.github.jwtauth.credential;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Allows each identity (a key-pair's {@code api_key}) at most {@code limit} events per minute on
 * this node, in fixed one-minute windows. An event over the limit is refused and not counted, and
 * the caller is told how many seconds remain in the window (RFC 6585 §4, RFC 9110 §10.2.3).
 *
 * <p>Memory is fixed at start, as in {@link AttemptLimiter}: identities are hashed with a
 * per-process random salt into {@code slots} counters of one {@code long} each (16 bits of count,
 * 48 bits of the window's start in epoch milliseconds), updated by compare-and-set. A rare
 * collision makes two identities share one budget; it cannot be aimed. A {@code limit} of 0 allows
 * everything.
 *
 * <p>Thread-safe. Not API.
 */
public final class RateLimiter {
  private static final int COUNT_SHIFT = 48;
  private static final long TIME_MASK = (1L << COUNT_SHIFT) - 1;
  private static final long WINDOW_MILLIS = 60_000;

  private final AtomicLongArray slots;
  private final SlotIndex index;
  private final int limit;
  private final Clock clock;

  public RateLimiter(int slots, int limit, Clock clock) {
    this.slots = new AtomicLongArray(SlotIndex.size(slots));
    this.index = new SlotIndex(this.slots.length());
    this.limit = Math.min(limit, 0xFFFF);
    this.clock = clock;
  }

  /**
   * Counts one event for the identity if its budget allows it.
   *
   * @return 0 if the event is allowed (and counted), else the seconds until the window ends
   */
  public long acquire(String identity) {
    if (limit <= 0) {
      return 0;
    }
    int i = index.of(identity);
    long now = clock.millis();
    while (true) {
      long v = slots.get(i);
      long start = v & TIME_MASK;
      boolean current = v != 0 && now >= start && now - start < WINDOW_MILLIS;
      int count = current ? (int) (v >>> COUNT_SHIFT) : 0;
      if (count >= limit) {
        return Math.max(1, (start + WINDOW_MILLIS - now + 999) / 1000);
      }
      long next = ((long) (count + 1) << COUNT_SHIFT) | (current ? start : now & TIME_MASK);
      if (slots.compareAndSet(i, v, next)) {
        return 0;
      }
    }
  }
}
