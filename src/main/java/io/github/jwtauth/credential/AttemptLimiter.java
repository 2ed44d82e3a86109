package io.github.jwtauth.credential;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts failed attempts per identity (an {@code api_key}, a client address) and says how long an
 * identity must wait, before any bcrypt runs (RFC 6749 §2.3.1, OWASP ASVS 6.3). Below {@code
 * threshold} failures there is no wait; each failure beyond it doubles the wait, from one second up
 * to {@code maxWaitSeconds}; failures older than {@code decaySeconds} are forgotten; a success
 * clears the identity.
 *
 * <p>Memory is fixed at start: identities are hashed with a per-process random salt into a table of
 * {@code slots} counters (attackers cannot aim collisions at another identity, nor grow state). A
 * rare collision shares a counter between two identities; it cannot be provoked on purpose. Each
 * slot is one {@code long} updated by compare-and-set: no locks.
 *
 * <p>Thread-safe. Not API.
 */
public final class AttemptLimiter {
  private static final int COUNT_SHIFT = 48; // 16 bits of count, 48 bits of epoch milliseconds
  private static final long TIME_MASK = (1L << COUNT_SHIFT) - 1;

  private final AtomicLongArray slots;
  private final SlotIndex index;
  private final int threshold;
  private final long maxWaitSeconds;
  private final long decaySeconds;
  private final Clock clock;

  public AttemptLimiter(
      int slots, int threshold, long maxWaitSeconds, long decaySeconds, Clock clock) {
    this.slots = new AtomicLongArray(SlotIndex.size(slots));
    this.index = new SlotIndex(this.slots.length());
    this.threshold = threshold;
    this.maxWaitSeconds = maxWaitSeconds;
    this.decaySeconds = decaySeconds;
    this.clock = clock;
  }

  /** Seconds the identity must still wait, rounded up (0 = may try now). */
  public long waitSeconds(String identity) {
    long v = slots.get(index.of(identity));
    long now = clock.millis();
    int failures = failures(v, now);
    if (failures < threshold) {
      return 0;
    }
    long until = (v & TIME_MASK) + delay(failures) * 1000;
    return until <= now ? 0 : (until - now + 999) / 1000;
  }

  /**
   * Records a failure.
   *
   * @return whether this failure reached the threshold exactly (for {@code authn_login_fail_max})
   */
  public boolean failed(String identity) {
    int i = index.of(identity);
    long now = clock.millis();
    while (true) {
      long v = slots.get(i);
      int failures = Math.min(failures(v, now) + 1, 0xFFFF);
      long next = ((long) failures << COUNT_SHIFT) | (now & TIME_MASK);
      if (slots.compareAndSet(i, v, next)) {
        return failures == threshold;
      }
    }
  }

  /** Whether the identity has failures that are not forgotten yet. */
  public boolean hasFailed(String identity) {
    return failures(slots.get(index.of(identity)), clock.millis()) > 0;
  }

  public void succeeded(String identity) {
    slots.set(index.of(identity), 0);
  }

  private int failures(long v, long now) {
    long last = v & TIME_MASK;
    if (v == 0 || now - last > decaySeconds * 1000 || now < last) {
      return 0;
    }
    return (int) (v >>> COUNT_SHIFT);
  }

  private long delay(int failures) {
    int over = failures - threshold; // 0 at the threshold: one second
    return over >= 30 ? maxWaitSeconds : Math.min(maxWaitSeconds, 1L << over);
  }
}
