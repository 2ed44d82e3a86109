package io.github.jwtauth.it.ops;

import static io.github.jwtauth.testsupport.Expect.endpointError;
import static io.github.jwtauth.testsupport.Expect.invalidToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Api.KeyPair;
import io.github.jwtauth.testsupport.Api.Tokens;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.Deployment;
import io.github.jwtauth.testsupport.Expect;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.JettyBesideTomcat;
import io.github.jwtauth.testsupport.JettyContainer;
import io.github.jwtauth.testsupport.Jwts;
import io.github.jwtauth.testsupport.NodeClocks;
import io.github.jwtauth.testsupport.StallGate;
import io.github.jwtauth.testsupport.TcpProxy;
import io.github.jwtauth.testsupport.TestWebapp;
import io.github.jwtauth.testsupport.TomcatContainer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the README promises "when the database is down" and about clocks, on a real PostgreSQL
 * reached through the harness's {@link TcpProxy} (cut and restored) chained to a {@link StallGate}
 * (alive but stuck), with PostgreSQL JDBC timeouts {@code connectTimeout=2&socketTimeout=5}: fail
 * closed with 503 and bounded latency, fresh cached statuses keep working and are not stalled by a
 * slow database, nothing half-written, recovery without a restart; and two nodes with skewed clocks
 * (injected through the {@code java.time.Clock} ServletContext attribute).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultIT {
  static final String SECRET = "fault-it-secret-0123456789-abcdefghijklmnopqrstu";
  static final String UNAVAILABLE = "rest_authentication_unavailable";
  static final String JDBC_TIMEOUTS = "connectTimeout=2&socketTimeout=5";

  /** The bound the README's timeouts promise, with room for a busy two-core machine. */
  static final long OUTAGE_BOUND_MILLIS = 10_000;

  static final long DOWN_TTL_MILLIS = 2000;
  static final long SLOW_TTL_MILLIS = 6000;

  Databases.Db db;
  StallGate gate;
  TcpProxy proxy;
  Container jetty;
  Container tomcat;
  Api down; // status-cache-ttl 2 s, through proxy and gate
  Api slow; // status-cache-ttl 6 s, through proxy and gate
  Api p; // Jetty, clock skewed by the test, database direct
  Api q; // Tomcat, clock skewed by the test, database direct
  final NodeClocks.Skewed clockP = new NodeClocks.Skewed();
  final NodeClocks.Skewed clockQ = new NodeClocks.Skewed();

  TestWebapp node(String name, Map<String, String> jdbc) {
    return TestWebapp.named(name)
        .param("jwt-auth.secret", SECRET)
        .param("jwt-auth.schema-create", "true")
        .lenientAttemptLimits()
        .params(jdbc);
  }

  @BeforeAll
  void start() {
    db = Databases.postgres(getClass().getSimpleName());
    String[] hostPort = db.hostPort();
    gate = new StallGate(hostPort[0], Integer.parseInt(hostPort[1]));
    proxy = new TcpProxy("127.0.0.1", gate.port());
    Map<String, String> viaProxy = db.via("127.0.0.1", proxy.port()).jdbcParams();
    viaProxy.put("jwt-auth.jdbc-url", viaProxy.get("jwt-auth.jdbc-url") + "&" + JDBC_TIMEOUTS);
    jetty = new JettyContainer();
    tomcat = new TomcatContainer();
    down =
        new Api(
            JettyBesideTomcat.deploy(
                    jetty, node("fault-down", viaProxy).param("jwt-auth.status-cache-ttl", "2"))
                .requireStarted());
    slow =
        new Api(
            JettyBesideTomcat.deploy(
                    jetty, node("fault-slow", viaProxy).param("jwt-auth.status-cache-ttl", "6"))
                .requireStarted());
    Deployment dp =
        JettyBesideTomcat.deploy(
                jetty,
                node("skew-p", db.jdbcParams())
                    .param("jwt-auth.access-token-ttl", "60")
                    .param("jwt-auth.leeway", "30"))
            .requireStarted();
    Deployment dq =
        tomcat
            .deploy(
                node("skew-q", db.jdbcParams())
                    .param("jwt-auth.access-token-ttl", "60")
                    .param("jwt-auth.leeway", "30"))
            .requireStarted();
    NodeClocks.restartWith(dp, clockP);
    NodeClocks.restartWith(dq, clockQ);
    p = new Api(dp);
    q = new Api(dq);
  }

  @AfterAll
  void stop() {
    try {
      if (tomcat != null) {
        tomcat.close(); // first: Jetty's webapps stop cleanly without Tomcat's JNDI properties
      }
      if (jetty != null) {
        jetty.close();
      }
    } finally {
      if (proxy != null) {
        proxy.close();
      }
      if (gate != null) {
        gate.close();
      }
      if (db != null) {
        db.close();
      }
    }
  }

  @AfterEach
  void restore() {
    gate.resume();
    proxy.start();
    clockP.set(Duration.ZERO);
    clockQ.set(Duration.ZERO);
  }

  // ------------------------------------------------------------------ outage: fail closed, fast

  @Test
  void whenDatabaseIsDownThenTokenEndpointAnswers503QuicklyAndConcurrentRequestsDoNotPileUp()
      throws Exception {
    KeyPair kp = down.createKeyPair("alice", "outage");
    down.tokens(kp);

    proxy.stop(); // connections refused
    long t0 = System.nanoTime();
    endpointError(down.token(kp.apiKey(), kp.apiSecret()), 503, UNAVAILABLE);
    long single = millisSince(t0);
    List<Long> refused = concurrently(8, () -> down.token(kp.apiKey(), kp.apiSecret()));
    long refusedWall = millisSince(t0) - single;

    proxy.start();
    gate.stall(); // connections accepted, nothing answered: only the socket timeout ends the wait
    long t1 = System.nanoTime();
    List<Long> stalled = concurrently(8, () -> down.token(kp.apiKey(), kp.apiSecret()));
    long stalledWall = millisSince(t1);
    gate.resume();

    System.out.printf(
        "[FaultIT] database refused: POST /token 503 in %d ms; 8 concurrent: slowest %d ms, all"
            + " in %d ms%n",
        single, max(refused), refusedWall);
    System.out.printf(
        "[FaultIT] database stalled (%s): 8 concurrent POST /token 503, slowest %d ms, all in %d"
            + " ms%n",
        JDBC_TIMEOUTS, max(stalled), stalledWall);
    assertTrue(single < OUTAGE_BOUND_MILLIS, () -> "503 took " + single + " ms");
    assertTrue(max(refused) < OUTAGE_BOUND_MILLIS, () -> "refused: " + refused);
    assertTrue(max(stalled) < OUTAGE_BOUND_MILLIS, () -> "stalled: " + stalled);
    // 8 requests that each wait for the socket timeout finish together, not one after another
    assertTrue(stalledWall < OUTAGE_BOUND_MILLIS, () -> "piled up: " + stalledWall + " ms");

    // back without a restart
    Tokens after = down.tokens(kp);
    Expect.me(down.me(after.access()), "alice", "Bearer", false);
  }

  /** Runs n copies of call at once; each must be 503 unavailable. Returns each one's millis. */
  static List<Long> concurrently(int n, java.util.concurrent.Callable<Http.Res> call)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<long[]>> fs = new ArrayList<>();
      List<Http.Res> responses = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int i = 0; i < n; i++) {
        fs.add(
            pool.submit(
                () -> {
                  go.await();
                  long s = System.nanoTime();
                  Http.Res r = call.call();
                  responses.add(r);
                  return new long[] {millisSince(s)};
                }));
      }
      go.countDown();
      List<Long> out = new ArrayList<>();
      for (Future<long[]> f : fs) {
        out.add(f.get(60, TimeUnit.SECONDS)[0]);
      }
      for (Http.Res r : responses) {
        endpointError(r, 503, UNAVAILABLE);
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void whenDatabaseIsDownThenBearerRequestsWithStaleStatusAnswer503AndFreshOnes200UntilItReturns() {
    KeyPair kp = down.createKeyPair("bob", "stale or fresh");
    Tokens t = down.tokens(kp);
    for (int cycle = 1; cycle <= 2; cycle++) {
      Expect.me(down.me(t.access()), "bob", "Bearer", false); // status loaded now (after recovery)
      long warm = System.nanoTime();
      proxy.stop();
      Http.Res fresh = down.me(t.access());
      long age = millisSince(warm);
      assertTrue(age < DOWN_TTL_MILLIS / 2, () -> "test too slow to see a fresh status: " + age);
      Expect.me(fresh, "bob", "Bearer", false);

      sleepUntil(warm, DOWN_TTL_MILLIS + 300);
      Expect.error(down.me(t.access()), 503, UNAVAILABLE);
      Expect.error(down.api("/token/validate").bearer(t.access()).get(), 503, UNAVAILABLE);
      endpointError(down.refresh(t.refresh()), 503, UNAVAILABLE);

      proxy.start();
      Expect.me(down.me(t.access()), "bob", "Bearer", false);
    }
    // the refresh token offered while the store was down was not spent
    assertEquals(200, down.refresh(t.refresh()).status(), "refresh after recovery");
  }

  @Test
  void whenDatabaseIsDownThenFailedCallsWriteNothing() {
    KeyPair kp = down.createKeyPair("alice", "nothing half-written");
    Tokens t = down.tokens(kp);
    long keyPairs = db.queryLong("SELECT COUNT(*) FROM jwt_auth_key_pair");
    long revokedKeyPairs =
        db.queryLong("SELECT COUNT(*) FROM jwt_auth_key_pair WHERE revoked_at IS NOT NULL");
    long refreshRows = db.queryLong("SELECT COUNT(*) FROM jwt_auth_refresh_token");
    long spentRows =
        db.queryLong("SELECT COUNT(*) FROM jwt_auth_refresh_token WHERE spent_at IS NOT NULL");

    proxy.stop();
    endpointError(
        down.api("/key-pair").basic("alice", Container.PASSWORD).multipart("name", "x").post(),
        503,
        UNAVAILABLE);
    endpointError(down.token(kp.apiKey(), kp.apiSecret()), 503, UNAVAILABLE);
    endpointError(down.refresh(t.refresh()), 503, UNAVAILABLE);
    endpointError(
        down.api("/key-pair/" + kp.apiKey()).basic("alice", Container.PASSWORD).delete(),
        503,
        UNAVAILABLE);
    endpointError(
        down.api("/key-pair").basic("alice", Container.PASSWORD).delete(), 503, UNAVAILABLE);
    proxy.start();

    assertEquals(keyPairs, db.queryLong("SELECT COUNT(*) FROM jwt_auth_key_pair"), "key-pairs");
    assertEquals(
        revokedKeyPairs,
        db.queryLong("SELECT COUNT(*) FROM jwt_auth_key_pair WHERE revoked_at IS NOT NULL"),
        "revoked key-pairs");
    assertEquals(
        refreshRows, db.queryLong("SELECT COUNT(*) FROM jwt_auth_refresh_token"), "refresh rows");
    assertEquals(
        spentRows,
        db.queryLong("SELECT COUNT(*) FROM jwt_auth_refresh_token WHERE spent_at IS NOT NULL"),
        "spent refresh rows");
    Expect.me(down.me(t.access()), "alice", "Bearer", false);
    assertEquals(200, down.refresh(t.refresh()).status(), "the refresh token still works");
  }

  /**
   * An exchange is one transaction: it locks the key-pair's row, starts the chain (keeping live
   * chains to the limit) and records last_used, and commits once. While the key-pair table cannot
   * be written, the exchange fails whole (503 after the query timeout) and stores nothing, so the
   * client's retry works once the database is back, and its refresh token with it.
   */
  @Test
  void whenTheKeyPairCannotBeWrittenThenTheExchangeFailsWholeAndItsRetryWorks()
      throws SQLException {
    KeyPair kp = down.createKeyPair("bob", "part-way exchange");
    long refreshRows = db.queryLong("SELECT COUNT(*) FROM jwt_auth_refresh_token");
    Http.Res r;
    try (Connection c = lockKeyPairTableForWrites()) {
      r = down.token(kp.apiKey(), kp.apiSecret());
      c.rollback();
    }
    endpointError(r, 503, UNAVAILABLE);
    assertEquals(
        refreshRows,
        db.queryLong("SELECT COUNT(*) FROM jwt_auth_refresh_token"),
        "no chain is stored by a failed exchange");
    Http.Res retry = down.token(kp.apiKey(), kp.apiSecret());
    assertEquals(200, retry.status(), () -> "the exchange, retried: " + retry);
    assertEquals(
        refreshRows + 1,
        db.queryLong("SELECT COUNT(*) FROM jwt_auth_refresh_token"),
        "exactly the issued chain's row is stored");
    Http.Res refreshed = down.refresh(retry.json().getString("refresh_token"));
    assertEquals(200, refreshed.status(), () -> "the issued refresh token works: " + refreshed);
  }

  /**
   * A refresh is one transaction: it locks the key-pair's row, rotates the chain, records last_used
   * and commits once. While the key-pair table cannot be written, the refresh fails whole (503
   * after the query timeout) and spends nothing, so the client's retry with the same refresh token
   * works once the database is back: no reuse detection, no logout.
   */
  @Test
  void whenTheKeyPairCannotBeWrittenThenTheRefreshFailsWholeAndItsRetryWorks() throws SQLException {
    KeyPair kp = down.createKeyPair("alice", "part-way refresh");
    Tokens t = down.tokens(kp);
    Http.Res r;
    try (Connection c = lockKeyPairTableForWrites()) {
      r = down.refresh(t.refresh());
      c.rollback();
    }
    endpointError(r, 503, UNAVAILABLE);
    Http.Res retry = down.refresh(t.refresh());
    assertEquals(200, retry.status(), () -> "the same refresh token, retried: " + retry);
    Http.Res next = down.refresh(retry.json().getString("refresh_token"));
    assertEquals(200, next.status(), () -> "the successor works: " + next);
  }

  /** A session holding an EXCLUSIVE lock on jwt_auth_key_pair: SELECTs pass, writes wait. */
  Connection lockKeyPairTableForWrites() throws SQLException {
    Connection c = db.connect();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("LOCK TABLE jwt_auth_key_pair IN EXCLUSIVE MODE");
    }
    return c;
  }

  // ------------------------------------------------------------------ slow database

  /**
   * The status of the token's key-pair is cached (staleness 6 s). Past half its age, the database
   * stalls for 1.5 s: requests keep being answered from the cache at once while one background
   * renewal waits for the database (an uncached token exchange, the control, waits too). Later,
   * past the first entry's age, the database stalls again: the request is still answered at once,
   * so the background renewal did land.
   */
  @Test
  void whenDatabaseIsSlowThenRequestsWithACachedStatusAreNotStalled() throws Exception {
    KeyPair kp = slow.createKeyPair("admin", "slow database");
    KeyPair other = slow.createKeyPair("admin", "control");
    Tokens t = slow.tokens(kp);
    Expect.me(slow.me(t.access()), "admin", "Bearer", true);
    long warm = System.nanoTime();

    sleepUntil(warm, SLOW_TTL_MILLIS / 2 + 300);
    gate.stall();
    long stallStart = System.nanoTime();
    CompletableFuture<long[]> control =
        CompletableFuture.supplyAsync(
            () -> {
              long s = System.nanoTime();
              Http.Res r = slow.token(other.apiKey(), other.apiSecret());
              return new long[] {r.status(), millisSince(s)};
            });
    List<Long> latencies = new ArrayList<>();
    while (millisSince(stallStart) < 1500) {
      long s = System.nanoTime();
      Http.Res r = slow.me(t.access());
      latencies.add(millisSince(s));
      Expect.me(r, "admin", "Bearer", true);
      Thread.sleep(100);
    }
    long stalledFor = millisSince(stallStart);
    gate.resume();
    long[] c = control.get(30, TimeUnit.SECONDS);

    sleepUntil(warm, SLOW_TTL_MILLIS + 500);
    gate.stall();
    long s = System.nanoTime();
    Http.Res late;
    try {
      late = slow.me(t.access());
    } finally {
      gate.resume();
    }
    long lateMillis = millisSince(s);
    System.out.printf(
        "[FaultIT] database stalled %d ms: %d Bearer requests with a cached status, slowest %d ms;"
            + " an uncached POST /token took %d ms (status %d); stalled again past the first"
            + " entry's age: answered in %d ms%n",
        stalledFor, latencies.size(), max(latencies), c[1], c[0], lateMillis);
    assertTrue(c[1] >= 1000, () -> "the stall did not hold the control request: " + c[1] + " ms");
    assertEquals(200, c[0], "the control request succeeds once the database answers");
    assertTrue(latencies.size() >= 5, () -> "too few requests: " + latencies);
    assertTrue(max(latencies) < 1000, () -> "cached requests were stalled: " + latencies);
    Expect.me(late, "admin", "Bearer", true);
    assertTrue(
        lateMillis < 1000, () -> "no background renewal: the request waited " + lateMillis + " ms");
  }

  // ------------------------------------------------------------------ clock skew

  @Test
  void whenNodeClocksDifferByLessThanTheLeewayThenEachAcceptsTheOthersTokens() {
    clockP.set(Duration.ofSeconds(20));
    clockQ.set(Duration.ofSeconds(-5)); // 25 s apart, leeway 30 s
    KeyPair kp = p.createKeyPair("alice", "skew within leeway");
    Tokens fromP = p.tokens(kp);
    Tokens fromQ = q.tokens(kp);
    assertIssuedAt(fromP.access(), 20);
    assertIssuedAt(fromQ.access(), -5);

    Expect.me(q.me(fromP.access()), "alice", "Bearer", false);
    Expect.me(p.me(fromQ.access()), "alice", "Bearer", false);
    Http.Res rq = q.refresh(fromP.refresh());
    assertEquals(200, rq.status(), rq::toString);
    Http.Res rp = p.refresh(fromQ.refresh());
    assertEquals(200, rp.status(), rp::toString);
    Expect.me(p.me(rq.json().getString("access_token")), "alice", "Bearer", false);
    Expect.me(q.me(rp.json().getString("access_token")), "alice", "Bearer", false);
  }

  @Test
  void whenOneNodesClockIsAheadBeyondTheLeewayThenItsTokensAreNotYetValidElsewhere() {
    clockP.set(Duration.ofSeconds(120)); // access tokens live 60 s, leeway 30 s
    KeyPair kp = p.createKeyPair("bob", "skew beyond leeway");
    Tokens fromP = p.tokens(kp);
    Tokens fromQ = q.tokens(kp);
    assertIssuedAt(fromP.access(), 120);
    assertIssuedAt(fromQ.access(), 0);

    // P's tokens start 120 s in Q's future
    invalidToken(q.me(fromP.access()), "rest_authentication_token_error");
    endpointError(q.refresh(fromP.refresh()), 403, "rest_authentication_token_error");
    // Q's tokens ended 60 s ago in P's present
    invalidToken(p.me(fromQ.access()), "rest_authentication_token_expired");
    // each node still accepts its own
    Expect.me(p.me(fromP.access()), "bob", "Bearer", false);
    Expect.me(q.me(fromQ.access()), "bob", "Bearer", false);
  }

  /** The token's iat is the real time moved by offsetSeconds: the node used the injected clock. */
  static void assertIssuedAt(String token, long offsetSeconds) {
    long iat = Jwts.payload(token).getJsonNumber("iat").longValue();
    long expected = System.currentTimeMillis() / 1000 + offsetSeconds;
    assertTrue(
        Math.abs(iat - expected) <= 3,
        () -> "iat " + iat + " is not now" + (offsetSeconds >= 0 ? "+" : "") + offsetSeconds);
  }

  // ------------------------------------------------------------------ helpers

  static long millisSince(long nanoStart) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoStart);
  }

  static long max(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).max().orElse(-1);
  }

  static void sleepUntil(long nanoStart, long millisAfter) {
    long left = millisAfter - millisSince(nanoStart);
    if (left > 0) {
      try {
        Thread.sleep(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
