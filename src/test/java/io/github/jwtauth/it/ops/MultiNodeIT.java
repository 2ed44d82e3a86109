package io.github.jwtauth.it.ops;

import static io.github.jwtauth.testsupport.Expect.endpointError;
import static io.github.jwtauth.testsupport.Expect.invalidToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Api.KeyPair;
import io.github.jwtauth.testsupport.Api.Tokens;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.Expect;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.JettyBesideTomcat;
import io.github.jwtauth.testsupport.JettyContainer;
import io.github.jwtauth.testsupport.Jwts;
import io.github.jwtauth.testsupport.TestWebapp;
import io.github.jwtauth.testsupport.TomcatContainer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Several nodes on one PostgreSQL, as the README's "Running several nodes" describes: node A on
 * Jetty 12, node B on Tomcat 11 (status staleness 2 s), node B0 on the same Tomcat with staleness
 * 0, node C on a second Jetty server; all in this JVM with the same secret. Key-pairs, refresh
 * chains and revocations are shared through the database; the status cache is per node and bounds
 * how long a revocation takes to reach the others.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiNodeIT {
  static final String SECRET = "multi-node-it-secret-0123456789-abcdefghijklmnop";
  static final long B_TTL_MILLIS = 2000;

  /** Poll interval and slack for the propagation bound: a poll, a request, a scheduler hiccup. */
  static final long POLL_MILLIS = 50;

  static final long SLACK_MILLIS = 1000;

  Databases.Db db;
  Container jetty;
  Container tomcat;
  Container jetty2;
  Api a;
  Api b;
  Api b0;
  Api c;

  TestWebapp node(String name, String statusCacheTtl) {
    return TestWebapp.named(name)
        .param("jwt-auth.secret", SECRET)
        .param("jwt-auth.schema-create", "true")
        .param("jwt-auth.status-cache-ttl", statusCacheTtl)
        .lenientAttemptLimits()
        .params(db.jdbcParams());
  }

  @BeforeAll
  void start() {
    db = Databases.postgres(getClass().getSimpleName());
    jetty = new JettyContainer();
    tomcat = new TomcatContainer();
    jetty2 = new JettyContainer();
    a = new Api(JettyBesideTomcat.deploy(jetty, node("node-a", "5")).requireStarted());
    b = new Api(tomcat.deploy(node("node-b", "2")).requireStarted());
    b0 = new Api(tomcat.deploy(node("node-b0", "0")).requireStarted());
    c = new Api(JettyBesideTomcat.deploy(jetty2, node("node-c", "5")).requireStarted());
  }

  @AfterAll
  void stop() {
    for (Container k : new Container[] {tomcat, jetty, jetty2}) { // Jetty stops cleanly alone
      if (k != null) {
        k.close();
      }
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void whenKeyPairIsCreatedOnOneNodeThenAnotherNodeIssuesTokensForIt() {
    KeyPair kp = a.createKeyPair("alice", "made on A");
    Tokens onB = b.tokens(kp);
    assertEquals(
        kp.apiKey(),
        onB.body().getJsonObject("data").getJsonObject("user").getString("api_key"),
        "B issued for the key-pair made on A");
    Expect.me(b.me(onB.access()), "alice", "Bearer", false);

    KeyPair kp2 = c.createKeyPair("bob", "made on C");
    Tokens onB0 = b0.tokens(kp2);
    Expect.me(a.me(onB0.access()), "bob", "Bearer", false);
    assertTrue(
        a.list("bob", null).stream()
            .anyMatch(r -> r.asJsonObject().getString("api_key").equals(kp2.apiKey())),
        "A lists the key-pair made on C");
  }

  @Test
  void whenTokenIsIssuedByOneNodeThenEveryNodeAcceptsIt() {
    KeyPair kp = a.createKeyPair("admin", "issued on A");
    Tokens t = a.tokens(kp);
    for (Api node : List.of(a, b, b0, c)) {
      Expect.me(node.me(t.access()), "admin", "Bearer", true);
      Http.Res v = node.api("/token/validate").bearer(t.access()).get();
      assertEquals(200, v.status(), v::toString);
      assertEquals(
          "rest_authentication_valid_access_token", v.json().getString("code"), v::toString);
    }
  }

  @Test
  void whenRefreshChainStartsOnOneNodeThenItContinuesOnOthersAndASpentTokenIsRefusedEverywhere() {
    KeyPair kp = a.createKeyPair("alice", "chain");
    Tokens t0 = a.tokens(kp);

    Http.Res r1 = b.refresh(t0.refresh());
    assertEquals(200, r1.status(), () -> "refresh on B of a token from A: " + r1);
    String refresh1 = r1.json().getString("refresh_token");
    assertNotEquals(t0.refresh(), refresh1, "a new refresh token");
    Expect.me(c.me(r1.json().getString("access_token")), "alice", "Bearer", false);

    Http.Res r2 = c.refresh(refresh1);
    assertEquals(200, r2.status(), () -> "refresh on C of a token from B: " + r2);
    String refresh2 = r2.json().getString("refresh_token");
    assertEquals(
        Jwts.payload(t0.refresh()).getJsonObject("data").getJsonObject("user").getString("api_key"),
        Jwts.payload(refresh2).getJsonObject("data").getJsonObject("user").getString("api_key"));

    // the first token, spent on B, comes back to A: reuse, and the whole chain dies
    endpointError(a.refresh(t0.refresh()), 403, "rest_authentication_refresh_token_reused");
    endpointError(b.refresh(refresh2), 403, "rest_authentication_refresh_token_reused");
    endpointError(c.refresh(refresh1), 403, "rest_authentication_refresh_token_reused");
    // the key-pair itself is not revoked: a new chain can start anywhere
    Tokens fresh = b0.tokens(kp);
    assertEquals(200, c.refresh(fresh.refresh()).status(), "a new chain works");
  }

  @Test
  void whenKeyPairIsRevokedOnOneNodeThenItIsRefusedThereAtOnceAndOnBWithinItsStalenessBound() {
    KeyPair kp = a.createKeyPair("bob", "revoked on A");
    Tokens t = a.tokens(kp);
    Expect.me(a.me(t.access()), "bob", "Bearer", false);
    Tokens other = c.tokens(kp);
    // B caches the status now: the worst case, its whole staleness bound still ahead
    Expect.me(b.me(t.access()), "bob", "Bearer", false);

    long before = System.nanoTime();
    Http.Res del = a.api("/key-pair/" + kp.apiKey()).basic("bob", Container.PASSWORD).delete();
    long deleted = System.nanoTime();
    assertEquals(200, del.status(), del::toString);

    invalidToken(a.me(t.access()), "rest_authentication_revoked_api_key");
    long propagation = -1;
    int served = 0;
    while (System.nanoTime() - before < TimeUnit.MILLISECONDS.toNanos(B_TTL_MILLIS * 3)) {
      Http.Res r = b.me(t.access());
      if (r.status() == 401) {
        propagation = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
        invalidToken(r, "rest_authentication_revoked_api_key");
        break;
      }
      Expect.me(r, "bob", "Bearer", false); // still served from B's cache, nothing else
      served++;
      sleep(POLL_MILLIS);
    }
    System.out.printf(
        "[MultiNodeIT] revocation propagation to node B (status-cache-ttl=%d ms): %d ms after the"
            + " DELETE was sent (DELETE took %d ms; B still served %d polls)%n",
        B_TTL_MILLIS, propagation, TimeUnit.NANOSECONDS.toMillis(deleted - before), served);
    long measured = propagation;
    assertTrue(measured >= 0, "B never refused the revoked key-pair");
    assertTrue(
        measured <= B_TTL_MILLIS + SLACK_MILLIS,
        () -> "B refused only " + measured + " ms after the DELETE, beyond its staleness bound");
    // refresh tokens are checked against the database: refused at once, everywhere
    endpointError(c.refresh(other.refresh()), 403, "rest_authentication_revoked_api_key");
    endpointError(b.token(kp.apiKey(), kp.apiSecret()), 403, "rest_authentication_revoked_api_key");
    invalidToken(c.me(other.access()), "rest_authentication_revoked_api_key");
  }

  @Test
  void whenStatusCacheTtlIsZeroThenTheOtherNodeRefusesTheFirstRequestAfterRevocation() {
    KeyPair kp = a.createKeyPair("alice", "revoked, ttl 0 elsewhere");
    Tokens t = a.tokens(kp);
    for (int i = 0; i < 3; i++) {
      Expect.me(b0.me(t.access()), "alice", "Bearer", false);
    }
    long before = System.nanoTime();
    Http.Res del = a.api("/key-pair/" + kp.apiKey()).basic("alice", Container.PASSWORD).delete();
    assertEquals(200, del.status(), del::toString);
    Http.Res first = b0.me(t.access());
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
    System.out.printf(
        "[MultiNodeIT] revocation propagation to node B0 (status-cache-ttl=0): first request"
            + " after the DELETE refused, %d ms after the DELETE was sent%n",
        took);
    invalidToken(first, "rest_authentication_revoked_api_key");
  }

  @Test
  void whenTwoNodesRefreshOneTokenAtTheSameMomentThenExactlyOneSucceeds() throws Exception {
    KeyPair kp = a.createKeyPair("admin", "race");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 1; round <= 10; round++) {
        String refresh = (round % 2 == 0 ? a : b).tokens(kp).refresh();
        CountDownLatch ready = new CountDownLatch(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Res>> results = new ArrayList<>();
        for (Api node : List.of(a, b)) {
          results.add(
              pool.submit(
                  () -> {
                    ready.countDown();
                    go.await();
                    return node.refresh(refresh);
                  }));
        }
        assertTrue(ready.await(10, TimeUnit.SECONDS));
        go.countDown();
        List<Http.Res> res = new ArrayList<>();
        for (Future<Http.Res> f : results) {
          res.add(f.get(30, TimeUnit.SECONDS));
        }
        long ok = res.stream().filter(r -> r.status() == 200).count();
        int r0 = round;
        assertEquals(1, ok, () -> "round " + r0 + ": exactly one refresh wins: " + res);
        for (Http.Res r : res) {
          if (r.status() != 200) {
            endpointError(r, 403, "rest_authentication_refresh_token_reused");
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
