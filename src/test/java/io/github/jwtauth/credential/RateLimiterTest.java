package io.github.jwtauth.credential;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jwtauth.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  final MutableClock clock = new MutableClock();

  private void spend(RateLimiter limiter, String identity, int events) {
    for (int i = 0; i < events; i++) {
      assertEquals(0, limiter.acquire(identity), "event " + (i + 1) + " is within the budget");
    }
  }

  @Test
  void whenBudgetSpentThenRefusedWithSecondsLeftInTheWindow() {
    RateLimiter limiter = new RateLimiter(1 << 16, 3, clock);
    spend(limiter, "k", 3);
    assertEquals(60, limiter.acquire("k"));
    clock.now = clock.now.plusMillis(1);
    assertEquals(60, limiter.acquire("k"), "59.999 s left, rounded up");
    clock.now = clock.now.plusMillis(30_499);
    assertEquals(30, limiter.acquire("k"), "29.5 s left, rounded up");
    clock.now = MutableClock.T0.plusMillis(59_999);
    assertEquals(1, limiter.acquire("k"), "1 ms left is still one second");
  }

  @Test
  void whenRefusedThenTheRefusalIsNotCounted() {
    RateLimiter limiter = new RateLimiter(1 << 16, 2, clock);
    spend(limiter, "k", 2);
    for (int i = 0; i < 10; i++) {
      assertEquals(60, limiter.acquire("k"));
    }
    clock.now = clock.now.plusSeconds(60);
    spend(limiter, "k", 2);
    assertEquals(60, limiter.acquire("k"));
  }

  @Test
  void whenWindowEndsThenBudgetRenewedExactlyAtSixtySeconds() {
    RateLimiter limiter = new RateLimiter(1 << 16, 2, clock);
    spend(limiter, "k", 2);
    clock.now = MutableClock.T0.plusMillis(59_999);
    assertEquals(1, limiter.acquire("k"));
    clock.now = MutableClock.T0.plusMillis(60_000);
    spend(limiter, "k", 2);
    assertEquals(60, limiter.acquire("k"), "the new window started at 60 s");
  }

  @Test
  void whenEventsSpreadOverTheWindowThenTheWindowStartsAtTheFirst() {
    RateLimiter limiter = new RateLimiter(1 << 16, 2, clock);
    spend(limiter, "k", 1);
    clock.now = MutableClock.T0.plusSeconds(50);
    spend(limiter, "k", 1);
    assertEquals(10, limiter.acquire("k"), "the window is the first event's, not the last's");
  }

  @Test
  void whenClockGoesBackThenANewWindowStarts() {
    RateLimiter limiter = new RateLimiter(1 << 16, 1, clock);
    clock.now = MutableClock.T0.plusSeconds(10);
    spend(limiter, "k", 1);
    assertEquals(60, limiter.acquire("k"));
    clock.now = MutableClock.T0;
    spend(limiter, "k", 1);
    assertEquals(60, limiter.acquire("k"));
  }

  @Test
  void whenLimitIsZeroThenEverythingAllowed() {
    RateLimiter limiter = new RateLimiter(1 << 16, 0, clock);
    spend(limiter, "k", 1_000);
  }

  @Test
  void whenLimitOverTheCounterRangeThenCappedAt65535() {
    RateLimiter limiter = new RateLimiter(16, 1_000_000, clock);
    spend(limiter, "k", 0xFFFF);
    assertEquals(60, limiter.acquire("k"));
  }

  @Test
  void whenOneIdentitySpentItsBudgetThenAnotherStillHasItsOwn() {
    RateLimiter limiter = new RateLimiter(1 << 16, 1, clock);
    spend(limiter, "a", 1);
    assertEquals(60, limiter.acquire("a"));
    spend(limiter, "b", 1);
  }
}
