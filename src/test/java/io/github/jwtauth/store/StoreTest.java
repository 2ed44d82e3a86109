package io.github.jwtauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.store.RefreshTokenStore.Outcome;
import io.github.jwtauth.testsupport.Databases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JDBC stores against real databases: H2, PostgreSQL (always; see {@link Databases}) and
 * MariaDB (when configured; required in CI).
 */
class StoreTest {
  static final long NOW = 1_780_000_000L;
  static final String IP = "127.0.0.1";

  Databases.Db db;
  KeyPairStore keyPairs;
  RefreshTokenStore refreshTokens;
  DataSource dataSource;
  Schema schema;

  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of(Databases.Kind.H2),
        Arguments.of(Databases.Kind.POSTGRESQL),
        Arguments.of(Databases.Kind.MARIADB));
  }

  void open(Databases.Kind kind) throws SQLException {
    db =
        switch (kind) {
          case H2 -> Databases.h2("StoreTest");
          case POSTGRESQL -> Databases.postgres("StoreTest");
          case MARIADB -> Databases.mariadb("StoreTest");
        };
    DataSource ds = new DriverManagerDataSource(db.jdbcUrl(), db.user(), db.password());
    Schema schema = new Schema(ds, true);
    schema.ensure();
    new Schema(ds, true).ensure(); // idempotent: a second node starting on the same database
    keyPairs = new KeyPairStore(ds, schema);
    refreshTokens = new RefreshTokenStore(ds, schema, 100, 1000, 0, 100);
    dataSource = ds;
    this.schema = schema;
  }

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }

  static KeyPair kp(String apiKey, String login, String name, long created) {
    return new KeyPair(
        apiKey, login, name, "$2a$10$hash", Set.of("user"), created, null, null, null);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void whenInsertedThenFoundAndListedNewestFirst(Databases.Kind kind) throws Exception {
    open(kind);
    keyPairs.insert(kp("k1", "alice", "laptop", NOW));
    keyPairs.insert(kp("k2", "alice", "phone", NOW + 5));
    keyPairs.insert(kp("k3", "bob", "other", NOW));
    KeyPair k1 = keyPairs.find("k1").orElseThrow();
    assertEquals("alice", k1.userLogin());
    assertEquals("laptop", k1.name());
    assertEquals(Set.of("user"), k1.roles());
    assertEquals(null, k1.lastUsed());
    assertEquals(
        List.of("k2", "k1"), keyPairs.listActive("alice").stream().map(KeyPair::apiKey).toList());
    assertTrue(keyPairs.find("nope").isEmpty());
  }

  @ParameterizedTest
  @MethodSource("databases")
  void whenApiKeyDiffersOnlyInCaseThenNotFound(Databases.Kind kind) throws Exception {
    open(kind);
    keyPairs.insert(kp("AbCdEf", "alice", "laptop", NOW));
    assertTrue(keyPairs.find("abcdef").isEmpty());
    assertTrue(keyPairs.find("ABCDEF").isEmpty());
  }

  @ParameterizedTest
  @MethodSource("databases")
  void whenSqlMetacharactersAndUnicodeThenStoredVerbatim(Databases.Kind kind) throws Exception {
    open(kind);
    String[] evil = {
      "' OR '1'='1",
      "\"; DROP TABLE jwt_auth_key_pair; --",
      "Robert'); DELETE FROM jwt_auth_key_pair;--",
      "ünïcødé ✓ 日本語 \uD83D\uDE00",
      "back\\slash %_ wildcard"
    };
    int i = 0;
    for (String s : evil) {
      keyPairs.insert(kp("key" + i++, s, s, NOW));
    }
    i = 0;
    for (String s : evil) {
      KeyPair k = keyPairs.find("key" + i++).orElseThrow();
      assertEquals(s, k.name());
      assertEquals(s, k.userLogin());
      assertEquals(1, keyPairs.listActive(s).size());
    }
    assertTrue(keyPairs.find("' OR '1'='1").isEmpty());
    assertEquals(evil.length, db.queryLong("SELECT COUNT(*) FROM jwt_auth_key_pair"));
  }

  /** The DDL of the version before key-pair expiry and roles: without the added columns. */
  static String oldDdl(Schema.Dialect d) {
    String ddl =
        Schema.ddl(d)
            .replace(",\n  expires_at  BIGINT,\n  role_limit  VARCHAR(2000)\n", "\n")
            .replace("\n  expires_at  BIGINT,\n  role_limit  VARCHAR(2000),", "");
    assertFalse(ddl.contains("role_limit  VARCHAR"), ddl);
    return ddl;
  }

  static Schema.Dialect dialect(Databases.Kind kind) {
    return switch (kind) {
      case H2 -> Schema.Dialect.H2;
      case POSTGRESQL -> Schema.Dialect.POSTGRESQL;
      case MARIADB -> Schema.Dialect.MYSQL;
    };
  }

  @ParameterizedTest
  @MethodSource("databases")
  void whenTablesAreFromTheVersionBeforeExpiryThenSchemaCreateAddsTheColumnsKeepingEveryRow(
      Databases.Kind kind) throws Exception {
    db =
        switch (kind) {
          case H2 -> Databases.h2("StoreTestUpgrade");
          case POSTGRESQL -> Databases.postgres("StoreTestUpgrade");
          case MARIADB -> Databases.mariadb("StoreTestUpgrade");
        };
    DataSource ds = new DriverManagerDataSource(db.jdbcUrl(), db.user(), db.password());
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      for (String sql : Schema.statements(oldDdl(dialect(kind)))) {
        st.execute(sql);
      }
      st.execute(
          "INSERT INTO jwt_auth_key_pair (api_key, user_login, name, secret_hash, roles,"
              + " created_at, last_used, last_ip, revoked_at) VALUES ('old1', 'alice', 'laptop',"
              + " '$2a$10$hash', 'user,administrator', 1700000000, 1700000100, '192.0.2.1', NULL)");
      st.execute(
          "INSERT INTO jwt_auth_key_pair (api_key, user_login, name, secret_hash, roles,"
              + " created_at, last_used, last_ip, revoked_at) VALUES ('old2', 'alice', 'phone',"
              + " '$2a$10$hash', '', 1700000000, NULL, NULL, 1700000200)");
      st.execute(
          "INSERT INTO jwt_auth_refresh_token (jti, family, api_key, family_issued_at,"
              + " issued_at, expires_at) VALUES ('r1', 'r1', 'old1', 1700000000, 1700000000,"
              + " 1700003600)");
      if (!c.getAutoCommit()) {
        c.commit();
      }
      assertFalse(Schema.hasColumn(c, "jwt_auth_key_pair", "expires_at"));
      assertFalse(Schema.hasColumn(c, "jwt_auth_key_pair", "role_limit"));
    }
    Schema upgraded = new Schema(ds, true);
    upgraded.ensure();
    new Schema(ds, true).ensure(); // again, as a second node would: nothing more to do
    try (Connection c = ds.getConnection()) {
      assertTrue(Schema.hasColumn(c, "jwt_auth_key_pair", "expires_at"));
      assertTrue(Schema.hasColumn(c, "jwt_auth_key_pair", "role_limit"));
    }
    KeyPairStore store = new KeyPairStore(ds, upgraded);
    KeyPair old = store.find("old1").orElseThrow();
    assertEquals("alice", old.userLogin());
    assertEquals("laptop", old.name());
    assertEquals("$2a$10$hash", old.secretHash());
    assertEquals(Set.of("user", "administrator"), old.roles());
    assertEquals(1700000000L, old.created());
    assertEquals((Long) 1700000100L, old.lastUsed());
    assertEquals("192.0.2.1", old.lastIp());
    assertEquals(null, old.revokedAt());
    assertEquals(null, old.expiresAt(), "an old key-pair never expires");
    assertEquals(null, old.roleLimit(), "nor is it restricted");
    assertEquals((Long) 1700000200L, store.find("old2").orElseThrow().revokedAt());
    assertEquals(2, db.queryLong("SELECT COUNT(*) FROM jwt_auth_key_pair"));
    assertEquals(1, db.queryLong("SELECT COUNT(*) FROM jwt_auth_refresh_token"));
    store.insert(
        new KeyPair(
            "new1",
            "alice",
            "ci",
            "$2a$10$hash",
            Set.of("user"),
            NOW,
            null,
            null,
            null,
            NOW + 86_400,
            Set.of("user")));
    KeyPair fresh = store.find("new1").orElseThrow();
    assertEquals((Long) (NOW + 86_400), fresh.expiresAt());
    assertEquals(Set.of("user"), fresh.roleLimit());
  }

  @Test
  void whenOldTablesAndNoSchemaCreateThenAWarningNamesTheStatementAndNothingChanges()
      throws Exception {
    db = Databases.h2("StoreTestOldNoCreate");
    DataSource ds = new DriverManagerDataSource(db.jdbcUrl(), db.user(), db.password());
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      for (String sql : Schema.statements(oldDdl(Schema.Dialect.H2))) {
        st.execute(sql);
      }
    }
    List<String> warnings = new ArrayList<>();
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.github.jwtauth.store");
    java.util.logging.Handler h =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord r) {
            if (r.getLevel() == java.util.logging.Level.WARNING) {
              warnings.add(
                  java.text.MessageFormat.format(
                      r.getMessage().replace("'", "''"), r.getParameters()));
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(h);
    try {
      new Schema(ds, false).tryAtStart();
    } finally {
      log.removeHandler(h);
    }
    assertEquals(
        List.of(
            "jwt-auth: table jwt_auth_key_pair lacks column expires_at; key-pairs cannot be used"
                + " until it is added: ALTER TABLE jwt_auth_key_pair ADD COLUMN expires_at BIGINT"
                + " (or set jwt-auth.schema-create=true)",
            "jwt-auth: table jwt_auth_key_pair lacks column role_limit; key-pairs cannot be used"
                + " until it is added: ALTER TABLE jwt_auth_key_pair ADD COLUMN role_limit"
                + " VARCHAR(2000) (or set jwt-auth.schema-create=true)"),
        warnings);
    try (Connection c = ds.getConnection()) {
      assertFalse(Schema.hasColumn(c, "jwt_auth_key_pair", "expires_at"), "nothing altered");
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void whenKeyPairHasExpiryAndEmptyRoleLimitThenBothRoundTrip(Databases.Kind kind)
      throws Exception {
    open(kind);
    keyPairs.insert(
        new KeyPair(
            "k1", "alice", "a", "$2a$10$hash", Set.of(), NOW, null, null, null, NOW + 1, Set.of()));
    KeyPair k = keyPairs.find("k1").orElseThrow();
    assertEquals((Long) (NOW + 1), k.expiresAt());
    assertEquals(Set.of(), k.roleLimit(), "restricted to no role is not the same as unrestricted");
    assertTrue(k.expiredAt(NOW + 1));
    assertFalse(k.expiredAt(NOW));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void whenRevokedThenOnlyOwnersKeysAndTheirChainsEnd(Databases.Kind kind) throws Exception {
    open(kind);
    keyPairs.insert(kp("k1", "alice", "a", NOW));
    keyPairs.insert(kp("k2", "alice", "b", NOW));
    keyPairs.insert(kp("k3", "bob", "c", NOW));
    refreshTokens.start("r1", "k1", NOW, IP);
    assertEquals(List.of(), keyPairs.revoke("alice", List.of("k3"), NOW)); // not hers
    assertEquals(List.of("k1"), keyPairs.revoke("alice", List.of("k1"), NOW));
    assertEquals(List.of(), keyPairs.revoke("alice", List.of("k1"), NOW)); // already
    assertTrue(keyPairs.find("k1").orElseThrow().revoked());
    assertFalse(keyPairs.find("k3").orElseThrow().revoked());
    assertEquals(
        List.of("k2"), keyPairs.listActive("alice").stream().map(KeyPair::apiKey).toList());
    assertEquals(Outcome.REVOKED, refreshTokens.rotate("r1", "k1", "r2", NOW, IP).outcome());
    assertEquals(
        0, db.queryLong("SELECT COUNT(*) FROM jwt_auth_refresh_token WHERE spent_at IS NOT NULL"));
    assertEquals(0, db.queryLong("SELECT COUNT(*) FROM jwt_auth_refresh_token WHERE jti = 'r2'"));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void whenRotatedThenTheKeyPairsUseIsRecordedInTheSameTransaction(Databases.Kind kind)
      throws Exception {
    open(kind);
    keyPairs.insert(kp("k1", "alice", "a", NOW));
    refreshTokens.start("r1", "k1", NOW, IP);
    assertEquals(
        Outcome.ROTATED, refreshTokens.rotate("r1", "k1", "r2", NOW + 7, "192.0.2.9").outcome());
    KeyPair k = keyPairs.find("k1").orElseThrow();
    assertEquals(NOW + 7, k.lastUsed());
    assertEquals("192.0.2.9", k.lastIp());
    // a reuse hands nothing out and records no use
    assertEquals(
        Outcome.REUSED, refreshTokens.rotate("r1", "k1", "r3", NOW + 9, "198.51.100.1").outcome());
    assertEquals(NOW + 7, keyPairs.find("k1").orElseThrow().lastUsed());
    // a key-pair that does not exist: no chain is started, and nothing is rotated
    JwtAuthException e =
        assertThrows(
            JwtAuthException.class, () -> refreshTokens.start("x1", "no-such-key", NOW, IP));
    assertEquals(ErrorCode.REVOKED_API_KEY, e.error());
    assertEquals(0, db.queryLong("SELECT COUNT(*) FROM jwt_auth_refresh_token WHERE jti = 'x1'"));
    assertEquals(
        Outcome.REVOKED, refreshTokens.rotate("x1", "no-such-key", "x2", NOW, IP).outcome());
  }

  @ParameterizedTest
  @MethodSource("databases")
  void whenAChainStartsThenItsUseIsRecordedInTheSameTransaction(Databases.Kind kind)
      throws Exception {
    open(kind);
    keyPairs.insert(kp("k1", "alice", "a", NOW));
    refreshTokens.start("r1", "k1", NOW + 3, "192.0.2.44");
    KeyPair k = keyPairs.find("k1").orElseThrow();
    assertEquals(NOW + 3, k.lastUsed());
    assertEquals("192.0.2.44", k.lastIp());
  }

  @ParameterizedTest
  @MethodSource("databases")
  void whenKeyPairRevokedBeforeAChainStartsThenNothingIsStored(Databases.Kind kind)
      throws Exception {
    open(kind);
    keyPairs.insert(kp("k1", "alice", "a", NOW));
    keyPairs.revoke("alice", List.of("k1"), NOW);
    JwtAuthException e =
        assertThrows(JwtAuthException.class, () -> refreshTokens.start("r1", "k1", NOW + 1, IP));
    assertEquals(ErrorCode.REVOKED_API_KEY, e.error());
    assertEquals(0, db.queryLong("SELECT COUNT(*) FROM jwt_auth_refresh_token"));
  }

  /** Security review: every exchange starts a chain; live chains per key-pair are bounded. */
  @ParameterizedTest
  @MethodSource("databases")
  void whenMoreChainsThanTheLimitStartThenTheOldestAreDroppedWhole(Databases.Kind kind)
      throws Exception {
    open(kind);
    RefreshTokenStore capped = new RefreshTokenStore(dataSource, schema, 100, 1000, 0, 3);
    keyPairs.insert(kp("k1", "alice", "a", NOW));
    keyPairs.insert(kp("k2", "alice", "b", NOW));
    capped.start("other", "k2", NOW, IP);
    capped.start("c1", "k1", NOW, IP);
    assertEquals(Outcome.ROTATED, capped.rotate("c1", "k1", "c1b", NOW + 1, IP).outcome());
    for (int i = 2; i <= 5; i++) {
      capped.start("c" + i, "k1", NOW + i, IP);
    }
    // chains c1 (now headed by c1b) and c2 were the oldest: every row of theirs is gone
    assertEquals(
        3, db.queryLong("SELECT COUNT(*) FROM jwt_auth_refresh_token WHERE api_key = 'k1'"));
    assertEquals(
        0,
        db.queryLong("SELECT COUNT(*) FROM jwt_auth_refresh_token WHERE family IN ('c1', 'c2')"));
    assertEquals(Outcome.UNKNOWN, capped.rotate("c1b", "k1", "x", NOW + 9, IP).outcome());
    assertEquals(Outcome.UNKNOWN, capped.rotate("c2", "k1", "x", NOW + 9, IP).outcome());
    for (String live : List.of("c3", "c4", "c5")) {
      assertEquals(
          Outcome.ROTATED, capped.rotate(live, "k1", live + "n", NOW + 10, IP).outcome(), live);
    }
    // another key-pair's chains are not counted, nor touched
    assertEquals(Outcome.ROTATED, capped.rotate("other", "k2", "o2", NOW + 10, IP).outcome());
  }

  /** Security review: a user's active key-pairs are bounded; revoked ones do not count. */
  @ParameterizedTest
  @MethodSource("databases")
  void whenUserHasTheMostKeyPairsThenAnotherIsRefusedUntilOneIsRevoked(Databases.Kind kind)
      throws Exception {
    open(kind);
    keyPairs.insert(kp("k1", "alice", "a", NOW), 2);
    keyPairs.insert(kp("k2", "alice", "b", NOW), 2);
    keyPairs.insert(kp("b1", "bob", "a", NOW), 2);
    JwtAuthException e =
        assertThrows(JwtAuthException.class, () -> keyPairs.insert(kp("k3", "alice", "c", NOW), 2));
    assertEquals(ErrorCode.TOO_MANY_KEY_PAIRS, e.error());
    assertTrue(keyPairs.find("k3").isEmpty());
    keyPairs.revoke("alice", List.of("k1"), NOW);
    keyPairs.insert(kp("k3", "alice", "c", NOW), 2);
    assertTrue(keyPairs.find("k3").isPresent());
    keyPairs.insert(kp("k4", "alice", "d", NOW)); // the admin CLI is not bound
    assertEquals(3, keyPairs.listActive("alice").size());
  }

  /**
   * Security review: MariaDB's and MySQL's PAD SPACE collations compare {@code 'KEY '} equal to
   * {@code KEY}; the store finds only the exact key.
   */
  @ParameterizedTest
  @MethodSource("databases")
  void whenApiKeyHasTrailingSpacesThenNotFound(Databases.Kind kind) throws Exception {
    open(kind);
    keyPairs.insert(kp("KEY", "alice", "a", NOW));
    assertTrue(keyPairs.find("KEY ").isEmpty());
    assertTrue(keyPairs.find("KEY  ").isEmpty());
    assertTrue(keyPairs.find("KEY").isPresent());
  }

  @ParameterizedTest
  @MethodSource("databases")
  void whenRehashedThenOnlyTheExpectedOldHashIsReplaced(Databases.Kind kind) throws Exception {
    open(kind);
    keyPairs.insert(kp("k1", "alice", "a", NOW));
    keyPairs.rehash("k1", "$2a$10$other", "$2a$12$new");
    assertEquals("$2a$10$hash", keyPairs.find("k1").orElseThrow().secretHash());
    keyPairs.rehash("k1", "$2a$10$hash", "$2a$12$new");
    assertEquals("$2a$12$new", keyPairs.find("k1").orElseThrow().secretHash());
  }

  @ParameterizedTest
  @MethodSource("databases")
  void whenRevocationsAndRefreshesOfOneUserRaceThenEachEndsCleanly(Databases.Kind kind)
      throws Exception {
    open(kind);
    int keys = 6;
    for (int i = 0; i < keys; i++) {
      keyPairs.insert(kp("race" + i, "carol", "k" + i, NOW));
      refreshTokens.start("race-r" + i, "race" + i, NOW, IP);
    }
    ExecutorService pool = Executors.newFixedThreadPool(keys + 1);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Outcome>> rotations = new ArrayList<>();
      for (int i = 0; i < keys; i++) {
        String key = "race" + i;
        String jti = "race-r" + i;
        Callable<Outcome> c =
            () -> {
              go.await();
              return refreshTokens.rotate(jti, key, jti + "-next", NOW + 1, IP).outcome();
            };
        rotations.add(pool.submit(c));
      }
      List<String> all = new ArrayList<>();
      for (int i = keys - 1; i >= 0; i--) {
        all.add("race" + i); // the opposite order to the rotations' start
      }
      Future<List<String>> revoked =
          pool.submit(
              () -> {
                go.await();
                return keyPairs.revoke("carol", all, NOW + 1);
              });
      go.countDown();
      assertEquals(keys, revoked.get().size(), "every key-pair revoked, no deadlock surfaced");
      for (Future<Outcome> f : rotations) {
        Outcome o = f.get();
        assertTrue(o == Outcome.ROTATED || o == Outcome.REVOKED, o + " on " + kind);
      }
      // whatever order they ran in, no live token of carol's is left
      assertEquals(
          0,
          db.queryLong(
              "SELECT COUNT(*) FROM jwt_auth_refresh_token WHERE api_key LIKE 'race%'"
                  + " AND revoked_at IS NULL AND spent_at IS NULL"));
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void whenTouchedThenLastUsedAndIpRecorded(Databases.Kind kind) throws Exception {
    open(kind);
    keyPairs.insert(kp("k1", "alice", "a", NOW));
    keyPairs.touch("k1", NOW + 10, "2001:db8::1");
    KeyPair k = keyPairs.find("k1").orElseThrow();
    assertEquals(NOW + 10, k.lastUsed());
    assertEquals("2001:db8::1", k.lastIp());
  }

  @ParameterizedTest
  @MethodSource("databases")
  void whenRefreshTokenRotatedThenSpentOnceAndReuseRevokesChain(Databases.Kind kind)
      throws Exception {
    open(kind);
    keyPairs.insert(kp("k1", "alice", "a", NOW));
    keyPairs.insert(kp("other-key", "alice", "b", NOW));
    refreshTokens.start("r1", "k1", NOW, IP);
    assertEquals(Outcome.ROTATED, refreshTokens.rotate("r1", "k1", "r2", NOW, IP).outcome());
    assertEquals(Outcome.REUSED, refreshTokens.rotate("r1", "k1", "r3", NOW, IP).outcome());
    // the live successor died with its chain
    assertEquals(Outcome.REUSED, refreshTokens.rotate("r2", "k1", "r4", NOW, IP).outcome());
    assertEquals(Outcome.UNKNOWN, refreshTokens.rotate("nope", "k1", "r5", NOW, IP).outcome());
    assertEquals(Outcome.UNKNOWN, refreshTokens.rotate("r2", "other-key", "r6", NOW, IP).outcome());
    assertEquals(
        0,
        db.queryLong(
            "SELECT COUNT(*) FROM jwt_auth_refresh_token WHERE jti IN ('r3','r4','r5','r6')"));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void whenRetriedWithinGraceThenSameSuccessorElseChainRevoked(Databases.Kind kind)
      throws Exception {
    open(kind);
    keyPairs.insert(kp("k1", "alice", "a", NOW));
    RefreshTokenStore graceful = new RefreshTokenStore(dataSource, schema, 100, 1000, 10, 100);
    graceful.start("g1", "k1", NOW, IP);
    RefreshTokenStore.Rotation first = graceful.rotate("g1", "k1", "g2", NOW, IP);
    assertEquals(Outcome.ROTATED, first.outcome());
    RefreshTokenStore.Rotation retry = graceful.rotate("g1", "k1", "g3", NOW + 10, IP);
    assertEquals(Outcome.GRACE, retry.outcome());
    assertEquals(
        first,
        new RefreshTokenStore.Rotation(
            Outcome.ROTATED, retry.jti(), retry.issuedAt(), retry.expiresAt()));
    assertEquals(Outcome.REUSED, graceful.rotate("g1", "k1", "g4", NOW + 11, IP).outcome());
    assertEquals(Outcome.REUSED, graceful.rotate("g2", "k1", "g5", NOW + 12, IP).outcome());
    // once the successor has been used, a retry of its predecessor is reuse even inside the window
    graceful.start("h1", "k1", NOW, IP);
    graceful.rotate("h1", "k1", "h2", NOW, IP);
    graceful.rotate("h2", "k1", "h3", NOW + 1, IP);
    assertEquals(Outcome.REUSED, graceful.rotate("h1", "k1", "h4", NOW + 2, IP).outcome());
  }

  @ParameterizedTest
  @MethodSource("databases")
  void whenChainOlderThanItsLifetimeThenNoMoreRotation(Databases.Kind kind) throws Exception {
    open(kind);
    keyPairs.insert(kp("k1", "alice", "a", NOW));
    // ttl 100 s, chain lifetime 1000 s: each successor expires no later than the chain
    refreshTokens.start("a1", "k1", NOW, IP);
    RefreshTokenStore.Rotation r = refreshTokens.rotate("a1", "k1", "a2", NOW + 950, IP);
    assertEquals(Outcome.ROTATED, r.outcome());
    assertEquals(NOW + 1000, r.expiresAt());
    assertEquals(
        Outcome.CHAIN_EXPIRED, refreshTokens.rotate("a2", "k1", "a3", NOW + 1000, IP).outcome());
  }

  @ParameterizedTest
  @MethodSource("databases")
  void whenOtherChainReusedThenThisChainLives(Databases.Kind kind) throws Exception {
    open(kind);
    keyPairs.insert(kp("k1", "alice", "a", NOW));
    refreshTokens.start("a1", "k1", NOW, IP);
    refreshTokens.start("b1", "k1", NOW, IP);
    refreshTokens.rotate("a1", "k1", "a2", NOW, IP).outcome();
    refreshTokens.rotate("a1", "k1", "a3", NOW, IP).outcome(); // reuse: chain a dies
    assertEquals(Outcome.ROTATED, refreshTokens.rotate("b1", "k1", "b2", NOW, IP).outcome());
  }

  @ParameterizedTest
  @MethodSource("databases")
  void whenConcurrentRefreshesOfOneTokenThenExactlyOneWins(Databases.Kind kind) throws Exception {
    open(kind);
    keyPairs.insert(kp("k1", "alice", "a", NOW));
    int rounds = 5;
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < rounds; round++) {
        String jti = "c" + round;
        refreshTokens.start(jti, "k1", NOW, IP);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Outcome>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          String successor = jti + "-s" + t;
          Callable<Outcome> c =
              () -> {
                go.await();
                return refreshTokens.rotate(jti, "k1", successor, NOW, IP).outcome();
              };
          results.add(pool.submit(c));
        }
        go.countDown();
        int rotated = 0;
        for (Future<Outcome> f : results) {
          if (f.get() == Outcome.ROTATED) {
            rotated++;
          }
        }
        assertEquals(1, rotated, "round " + round + " on " + kind);
        assertEquals(
            1,
            db.queryLong(
                "SELECT COUNT(*) FROM jwt_auth_refresh_token WHERE family = '"
                    + jti
                    + "' AND jti <> '"
                    + jti
                    + "'"));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void whenRefreshRowsExpiredLongAgoThenPurgedOnWrite(Databases.Kind kind) throws Exception {
    open(kind);
    keyPairs.insert(kp("k1", "alice", "a", NOW));
    refreshTokens.start("old", "k1", NOW - 200_000, IP);
    refreshTokens.start("r1", "k1", NOW, IP);
    refreshTokens.rotate("r1", "k1", "r2", NOW, IP).outcome();
    assertEquals(0, db.queryLong("SELECT COUNT(*) FROM jwt_auth_refresh_token WHERE jti = 'old'"));
    assertEquals(2, db.queryLong("SELECT COUNT(*) FROM jwt_auth_refresh_token"));
  }

  @org.junit.jupiter.api.Test
  void whenDatabaseUnreachableThenUnavailableQuickly() {
    int port = Databases.freePort(); // nothing listens there
    DataSource dead =
        new DriverManagerDataSource(
            "jdbc:postgresql://127.0.0.1:" + port + "/x?connectTimeout=2&socketTimeout=2",
            "postgres",
            null);
    Schema schema = new Schema(dead, true);
    schema.tryAtStart(); // logged, not fatal
    KeyPairStore store = new KeyPairStore(dead, schema);
    long t0 = System.nanoTime();
    JwtAuthException e = assertThrows(JwtAuthException.class, () -> store.find("k1"));
    assertEquals(ErrorCode.UNAVAILABLE, e.error());
    assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "fails fast");
    assertEquals(
        ErrorCode.UNAVAILABLE,
        assertThrows(
                JwtAuthException.class,
                () ->
                    new RefreshTokenStore(dead, schema, 100, 1000, 0, 100)
                        .rotate("a", "b", "c", 1, IP))
            .error());
  }

  @org.junit.jupiter.api.Test
  void whenDdlPrintedThenEachDialectHasBothTables() {
    for (Schema.Dialect d : Schema.Dialect.values()) {
      String ddl = Schema.ddl(d);
      assertTrue(ddl.contains("CREATE TABLE IF NOT EXISTS jwt_auth_key_pair"), d.toString());
      assertTrue(ddl.contains("CREATE TABLE IF NOT EXISTS jwt_auth_refresh_token"), d.toString());
    }
    assertEquals(Schema.Dialect.MYSQL, Schema.Dialect.of("mariadb"));
    assertThrows(IllegalArgumentException.class, () -> Schema.Dialect.of("oracle"));
  }
}
