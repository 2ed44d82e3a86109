package io.github.jwtauth.core;

import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread renewing key-pair statuses in the background (bounded queue; extra work is
 * dropped and done on the request thread instead). It owns its thread: {@link #stop()} ends it and
 * waits for a renewal in flight, so a stopped web application leaves no thread of ours behind.
 *
 * <p>Thread-safe.
 */
public final class StatusRefresher extends ThreadPoolExecutor {
  private static final System.Logger LOG = System.getLogger("io.github.jwtauth");
  private static final long STOP_WAIT_SECONDS = 5;

  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

  public StatusRefresher() {
    super(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024));
    setThreadFactory(
        r -> {
          Thread t = new Thread(r, "jwt-auth-status-refresh");
          t.setDaemon(true);
          threads.removeIf(old -> !old.isAlive()); // the core thread times out when idle
          threads.add(t);
          return t;
        });
    allowCoreThreadTimeOut(true);
  }

  /**
   * Interrupts the thread and waits for a renewal in flight to end (in practice bounded by the
   * store's query timeout), so that the container finds no thread of ours left when it checks the
   * stopped application for leaks.
   */
  public void stop() {
    shutdownNow();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_WAIT_SECONDS);
    try {
      for (Thread t : threads) {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        if (t.isAlive()) {
          LOG.log(
              System.Logger.Level.WARNING,
              "jwt-auth: a key-pair status renewal was still running {0} s after the stop",
              STOP_WAIT_SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
