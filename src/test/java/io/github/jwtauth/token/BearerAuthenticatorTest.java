package io.github.jwtauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.Authentication;
import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.cache.ExpiringCache;
import io.github.jwtauth.keys.KeySet;
import io.github.jwtauth.keys.SigningAlgorithm;
import io.github.jwtauth.store.DriverManagerDataSource;
import io.github.jwtauth.store.KeyPair;
import io.github.jwtauth.store.KeyPairStore;
import io.github.jwtauth.store.Schema;
import io.github.jwtauth.store.User;
import io.github.jwtauth.store.UserDirectory;
import io.github.jwtauth.testsupport.MutableClock;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hot path: database round trips counted on a real (H2) database, fixed clock. */
class BearerAuthenticatorTest {
  static final KeySet KEYS =
      KeySet.hmac(
          SigningAlgorithm.HS256,
          "0123456789abcdefghijklmnopqrstuvwxyzABCDEF".getBytes(StandardCharsets.UTF_8));
  static final User ALICE = new User("alice", "alice", null, false, Set.of("user"));

  final MutableClock clock = new MutableClock();
  final AtomicInteger connections = new AtomicInteger();
  final AtomicBoolean down = new AtomicBoolean();
  volatile long stallMillis;

  /** When set, the next connection closed signals [0] and waits for [1]: once only. */
  final AtomicReference<CountDownLatch[]> gate = new AtomicReference<>();

  KeyPairStore store;
  TokenIssuer issuer;
  ExecutorService refresher;

  @BeforeEach
  void setUp() throws SQLException {
    DataSource h2 =
        new DriverManagerDataSource(
            "jdbc:h2:mem:auth" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
    DataSource counting =
        (DataSource)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {DataSource.class},
                (p, m, a) -> {
                  if (m.getName().equals("getConnection")) {
                    if (down.get()) {
                      throw new SQLException("connection refused", "08001");
                    }
                    if (stallMillis > 0) {
                      Thread.sleep(stallMillis);
                    }
                    connections.incrementAndGet();
                    Connection real = (Connection) m.invoke(h2, a);
                    return Proxy.newProxyInstance(
                        getClass().getClassLoader(),
                        new Class<?>[] {Connection.class},
                        (cp, cm, ca) -> {
                          Object r = cm.invoke(real, ca);
                          CountDownLatch[] g;
                          if (cm.getName().equals("close") && (g = gate.getAndSet(null)) != null) {
                            // the read is done and the connection closed: hold the loader here
                            g[0].countDown();
                            assertTrue(g[1].await(5, TimeUnit.SECONDS));
                          }
                          return r;
                        });
                  }
                  return m.invoke(h2, a);
                });
    Schema schema = new Schema(counting, true);
    schema.ensure();
    store = new KeyPairStore(counting, schema);
    store.insert(
        new KeyPair("k1", "alice", "laptop", "$2a$10$x", Set.of("user"), 0, null, null, null));
    store.insert(
        new KeyPair("k2", "alice", "phone", "$2a$10$x", Set.of("user"), 0, null, null, null));
    issuer = new TokenIssuer(KEYS, "jwt-auth", Duration.ofHours(1), clock);
    refresher = Executors.newSingleThreadExecutor();
    connections.set(0);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    refresher.shutdownNow();
    refresher.awaitTermination(5, TimeUnit.SECONDS);
  }

  BearerAuthenticator authenticator(long ttlMillis) {
    return new BearerAuthenticator(
        new TokenVerifier(KEYS, "jwt-auth", 30, 8192, clock),
        store,
        UserDirectory.container(),
        new StatusCache<>(ttlMillis, 1000, clock, refresher),
        new ExpiringCache<>(1000),
        clock);
  }

  @Test
  void whenSteadyStateThenZeroDatabaseRoundTripsPerRequest() {
    BearerAuthenticator auth = authenticator(5000);
    String token = issuer.access(ALICE, "k1", clock.instant());
    auth.authenticate(token);
    assertEquals(1, connections.get(), "the first request loads the key-pair status");
    for (int i = 0; i < 10_000; i++) {
      Authentication a = auth.authenticate(token);
      assertEquals("alice", a.login());
    }
    assertEquals(1, connections.get(), "no round trip afterwards within the staleness bound");
  }

  @Test
  void whenKeyPairExpiresThenItsTokenStopsAtThatSecondEvenWhileTheStatusIsCached() {
    long expiry = clock.instant().getEpochSecond() + 120;
    store.insert(
        new KeyPair(
            "k3", "alice", "ci", "$2a$10$x", Set.of("user"), 0, null, null, null, expiry, null));
    connections.set(0);
    BearerAuthenticator auth = authenticator(3_600_000); // statuses cached for an hour
    String token = issuer.access(ALICE, "k3", clock.instant());
    auth.authenticate(token);
    clock.now = clock.now.plusSeconds(119).plusMillis(999);
    assertEquals("alice", auth.authenticate(token).login(), "a millisecond before the expiry");
    assertEquals(1, connections.get(), "served from the cache");
    clock.now = clock.now.plusMillis(1);
    JwtAuthException e = assertThrows(JwtAuthException.class, () -> auth.authenticate(token));
    assertEquals(ErrorCode.KEY_PAIR_EXPIRED, e.error());
    assertEquals(1, connections.get(), "still no round trip: the status carries the expiry");
  }

  @Test
  void whenKeyPairRestrictedToRolesThenTheTokenCarriesOnlyThoseOfTheOwnersRoles() {
    store.insert(
        new KeyPair(
            "k4",
            "alice",
            "ci",
            "$2a$10$x",
            Set.of("user"),
            0,
            null,
            null,
            null,
            null,
            Set.of("user")));
    store.insert(
        new KeyPair(
            "k5", "alice", "none", "$2a$10$x", Set.of(), 0, null, null, null, null, Set.of()));
    UserDirectory directory =
        new UserDirectory() {
          @Override
          public java.util.Optional<User> find(String login, Set<String> recorded) {
            return java.util.Optional.of(
                new User(login, login, null, false, Set.of("administrator", "user")));
          }

          @Override
          public boolean isExternal() {
            return true;
          }
        };
    BearerAuthenticator auth =
        new BearerAuthenticator(
            new TokenVerifier(KEYS, "jwt-auth", 30, 8192, clock),
            store,
            directory,
            new StatusCache<>(5000, 1000, clock, refresher),
            new ExpiringCache<>(1000),
            clock);
    assertEquals(
        Set.of("user"), auth.authenticate(issuer.access(ALICE, "k4", clock.instant())).roles());
    assertEquals(Set.of(), auth.authenticate(issuer.access(ALICE, "k5", clock.instant())).roles());
    assertEquals(
        Set.of("administrator", "user"),
        auth.authenticate(issuer.access(ALICE, "k1", clock.instant())).roles(),
        "no restriction: the directory's roles");
  }

  @Test
  void whenTokenSeenAgainThenSameVerifiedTokenReused() {
    BearerAuthenticator auth = authenticator(5000);
    String token = issuer.access(ALICE, "k1", clock.instant());
    assertSame(
        auth.authenticate(token).token(),
        auth.authenticate(new String(token.toCharArray())).token());
  }

  @Test
  void whenRevokedOnThisNodeThenRefusedAtOnceEvenIfCached() {
    BearerAuthenticator auth = authenticator(60_000);
    String t1 = issuer.access(ALICE, "k1", clock.instant());
    String t2 = issuer.access(ALICE, "k2", clock.instant());
    auth.authenticate(t1);
    auth.authenticate(t2);
    store.revoke("alice", List.of("k1"), 0);
    auth.revoked(List.of("k1"));
    assertEquals(
        ErrorCode.REVOKED_API_KEY,
        assertThrows(JwtAuthException.class, () -> auth.authenticate(t1)).error());
    auth.authenticate(t2);
  }

  @Test
  void whenRevokedOnThisNodeDuringAStatusLoadThenTheRevocationIsNotUndone() throws Exception {
    BearerAuthenticator auth = authenticator(60_000);
    String t1 = issuer.access(ALICE, "k1", clock.instant());
    CountDownLatch loaded = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    gate.set(new CountDownLatch[] {loaded, release});
    ExecutorService racer = Executors.newSingleThreadExecutor();
    try {
      // this request read "active" just before the revocation below commits
      Future<Authentication> racing = racer.submit(() -> auth.authenticate(t1));
      assertTrue(loaded.await(5, TimeUnit.SECONDS));
      store.revoke("alice", List.of("k1"), 0);
      auth.revoked(List.of("k1"));
      release.countDown();
      java.util.concurrent.ExecutionException e =
          assertThrows(
              java.util.concurrent.ExecutionException.class, () -> racing.get(5, TimeUnit.SECONDS));
      assertEquals(ErrorCode.REVOKED_API_KEY, ((JwtAuthException) e.getCause()).error());
    } finally {
      racer.shutdownNow();
    }
    int before = connections.get();
    assertEquals(
        ErrorCode.REVOKED_API_KEY,
        assertThrows(JwtAuthException.class, () -> auth.authenticate(t1)).error());
    assertEquals(before, connections.get(), "the revoked status is served from the cache");
  }

  @Test
  void whenRevokedElsewhereThenRefusedOnceStatusIsStale() {
    BearerAuthenticator auth = authenticator(5000);
    String t1 = issuer.access(ALICE, "k1", clock.instant());
    auth.authenticate(t1);
    store.revoke("alice", List.of("k1"), 0); // another node did it: this node's cache does not know
    auth.authenticate(t1);
    clock.now = clock.now.plusMillis(5000);
    assertEquals(
        ErrorCode.REVOKED_API_KEY,
        assertThrows(JwtAuthException.class, () -> auth.authenticate(t1)).error());
  }

  @Test
  void whenTtlZeroThenEveryRequestChecksTheDatabase() {
    BearerAuthenticator auth = authenticator(0);
    String t1 = issuer.access(ALICE, "k1", clock.instant());
    for (int i = 0; i < 5; i++) {
      auth.authenticate(t1);
    }
    assertEquals(5, connections.get());
  }

  @Test
  void whenDatabaseDownThenFailClosedAfterStalenessAndRecoverAfter() {
    BearerAuthenticator auth = authenticator(5000);
    String t1 = issuer.access(ALICE, "k1", clock.instant());
    auth.authenticate(t1);
    down.set(true);
    auth.authenticate(t1); // status known and fresh: served
    clock.now = clock.now.plusMillis(5000);
    assertEquals(
        ErrorCode.UNAVAILABLE,
        assertThrows(JwtAuthException.class, () -> auth.authenticate(t1)).error());
    down.set(false);
    assertEquals("alice", auth.authenticate(t1).login());
  }

  @Test
  void whenDatabaseSlowThenCachedStatusServedWithoutStalling() throws Exception {
    BearerAuthenticator auth = authenticator(5000);
    String t1 = issuer.access(ALICE, "k1", clock.instant());
    auth.authenticate(t1);
    stallMillis = 2000;
    clock.now =
        clock.now.plusMillis(3000); // past half the staleness bound: renewed in the background
    long t0 = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      auth.authenticate(t1);
    }
    long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(
        elapsedMillis < stallMillis,
        "requests did not wait for the slow database: " + elapsedMillis + " ms");
    refresher.shutdown();
    assertTrue(refresher.awaitTermination(10, TimeUnit.SECONDS));
    assertEquals(2, connections.get(), "exactly one background reload, not one per request");
  }

  @Test
  void whenInvalidTokensThenNeverCachedAndNoDatabaseWork() {
    ExpiringCache<TokenVerifier.Verified> cache = new ExpiringCache<>(1000);
    BearerAuthenticator auth =
        new BearerAuthenticator(
            new TokenVerifier(KEYS, "jwt-auth", 30, 8192, clock),
            store,
            UserDirectory.container(),
            new StatusCache<>(5000, 1000, clock, refresher),
            cache,
            clock);
    String good = issuer.access(ALICE, "k1", clock.instant());
    String[] p = good.split("\\.");
    for (int i = 0; i < 1000; i++) {
      String bad = p[0] + "." + p[1] + "." + p[2].substring(0, 10) + i;
      assertThrows(JwtAuthException.class, () -> auth.authenticate(bad));
    }
    assertEquals(0, cache.size());
    assertEquals(0, connections.get());
  }

  /** A user directory held in memory that counts its lookups. */
  static final class Directory implements UserDirectory {
    final java.util.Map<String, User> users = new java.util.concurrent.ConcurrentHashMap<>();
    final AtomicInteger lookups = new AtomicInteger();

    @Override
    public java.util.Optional<User> find(String login, Set<String> recordedRoles) {
      lookups.incrementAndGet();
      return java.util.Optional.ofNullable(users.get(login));
    }

    @Override
    public boolean isExternal() {
      return true;
    }
  }

  BearerAuthenticator authenticator(long ttlMillis, UserDirectory users) {
    return new BearerAuthenticator(
        new TokenVerifier(KEYS, "jwt-auth", 30, 8192, clock),
        store,
        users,
        new StatusCache<>(ttlMillis, 1000, clock, refresher),
        new ExpiringCache<>(1000),
        clock);
  }

  static ErrorCode refusal(BearerAuthenticator auth, String token) {
    return assertThrows(JwtAuthException.class, () -> auth.authenticate(token)).error();
  }

  static final User ALICE_7 = new User(7L, "alice", "alice@example.org", false, Set.of("user"));

  @Test
  void whenDirectoryUserUnchangedThenAcceptedWithoutFurtherLookups() {
    Directory dir = new Directory();
    dir.users.put("alice", ALICE_7);
    BearerAuthenticator auth = authenticator(5000, dir);
    String token = issuer.access(ALICE_7, "k1", clock.instant());
    auth.authenticate(token);
    for (int i = 0; i < 1000; i++) {
      assertEquals("alice", auth.authenticate(token).login());
    }
    assertEquals(1, dir.lookups.get(), "login, id and e-mail compared with the cached status");
    assertEquals(1, connections.get());
  }

  @Test
  void whenDirectoryEmailChangedThenInvalidTokenUserEmailOnceStatusIsStale() {
    Directory dir = new Directory();
    dir.users.put("alice", ALICE_7);
    BearerAuthenticator auth = authenticator(5000, dir);
    String token = issuer.access(ALICE_7, "k1", clock.instant());
    auth.authenticate(token);
    dir.users.put("alice", new User(7L, "alice", "alice@example.com", false, Set.of("user")));
    auth.authenticate(token); // within the staleness bound, as for a revocation elsewhere
    clock.now = clock.now.plusMillis(5000);
    assertEquals(ErrorCode.INVALID_TOKEN_USER_EMAIL, refusal(auth, token));
    String fresh = issuer.access(dir.users.get("alice"), "k1", clock.instant());
    assertEquals("alice", auth.authenticate(fresh).login());
  }

  @Test
  void whenDirectoryUserDeletedOrLoginReusedThenInvalidTokenWpUser() {
    Directory dir = new Directory();
    dir.users.put("alice", ALICE_7);
    BearerAuthenticator auth = authenticator(0, dir);
    String token = issuer.access(ALICE_7, "k1", clock.instant());
    auth.authenticate(token);
    dir.users.remove("alice");
    assertEquals(ErrorCode.INVALID_TOKEN_WP_USER, refusal(auth, token));
    // another user now has the login: the token's user (id 7) no longer exists
    dir.users.put("alice", new User(8L, "alice", "alice@example.org", false, Set.of("user")));
    assertEquals(ErrorCode.INVALID_TOKEN_WP_USER, refusal(auth, token));
    dir.users.put("alice", new User("7", "alice", "alice@example.org", false, Set.of("user")));
    assertEquals(ErrorCode.INVALID_TOKEN_WP_USER, refusal(auth, token), "a string is not 7");
    dir.users.put(
        "alice",
        new User(new java.math.BigDecimal("7.0"), "alice", "alice@example.org", false, Set.of()));
    auth.authenticate(token); // the same number
  }

  @Test
  void whenDirectoryUserDisabledThenInvalidTokenUserAsBefore() {
    Directory dir = new Directory();
    dir.users.put("alice", new User(7L, "alice", "alice@example.org", true, Set.of("user")));
    BearerAuthenticator auth = authenticator(0, dir);
    assertEquals(
        ErrorCode.INVALID_TOKEN_USER, refusal(auth, issuer.access(ALICE_7, "k1", clock.instant())));
  }

  @Test
  void whenTokenLoginIsNotTheKeyPairOwnersThenInvalidTokenUserLogin() {
    BearerAuthenticator auth = authenticator(0);
    User bob = new User("alice", "bob", null, false, Set.of("user"));
    assertEquals(
        ErrorCode.INVALID_TOKEN_USER_LOGIN,
        refusal(auth, issuer.access(bob, "k1", clock.instant())));
  }

  @Test
  void whenNoDirectoryThenIdIsTheLoginAndEmailNull() {
    BearerAuthenticator auth = authenticator(0);
    assertEquals("alice", auth.authenticate(issuer.access(ALICE, "k1", clock.instant())).login());
    User withEmail = new User("alice", "alice", "alice@example.org", false, Set.of("user"));
    assertEquals(
        ErrorCode.INVALID_TOKEN_USER_EMAIL,
        refusal(auth, issuer.access(withEmail, "k1", clock.instant())));
    User otherId = new User("alice2", "alice", null, false, Set.of("user"));
    assertEquals(
        ErrorCode.INVALID_TOKEN_WP_USER,
        refusal(auth, issuer.access(otherId, "k1", clock.instant())));
  }
}
