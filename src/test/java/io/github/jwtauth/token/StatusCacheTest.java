package io.github.jwtauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.jwtauth.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatusCacheTest {
  static final Instant T0 = MutableClock.T0;

  final ExecutorService racer = Executors.newSingleThreadExecutor();

  @AfterEach
  void tearDown() throws InterruptedException {
    racer.shutdownNow();
    assertTrue(racer.awaitTermination(5, TimeUnit.SECONDS));
  }

  static final Function<String, String> NO_LOAD =
      k -> fail("the loader must not be called: the cached value is fresh");

  /**
   * Starts a get on another thread whose loader read "active" and is held until the test has put
   * "revoked", the way a database read just before a revocation committed is.
   */
  Future<String> loadRacingAPut(StatusCache<String, String> c) throws Exception {
    CountDownLatch loaded = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<String> racing =
        racer.submit(
            () ->
                c.get(
                    "k",
                    k -> {
                      loaded.countDown();
                      try {
                        assertTrue(release.await(5, TimeUnit.SECONDS));
                      } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                      }
                      return "active";
                    }));
    assertTrue(loaded.await(5, TimeUnit.SECONDS));
    c.put("k", "revoked");
    release.countDown();
    return racing;
  }

  @Test
  void whenPutDuringLoadOfMissingEntryThenThePutWinsAndIsNotUndone() throws Exception {
    StatusCache<String, String> c = new StatusCache<>(5000, 10, new MutableClock());
    assertEquals("revoked", loadRacingAPut(c).get(5, TimeUnit.SECONDS));
    assertEquals("revoked", c.get("k", NO_LOAD));
    assertEquals(1, c.size());
  }

  @Test
  void whenPutDuringReloadOfExpiredEntryThenThePutWinsAndIsNotUndone() throws Exception {
    MutableClock clock = new MutableClock();
    StatusCache<String, String> c = new StatusCache<>(5000, 10, clock);
    c.get("k", k -> "active");
    clock.now = T0.plus(Duration.ofMillis(5000));
    assertEquals("revoked", loadRacingAPut(c).get(5, TimeUnit.SECONDS));
    assertEquals("revoked", c.get("k", NO_LOAD));
    clock.now = T0.plus(Duration.ofMillis(9999)); // the put's time counts, not the load's
    assertEquals("revoked", c.get("k", NO_LOAD));
  }

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

  @Test
  void whenFullThenATenthOfTheEntriesIsEvictedForANewKey() {
    StatusCache<Integer, Integer> c = new StatusCache<>(5000, 100, new MutableClock());
    for (int i = 0; i < 100; i++) {
      c.get(i, k -> k);
    }
    assertEquals(100, c.size());
    c.get(100, k -> k);
    assertEquals(91, c.size());
    assertEquals(100, c.get(100, k -> fail("the newest entry is kept")));
  }

  @Test
  void whenSmallCacheFullThenOneEntryEvictedForANewKey() {
    StatusCache<Integer, Integer> c = new StatusCache<>(5000, 5, new MutableClock());
    for (int i = 0; i < 6; i++) {
      c.get(i, k -> k);
    }
    assertEquals(5, c.size());
  }

  @Test
  void whenFullThenPutOfANewKeyEvictsAndPutOfACachedKeyDoesNot() {
    StatusCache<Integer, Integer> c = new StatusCache<>(5000, 10, new MutableClock());
    for (int i = 0; i < 10; i++) {
      c.get(i, k -> k);
    }
    c.put(9, -9);
    assertEquals(10, c.size());
    for (int i = 0; i < 9; i++) {
      assertEquals(i, c.get(i, k -> fail("nothing was evicted")));
    }
    c.put(10, -10);
    assertEquals(10, c.size());
    assertEquals(-10, c.get(10, k -> fail("the put entry is kept")));
  }

  @Test
  void whenHitIsHalfTheTtlOldThenServedAndOneBackgroundReloadQueued() {
    MutableClock clock = new MutableClock();
    List<Runnable> queued = new ArrayList<>();
    StatusCache<String, String> c = new StatusCache<>(5000, 10, clock, queued::add);
    c.get("k", k -> "v1");
    clock.now = T0.plusMillis(2499);
    assertEquals("v1", c.get("k", k -> "v2"));
    assertEquals(0, queued.size());
    clock.now = T0.plusMillis(2500);
    assertEquals("v1", c.get("k", k -> "v2"));
    assertEquals(1, queued.size());
    assertEquals("v1", c.get("k", k -> "v3"), "one reload at a time");
    assertEquals(1, queued.size());
    queued.get(0).run();
    assertEquals("v2", c.get("k", NO_LOAD));
    clock.now = T0.plusMillis(2500 + 4999); // fresh from when the reload started
    assertEquals("v2", c.get("k", k -> "v4"));
  }

  @Test
  void whenBackgroundReloadFailsThenTheNextHitQueuesAnother() {
    MutableClock clock = new MutableClock();
    List<Runnable> queued = new ArrayList<>();
    StatusCache<String, String> c = new StatusCache<>(5000, 10, clock, queued::add);
    c.get("k", k -> "v1");
    clock.now = T0.plusMillis(3000);
    assertEquals(
        "v1",
        c.get(
            "k",
            k -> {
              throw new IllegalStateException("database down");
            }));
    queued.get(0).run();
    assertEquals("v1", c.get("k", k -> "v2"), "the old value until it ages out");
    assertEquals(2, queued.size());
    queued.get(1).run();
    assertEquals("v2", c.get("k", NO_LOAD));
  }

  @Test
  void whenRefresherRejectsThenTheNextHitTriesAgain() {
    MutableClock clock = new MutableClock();
    AtomicInteger offered = new AtomicInteger();
    Executor rejecting =
        r -> {
          offered.incrementAndGet();
          throw new RejectedExecutionException("shut down");
        };
    StatusCache<String, String> c = new StatusCache<>(5000, 10, clock, rejecting);
    c.get("k", k -> "v1");
    clock.now = T0.plusMillis(3000);
    assertEquals("v1", c.get("k", k -> "v2"));
    assertEquals("v1", c.get("k", k -> "v2"));
    assertEquals(2, offered.get());
  }
}
