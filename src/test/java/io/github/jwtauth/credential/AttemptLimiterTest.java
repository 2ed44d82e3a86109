package io.github.jwtauth.credential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AttemptLimiterTest {
  final MutableClock clock = new MutableClock();
  final AttemptLimiter limiter = new AttemptLimiter(1 << 16, 5, 900, 900, clock);

  @Test
  void whenBelowThresholdThenNoWait() {
    for (int i = 0; i < 4; i++) {
      assertFalse(limiter.failed("k"));
    }
    assertEquals(0, limiter.waitSeconds("k"));
  }

  @Test
  void whenThresholdReachedThenWaitDoublesUpToMax() {
    for (int i = 0; i < 4; i++) {
      limiter.failed("k");
    }
    assertTrue(limiter.failed("k"), "the fifth failure reaches the threshold");
    assertEquals(1, limiter.waitSeconds("k"));
    limiter.failed("k");
    assertEquals(2, limiter.waitSeconds("k"));
    limiter.failed("k");
    assertEquals(4, limiter.waitSeconds("k"));
    for (int i = 0; i < 40; i++) {
      limiter.failed("k");
    }
    assertEquals(900, limiter.waitSeconds("k"));
  }

  @Test
  void whenTimePassesThenWaitShrinksAndFailuresDecay() {
    for (int i = 0; i < 8; i++) {
      limiter.failed("k");
    }
    assertEquals(8, limiter.waitSeconds("k"));
    clock.now = clock.now.plusSeconds(5);
    assertEquals(3, limiter.waitSeconds("k"));
    clock.now = clock.now.plus(Duration.ofSeconds(901));
    assertEquals(0, limiter.waitSeconds("k"));
    assertFalse(limiter.failed("k"), "counting starts over after the quiet window");
    assertEquals(0, limiter.waitSeconds("k"));
  }

  @Test
  void whenOneIdentityHammeredThenOthersUnaffected() {
    for (int i = 0; i < 100; i++) {
      limiter.failed("attacked-key");
    }
    assertTrue(limiter.waitSeconds("attacked-key") > 0);
    int locked = 0;
    for (int i = 0; i < 1000; i++) {
      if (limiter.waitSeconds("other-key-" + i) > 0) {
        locked++;
      }
    }
    // a collision in 65536 slots is possible but must be rare, and cannot be aimed
    assertTrue(locked <= 1, "locked " + locked);
  }

  @Test
  void whenSucceededThenCleared() {
    for (int i = 0; i < 7; i++) {
      limiter.failed("k");
    }
    limiter.succeeded("k");
    assertEquals(0, limiter.waitSeconds("k"));
  }

  @Test
  void whenFloodedWithDistinctIdentitiesThenMemoryIsFixed() {
    // no map grows: a million distinct attacker-chosen keys only touch the fixed table
    for (int i = 0; i < 1_000_000; i++) {
      limiter.failed("random-" + i);
    }
    assertTrue(limiter.waitSeconds("random-1") >= 0);
  }

  @Test
  void whenFailuresAreExactlyTheDecayWindowOldThenStillCountedAndForgottenOneMillisecondLater() {
    limiter.failed("k");
    clock.now = MutableClock.T0.plusSeconds(900);
    assertTrue(limiter.hasFailed("k"));
    clock.now = MutableClock.T0.plusMillis(900_001);
    assertFalse(limiter.hasFailed("k"));
  }

  @Test
  void whenNeverFailedOrSucceededOrClockWentBackThenHasNotFailed() {
    assertFalse(limiter.hasFailed("k"));
    limiter.failed("k");
    assertTrue(limiter.hasFailed("k"));
    assertFalse(limiter.hasFailed("other"));
    limiter.succeeded("k");
    assertFalse(limiter.hasFailed("k"));
    limiter.failed("k");
    clock.now = MutableClock.T0.minusMillis(1);
    assertFalse(limiter.hasFailed("k"), "a failure in the future is not trusted");
  }

  @Test
  void whenThirtyFailuresOverThresholdThenTheMaximumWaitWithoutShiftOverflow() {
    long max = 1L << 40; // over 2^30 s: the doubling would not have reached it yet
    AttemptLimiter l = new AttemptLimiter(1 << 16, 5, max, 900, clock);
    for (int i = 0; i < 5 + 29; i++) {
      l.failed("k");
    }
    assertEquals(1L << 29, l.waitSeconds("k"));
    l.failed("k");
    assertEquals(max, l.waitSeconds("k"));
  }

  @Test
  void whenWaitEndsThenZeroAtThatMillisecondAndOneSecondJustBefore() {
    for (int i = 0; i < 5; i++) {
      limiter.failed("k");
    }
    clock.now = MutableClock.T0.plusMillis(999);
    assertEquals(1, limiter.waitSeconds("k"));
    clock.now = MutableClock.T0.plusMillis(1000);
    assertEquals(0, limiter.waitSeconds("k"));
  }
}
