package io.github.jwtauth.bench;

import io.github.jwtauth.Authentication;
import io.github.jwtauth.keys.KeySet;
import io.github.jwtauth.store.KeyPairStore;
import io.github.jwtauth.token.BearerAuthenticator;
import io.github.jwtauth.token.TokenIssuer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The hot path with many distinct key-pairs (issue 6, target 5): {@code keyPairs} key-pairs in H2,
 * one HS256 access token each, requests spread uniformly over them, with the default bounded caches
 * (10,000 statuses, 10,000 verified tokens), the real clock and background renewal. Up to 10,000
 * key-pairs everything is served from the caches; beyond, most requests miss both caches and pay a
 * full verification plus a database round trip. Memory is measured by {@link CacheMemory}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class ScaleBenchmark {
  @Param({"10", "10000", "1000000"})
  public int keyPairs;

  private byte[][] tokens;
  private BearerAuthenticator auth;
  private CountingDataSource db;
  private ThreadPoolExecutor refresher;

  /** Picks tokens; counts calls and the database round trips they made (summed per iteration). */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Picker {
    final SplittableRandom random = new SplittableRandom(42);
    public long calls;
    public long dbRoundTrips;

    @Setup(Level.Iteration)
    public void reset() {
      calls = 0;
      dbRoundTrips = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    Clock clock = Clock.systemUTC();
    KeySet keys = Fixtures.keys("HS256");
    db = new CountingDataSource(Fixtures.h2("scale" + keyPairs + "-" + System.nanoTime()));
    KeyPairStore store = new KeyPairStore(db, Fixtures.schema(db));
    Fixtures.insertKeyPairs(db, "k", keyPairs);
    TokenIssuer issuer = Fixtures.issuer(keys, clock);
    Instant now = clock.instant();
    tokens = new byte[keyPairs][];
    for (int i = 0; i < keyPairs; i++) {
      tokens[i] =
          issuer
              .access(Fixtures.user("user" + i), "k" + i, now)
              .getBytes(StandardCharsets.ISO_8859_1);
    }
    refresher = Fixtures.refresher();
    auth =
        Fixtures.authenticator(
            keys,
            store,
            Fixtures.TOKEN_CACHE_SIZE,
            Fixtures.STATUS_CACHE_SIZE,
            clock,
            refresher,
            null);
    if (!auth.authenticate(Fixtures.fresh(tokens[keyPairs - 1]))
        .login()
        .equals("user" + (keyPairs - 1))) {
      throw new IllegalStateException("bench self-check failed");
    }
    // start from full caches, as a server that has been up a while
    for (int i = 0; i < Math.min(keyPairs, Fixtures.TOKEN_CACHE_SIZE); i++) {
      auth.authenticate(Fixtures.fresh(tokens[i]));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    refresher.shutdownNow();
    System.out.printf(
        "%n[bench] scale %d key-pairs: request-thread DB round trips in the trial: %d,"
            + " background renewals: %d%n",
        keyPairs, db.requestThreadConnections(), db.backgroundConnections());
  }

  @Benchmark
  public Authentication authenticate(Picker p) {
    long before = db.requestThreadConnections();
    Authentication a = auth.authenticate(Fixtures.fresh(tokens[p.random.nextInt(keyPairs)]));
    p.calls++;
    p.dbRoundTrips += db.requestThreadConnections() - before;
    return a;
  }
}
