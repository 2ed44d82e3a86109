package io.github.jwtauth.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StatusRefresherTest {

  /**
   * Tomcat checks a stopped application for threads it started right after the filter's destroy; a
   * renewal still finishing then was reported as a leak ("appears to have started a thread named
   * [jwt-auth-status-refresh] but has failed to stop it").
   */
  @Test
  void whenStoppedDuringARenewalThenTheRefresherThreadIsGoneWhenStopReturns() throws Exception {
    StatusRefresher refresher = new StatusRefresher();
    AtomicReference<Thread> worker = new AtomicReference<>();
    CountDownLatch running = new CountDownLatch(1);
    refresher.execute(
        () -> {
          worker.set(Thread.currentThread());
          running.countDown();
          try {
            Thread.sleep(60_000); // a renewal waiting on the database
          } catch (InterruptedException e) {
            // like a JDBC call that still completes its round trip after the interrupt
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            while (System.nanoTime() < end) {
              Thread.onSpinWait();
            }
          }
        });
    assertTrue(running.await(10, TimeUnit.SECONDS));
    assertTrue(worker.get().getName().startsWith("jwt-auth-status-refresh"));

    refresher.stop();

    assertTrue(refresher.isTerminated());
    assertFalse(worker.get().isAlive(), "the refresher thread outlived the stop");
  }
}
