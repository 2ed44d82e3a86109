package io.github.jwtauth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StatusCacheTest {
  static final Instant T0 = MutableClock.T0;

  @Test
  void whenFreshThenLoaderNotCalledAgain() {
    MutableClock clock = new MutableClock();
    StatusCache<String, String> c = new StatusCache<>(5000, 10, clock);
    AtomicInteger loads = new AtomicInteger();
    c.get("k", k -> "v" + loads.incrementAndGet());
    clock.now = T0.plus(Duration.ofMillis(4999));
    assertEquals("v1", c.get("k", k -> "v" + loads.incrementAndGet()));
    assertEquals(1, loads.get());
  }

  @Test
  void whenStaleThenReloaded() {
    MutableClock clock = new MutableClock();
    StatusCache<String, String> c = new StatusCache<>(5000, 10, clock);
    AtomicInteger loads = new AtomicInteger();
    c.get("k", k -> "v" + loads.incrementAndGet());
    clock.now = T0.plus(Duration.ofMillis(5000));
    assertEquals("v2", c.get("k", k -> "v" + loads.incrementAndGet()));
  }

  @Test
  void whenTtlZeroThenAlwaysLoads() {
    StatusCache<String, String> c = new StatusCache<>(0, 10, new MutableClock());
    AtomicInteger loads = new AtomicInteger();
    c.get("k", k -> "v" + loads.incrementAndGet());
    c.get("k", k -> "v" + loads.incrementAndGet());
    assertEquals(2, loads.get());
    assertEquals(0, c.size());
  }

  @Test
  void whenLoaderThrowsThenNothingCachedAndErrorPropagates() {
    StatusCache<String, String> c = new StatusCache<>(5000, 10, new MutableClock());
    assertThrows(
        IllegalStateException.class,
        () ->
            c.get(
                "k",
                k -> {
                  throw new IllegalStateException();
                }));
    assertEquals(0, c.size());
  }

  @Test
  void whenPutThenOverridesAtOnce() {
    StatusCache<String, String> c = new StatusCache<>(5000, 10, new MutableClock());
    c.get("k", k -> "active");
    c.put("k", "revoked");
    assertEquals("revoked", c.get("k", k -> "active"));
  }

  @Test
  void whenManyKeysThenBounded() {
    StatusCache<Integer, Integer> c = new StatusCache<>(5000, 100, new MutableClock());
    for (int i = 0; i < 10_000; i++) {
      c.get(i, k -> k);
    }
    assertTrue(c.size() <= 100, "size " + c.size());
  }

  @Test
  void whenClockGoesBackwardsThenReloaded() {
    MutableClock clock = new MutableClock();
    StatusCache<String, String> c = new StatusCache<>(5000, 10, clock);
    AtomicInteger loads = new AtomicInteger();
    c.get("k", k -> "v" + loads.incrementAndGet());
    clock.now = T0.minusSeconds(1);
    c.get("k", k -> "v" + loads.incrementAndGet());
    assertEquals(2, loads.get());
  }
}
