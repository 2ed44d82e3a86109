package io.github.jwtauth.bench;

import io.github.jwtauth.cache.ExpiringCache;
import io.github.jwtauth.keys.KeySet;
import io.github.jwtauth.store.KeyPairStore;
import io.github.jwtauth.token.BearerAuthenticator;
import io.github.jwtauth.token.KeyPairStatus;
import io.github.jwtauth.token.StatusCache;
import io.github.jwtauth.token.TokenIssuer;
import io.github.jwtauth.token.TokenVerifier;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * What JMH does not measure well, written to a JSON file for run-jmh.sh (issue 6, targets 3 and 5):
 *
 * <ol>
 *   <li><b>Round trips in steady state</b>: two threads authenticate one HS256 token for a few
 *       seconds through a real KeyPairStore on H2; database connections opened on the request
 *       threads and on the background renewal thread are counted.
 *   <li><b>Memory of the bounded caches</b> after N distinct key-pairs (10, 10k, 1M; one token
 *       each) went through the default caches (10,000 statuses, 10,000 verified tokens): retained
 *       heap of each cache, measured by dropping it and comparing the used heap after full GCs; and
 *       how many database round trips the N first requests cost.
 * </ol>
 *
 * <p>Usage: {@code HotPathReport OUT.json} with {@code -Dsteady.seconds=5
 * -Dmemory.sizes=10,10000,1000000}.
 */
public final class HotPathReport {
  private HotPathReport() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "results/hotpath.json");
    int seconds = Integer.getInteger("steady.seconds", 5);
    String sizes = System.getProperty("memory.sizes", "10,10000,1000000");
    StringBuilder json = new StringBuilder("{\n");
    json.append("  \"steady\": ").append(steadyState(seconds)).append(",\n  \"memory\": [\n");
    List<String> rows = new ArrayList<>();
    for (String n : sizes.split(",")) {
      rows.add("    " + memory(Integer.parseInt(n.trim())));
    }
    json.append(String.join(",\n", rows)).append("\n  ]\n}\n");
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, json.toString());
    System.out.println("[report] written " + out);
  }

  private static String steadyState(int seconds) throws Exception {
    Clock clock = Clock.systemUTC();
    KeySet keys = Fixtures.keys("HS256");
    CountingDataSource db = new CountingDataSource(Fixtures.h2("steady" + System.nanoTime()));
    KeyPairStore store = new KeyPairStore(db, Fixtures.schema(db));
    store.insert(Fixtures.keyPair("k1", "alice", "$2a$10$x"));
    byte[] token =
        Fixtures.issuer(keys, clock)
            .access(Fixtures.user("alice"), "k1", clock.instant())
            .getBytes(StandardCharsets.ISO_8859_1);
    ThreadPoolExecutor refresher = Fixtures.refresher();
    BearerAuthenticator auth =
        Fixtures.authenticator(
            keys,
            store,
            Fixtures.TOKEN_CACHE_SIZE,
            Fixtures.STATUS_CACHE_SIZE,
            clock,
            refresher,
            null);
    long beforeFirst = db.requestThreadConnections();
    auth.authenticate(Fixtures.fresh(token)); // first request: one status load
    long setupConnections = db.requestThreadConnections();
    long firstRequest = setupConnections - beforeFirst;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long[] counts = new long[2];
    Thread[] threads = new Thread[2];
    for (int t = 0; t < 2; t++) {
      int me = t;
      threads[t] =
          new Thread(
              () -> {
                long n = 0;
                while (System.nanoTime() < end) {
                  for (int i = 0; i < 1000; i++) {
                    auth.authenticate(Fixtures.fresh(token));
                  }
                  n += 1000;
                }
                counts[me] = n;
              },
              "request-" + t);
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    refresher.shutdownNow();
    long calls = counts[0] + counts[1];
    long onRequests = db.requestThreadConnections() - setupConnections;
    long background = db.backgroundConnections();
    System.out.printf(
        Locale.ROOT,
        "[report] steady state, %d s, 2 threads: %,d authentications, %d DB round trips on"
            + " request threads (%.3g per request), %d background renewals%n",
        seconds,
        calls,
        onRequests,
        onRequests / (double) calls,
        background);
    return String.format(
        Locale.ROOT,
        "{\"seconds\": %d, \"threads\": 2, \"authentications\": %d,"
            + " \"requestThreadRoundTrips\": %d, \"backgroundRoundTrips\": %d, \"firstRequestRoundTrips\": %d}",
        seconds,
        calls,
        onRequests,
        background,
        firstRequest);
  }

  private static String memory(int n) throws Exception {
    Clock clock = Clock.systemUTC();
    KeySet keys = Fixtures.keys("HS256");
    CountingDataSource db =
        new CountingDataSource(Fixtures.h2("memory" + n + "-" + System.nanoTime()));
    KeyPairStore store = new KeyPairStore(db, Fixtures.schema(db));
    Fixtures.insertKeyPairs(db, "k", n);
    TokenIssuer issuer = Fixtures.issuer(keys, clock);
    Instant now = clock.instant();
    byte[][] tokens = new byte[n][];
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i ->
                tokens[i] =
                    issuer
                        .access(Fixtures.user("user" + i), "k" + i, now)
                        .getBytes(StandardCharsets.ISO_8859_1));
    ThreadPoolExecutor refresher = Fixtures.refresher();
    AtomicReference<ExpiringCache<TokenVerifier.Verified>> tokenCache =
        new AtomicReference<>(new ExpiringCache<>(Fixtures.TOKEN_CACHE_SIZE));
    AtomicReference<StatusCache<String, KeyPairStatus>> statusCache =
        new AtomicReference<>(Fixtures.statusCache(Fixtures.STATUS_CACHE_SIZE, clock, refresher));
    AtomicReference<BearerAuthenticator> auth =
        new AtomicReference<>(
            Fixtures.authenticator(keys, store, clock, tokenCache.get(), statusCache.get()));
    long before = db.requestThreadConnections();
    IntStream.range(0, n)
        .parallel()
        .forEach(i -> auth.get().authenticate(Fixtures.fresh(tokens[i])));
    long dbTrips = db.requestThreadConnections() - before;
    refresher.shutdownNow();
    refresher.awaitTermination(10, TimeUnit.SECONDS);
    int tokenEntries = tokenCache.get().size();
    int statusEntries = statusCache.get().size();
    auth.set(null);
    long withBoth = usedAfterGc();
    tokenCache.set(null);
    long withStatus = usedAfterGc();
    statusCache.set(null);
    long without = usedAfterGc();
    long tokenBytes = withBoth - withStatus;
    long statusBytes = withStatus - without;
    System.out.printf(
        Locale.ROOT,
        "[report] %,d distinct key-pairs through the caches (%,d DB round trips):"
            + " token cache %,d entries = %.1f MiB (%,d B each), status cache %,d entries = %.1f MiB (%,d B each)%n",
        n,
        dbTrips,
        tokenEntries,
        tokenBytes / 1048576.0,
        tokenBytes / Math.max(1, tokenEntries),
        statusEntries,
        statusBytes / 1048576.0,
        statusBytes / Math.max(1, statusEntries));
    if (tokens.length != n) {
      throw new AssertionError(); // keeps the tokens reachable until after the measurement
    }
    return String.format(
        Locale.ROOT,
        "{\"keyPairs\": %d, \"roundTrips\": %d,"
            + " \"tokenCacheEntries\": %d, \"tokenCacheBytes\": %d, \"statusCacheEntries\": %d, \"statusCacheBytes\": %d}",
        n,
        dbTrips,
        tokenEntries,
        tokenBytes,
        statusEntries,
        statusBytes);
  }

  private static long usedAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
