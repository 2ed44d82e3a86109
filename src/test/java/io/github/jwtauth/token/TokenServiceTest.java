package io.github.jwtauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.audit.Audit;
import io.github.jwtauth.credential.AttemptLimiter;
import io.github.jwtauth.credential.RateLimiter;
import io.github.jwtauth.credential.SecretFormat;
import io.github.jwtauth.credential.SecretHasher;
import io.github.jwtauth.credential.VerifiedSecretCache;
import io.github.jwtauth.keys.KeySet;
import io.github.jwtauth.keys.SigningAlgorithm;
import io.github.jwtauth.store.DriverManagerDataSource;
import io.github.jwtauth.store.KeyPair;
import io.github.jwtauth.store.KeyPairStore;
import io.github.jwtauth.store.RefreshTokenStore;
import io.github.jwtauth.store.Schema;
import io.github.jwtauth.store.UserDirectory;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mindrot.jbcrypt.BCrypt;

/**
 * The token endpoint's logic on a real database (H2; MariaDB where its collation matters), with a
 * fixed clock: the attempt limits, the per-key-pair token budget, the stored key used after lookup,
 * swapped credentials kept out of the audit trail, and hashes of another cost made uniform.
 */
class TokenServiceTest {
  static final KeySet KEYS =
      KeySet.hmac(
          SigningAlgorithm.HS256,
          "0123456789abcdefghijklmnopqrstuvwxyzABCDEF".getBytes(StandardCharsets.UTF_8));

  /** Failures per (key, address) and per key before waiting; failures per address. */
  static final int PER_KEY = 3;

  static final int PER_ADDRESS = 5;

  /** Tokens per key-pair per minute. */
  static final int BUDGET = 3;

  /** Counters per limiter, as in production. */
  static final int SLOTS = 1 << 16;

  /** bcrypt cost of the server in these tests: the lowest, for speed. */
  static final int COST = 4;

  final MutableClock clock = new MutableClock();
  SecretHasher hasher = new SecretHasher(COST, new SecureRandom());
  final List<String> auditLines = new ArrayList<>();
  final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          synchronized (auditLines) {
            auditLines.add(r.getMessage());
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  final Logger auditLogger = Logger.getLogger(Audit.LOGGER);

  Databases.Db db;
  KeyPairStore store;
  RefreshTokenStore refreshTokens;
  TokenService service;
  String apiKey;
  String secret;

  void open(Databases.Db database) {
    open(database, d -> d);
  }

  /** Opens the service on a DataSource seen through {@code wrap} (e.g. one that counts). */
  void open(Databases.Db database, UnaryOperator<DataSource> wrap) {
    db = database;
    DataSource ds = wrap.apply(new DriverManagerDataSource(db.jdbcUrl(), db.user(), db.password()));
    Schema schema = new Schema(ds, true);
    store = new KeyPairStore(ds, schema);
    refreshTokens = new RefreshTokenStore(ds, schema, 3600, 7200, 0, 100);
    long window = Duration.ofMinutes(15).toSeconds();
    service =
        new TokenService(
            store,
            refreshTokens,
            UserDirectory.container(),
            hasher,
            new VerifiedSecretCache(0, 100, new SecureRandom()),
            new TokenIssuer(KEYS, "jwt-auth", Duration.ofMinutes(5), clock),
            new TokenVerifier(KEYS, "jwt-auth", 0, 8192, clock),
            new TokenService.Limits(
                new AttemptLimiter(SLOTS, PER_KEY, 900, window, clock),
                new AttemptLimiter(SLOTS, PER_KEY, 900, window, clock),
                new AttemptLimiter(SLOTS, PER_ADDRESS, 900, window, clock),
                new RateLimiter(SLOTS, BUDGET, clock)),
            new Audit(clock));
    apiKey = hasher.newApiKey();
    secret = hasher.newSecret();
    store.insert(keyPair(apiKey, hasher.hash(secret)));
    auditLogger.addHandler(capture);
  }

  KeyPair keyPair(String key, String hash) {
    return new KeyPair(
        key,
        "alice",
        "laptop",
        hash,
        Set.of("user"),
        clock.instant().getEpochSecond(),
        null,
        null,
        null);
  }

  @AfterEach
  void close() {
    auditLogger.removeHandler(capture);
    if (db != null) {
      db.close();
    }
  }

  ErrorCode refusal(Runnable r) {
    return assertThrows(JwtAuthException.class, r::run).error();
  }

  /** Sends a wrong secret from an address; returns the code of the refusal. */
  ErrorCode wrongFrom(String address) {
    return refusal(() -> service.exchange(apiKey, "wrong-secret", address));
  }

  // ------------------------------------------------------------------ attempt limits

  /**
   * Security review, item 1: anyone can read an {@code api_key} (it is in every token); failures
   * from many addresses must not lock its owner out, and each attacking address soon waits.
   */
  @Test
  void whenKeyPairExpiresBeforeTheAccessTokenWouldThenTheTokenIsCappedAtTheExpiry() {
    open(Databases.h2("TokenServiceTest"));
    String key = hasher.newApiKey();
    long expiry = clock.instant().getEpochSecond() + 120; // access tokens live 5 minutes here
    store.insert(expiring(key, expiry));
    TokenService.Issued t = service.exchange(key, secret, "192.0.2.1");
    assertEquals(120, t.expiresIn());
    assertEquals((Long) expiry, t.keyPairExpiresAt());
    assertEquals(expiry, JWT.decode(t.accessToken()).getExpiresAtAsInstant().getEpochSecond());
    clock.now = clock.now.plusSeconds(60);
    TokenService.Issued r = service.refresh(t.refreshToken(), "192.0.2.1");
    assertEquals(60, r.expiresIn());
    assertEquals(expiry, JWT.decode(r.accessToken()).getExpiresAtAsInstant().getEpochSecond());
    TokenService.Issued never = service.exchange(apiKey, secret, "192.0.2.1");
    assertEquals(300, never.expiresIn(), "no expiry: the configured lifetime");
    assertEquals(null, never.keyPairExpiresAt());
  }

  @Test
  void whenKeyPairHasExpiredThenExchangeAndRefreshAreRefusedWithKeyPairExpired() {
    open(Databases.h2("TokenServiceTest"));
    String key = hasher.newApiKey();
    long expiry = clock.instant().getEpochSecond() + 120;
    store.insert(expiring(key, expiry));
    TokenService.Issued t = service.exchange(key, secret, "192.0.2.1");
    clock.now = clock.now.plusSeconds(120);
    assertEquals(
        ErrorCode.KEY_PAIR_EXPIRED, refusal(() -> service.exchange(key, secret, "192.0.2.1")));
    assertEquals(
        ErrorCode.KEY_PAIR_EXPIRED, refusal(() -> service.refresh(t.refreshToken(), "192.0.2.1")));
    assertEquals(
        ErrorCode.INVALID_API_KEY_SECRET,
        refusal(() -> service.exchange(key, "wrong" + secret, "192.0.2.1")),
        "a wrong secret learns nothing of the expiry");
  }

  KeyPair expiring(String key, long expiresAt) {
    return new KeyPair(
        key,
        "alice",
        "ci",
        hasher.hash(secret),
        Set.of("user"),
        clock.instant().getEpochSecond(),
        null,
        null,
        null,
        expiresAt,
        null);
  }

  @Test
  void whenAttackerAtManyAddressesFailsThenTheOwnerStillGetsTokensAndEachAttackerWaits() {
    open(Databases.h2("TokenServiceTest"));
    int judged = 0;
    for (int a = 1; a <= 40; a++) {
      for (int i = 0; i < 4; i++) {
        ErrorCode e = wrongFrom("198.51.100." + a);
        if (e == ErrorCode.INVALID_API_KEY_SECRET) {
          judged++;
        } else {
          assertEquals(ErrorCode.TOO_MANY_ATTEMPTS, e);
        }
      }
    }
    // the first PER_KEY guesses are judged; from then on each new address gets one guess per key
    // (a rare collision of two pairs' hashed slots only makes an address wait sooner)
    int most = PER_KEY + (40 - 1);
    int judgedGuesses = judged;
    assertTrue(
        judgedGuesses <= most && judgedGuesses > most - 5,
        () -> "guesses judged: " + judgedGuesses);
    // the owner, at an address that has not failed, is never refused for the attack
    TokenService.Issued issued = service.exchange(apiKey, secret, "192.0.2.10");
    assertEquals(apiKey, issued.apiKey());
    // the attackers are still waiting, even with the right secret
    assertEquals(
        ErrorCode.TOO_MANY_ATTEMPTS,
        refusal(() -> service.exchange(apiKey, secret, "198.51.100.7")));
  }

  @Test
  void whenOneAddressFailsAtOneKeyThenThatPairWaitsButNotTheOwnersOtherAddresses() {
    open(Databases.h2("TokenServiceTest"));
    for (int i = 0; i < PER_KEY; i++) {
      assertEquals(ErrorCode.INVALID_API_KEY_SECRET, wrongFrom("198.51.100.1"));
    }
    assertEquals(ErrorCode.TOO_MANY_ATTEMPTS, wrongFrom("198.51.100.1"));
    assertEquals(
        ErrorCode.TOO_MANY_ATTEMPTS,
        refusal(() -> service.exchange(apiKey, secret, "198.51.100.1")));
    assertEquals(apiKey, service.exchange(apiKey, secret, "192.0.2.10").apiKey());
    // after the wait has passed and the quiet window with it, the pair may try again
    clock.now = clock.now.plus(Duration.ofMinutes(16));
    assertEquals(apiKey, service.exchange(apiKey, secret, "198.51.100.1").apiKey());
  }

  /** Security review, item 11: one host owns a whole IPv6 /64; it is one address to the limits. */
  @Test
  void whenAddressesOfOneIpv6Slash64FailThenTheyShareOneCount() {
    open(Databases.h2("TokenServiceTest"));
    for (int i = 1; i <= PER_ADDRESS; i++) {
      String address = "2001:db8:1:2::" + Integer.toHexString(i);
      assertEquals(
          ErrorCode.INVALID_API_KEY_SECRET,
          refusal(() -> service.exchange("unknown-" + address, "wrong", address)));
    }
    assertEquals(
        ErrorCode.TOO_MANY_ATTEMPTS,
        refusal(() -> service.exchange(apiKey, secret, "2001:DB8:1:2:ffff:1:2:3")));
    assertEquals(apiKey, service.exchange(apiKey, secret, "2001:db8:1:3::1").apiKey());
  }

  // ------------------------------------------------------------------ leak-detectable secrets

  /** A DataSource that counts the connections asked of it. */
  static DataSource counting(DataSource ds, AtomicInteger connections) {
    return (DataSource)
        java.lang.reflect.Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, m, args) -> {
              if (m.getName().equals("getConnection")) {
                connections.incrementAndGet();
              }
              try {
                return m.invoke(ds, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** CPU time this thread spends in r, in nanoseconds (other processes do not count). */
  static long cpuNanos(Runnable r) {
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadCpuTime();
    r.run();
    return threads.getCurrentThreadCpuTime() - before;
  }

  static String withBadChecksum(String s) {
    char last = s.charAt(s.length() - 1);
    return s.substring(0, s.length() - 1) + (last == 'a' ? 'b' : 'a');
  }

  @Test
  void whenPrefixedSecretHasBadChecksumThenRefusedAsWrongSecretWithoutDatabaseOrBcrypt() {
    hasher = new SecretHasher(12, new SecureRandom()); // about 0.25 s of CPU per bcrypt
    AtomicInteger connections = new AtomicInteger();
    open(Databases.h2("TokenServiceTest"), ds -> counting(ds, connections));
    assertTrue(secret.startsWith(SecretFormat.PREFIX), secret);
    String lookalike = withBadChecksum(secret);
    refusal(() -> service.exchange(apiKey, withBadChecksum(secret), "192.0.2.99")); // warm-up
    connections.set(0);

    long lookalikeCpu =
        cpuNanos(
            () ->
                assertEquals(
                    ErrorCode.INVALID_API_KEY_SECRET,
                    refusal(() -> service.exchange(apiKey, lookalike, "192.0.2.1"))));
    assertEquals(0, connections.get(), "no database work for a bad checksum");

    String wellFormedWrong = SecretFormat.newSecret(new SecureRandom());
    long wrongCpu =
        cpuNanos(
            () ->
                assertEquals(
                    ErrorCode.INVALID_API_KEY_SECRET,
                    refusal(() -> service.exchange(apiKey, wellFormedWrong, "192.0.2.2"))));
    assertTrue(connections.get() >= 1, "a well-formed wrong secret is looked up");
    assertTrue(
        wrongCpu > 100_000_000L && lookalikeCpu < wrongCpu / 10,
        () -> "CPU: bad checksum " + lookalikeCpu + " ns, wrong secret " + wrongCpu + " ns");
    // the right secret still works, from an address that has not failed
    assertEquals(apiKey, service.exchange(apiKey, secret, "192.0.2.3").apiKey());
  }

  @Test
  void whenBadChecksumsRepeatThenTheyCountAsFailuresButNeverAgainstTheOwner() {
    open(Databases.h2("TokenServiceTest"));
    String lookalike = withBadChecksum(secret);
    for (int i = 0; i < PER_KEY; i++) {
      assertEquals(
          ErrorCode.INVALID_API_KEY_SECRET,
          refusal(() -> service.exchange(apiKey, lookalike, "198.51.100.1")));
    }
    assertEquals(
        ErrorCode.TOO_MANY_ATTEMPTS,
        refusal(() -> service.exchange(apiKey, lookalike, "198.51.100.1")));
    assertEquals(apiKey, service.exchange(apiKey, secret, "192.0.2.10").apiKey());
    assertTrue(
        auditLines.stream()
            .anyMatch(l -> l.contains("event=authn_login_fail:") && l.contains("bad_checksum")),
        auditLines::toString);
    assertTrue(auditLines.stream().noneMatch(l -> l.contains(lookalike)), "secret not logged");
  }

  @Test
  void whenKeyPairHasOldStyleSecretThenItStillBuysTokens() {
    open(Databases.h2("TokenServiceTest"));
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    String old = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    // one old secret in 64^6 begins with the prefix by chance: it must work too
    String unlucky = SecretFormat.PREFIX + old.substring(SecretFormat.PREFIX.length());
    for (String legacy : List.of(old, unlucky)) {
      String key = hasher.newApiKey();
      store.insert(keyPair(key, hasher.hash(legacy)));
      assertEquals(key, service.exchange(key, legacy, "192.0.2.10").apiKey());
      assertEquals(
          ErrorCode.INVALID_API_KEY_SECRET,
          refusal(() -> service.exchange(key, legacy.substring(1) + "x", "192.0.2.11")));
    }
  }

  // ------------------------------------------------------------------ client authentication

  @Test
  void whenKeyPairAuthenticatesAsClientThenItsOwnerAndRolesAndNoTokenOrBudgetSpent() {
    open(Databases.h2("TokenServiceTest"));
    long chains = db.queryLong("SELECT COUNT(*) FROM jwt_auth_refresh_token");
    for (int i = 0; i < BUDGET + 2; i++) {
      TokenService.Client c = service.authenticateClient(apiKey, secret, "192.0.2.10");
      assertEquals(new TokenService.Client(apiKey, "alice", Set.of("user")), c);
    }
    assertEquals(chains, db.queryLong("SELECT COUNT(*) FROM jwt_auth_refresh_token"));
    assertEquals(apiKey, service.exchange(apiKey, secret, "192.0.2.10").apiKey(), "budget kept");
  }

  @Test
  void whenClientIsWrongUnknownOrRevokedThenOneAnswerAndFailuresCountAsAtTheTokenEndpoint() {
    open(Databases.h2("TokenServiceTest"));
    assertEquals(
        ErrorCode.INVALID_CLIENT,
        refusal(() -> service.authenticateClient("unknown", secret, "198.51.100.2")));
    assertEquals(
        ErrorCode.INVALID_CLIENT,
        refusal(() -> service.authenticateClient(apiKey, hasher.newSecret(), "198.51.100.1")));
    assertEquals(
        ErrorCode.INVALID_CLIENT,
        refusal(() -> service.authenticateClient(apiKey, withBadChecksum(secret), "198.51.100.1")));
    assertEquals(
        ErrorCode.INVALID_CLIENT,
        refusal(() -> service.authenticateClient(apiKey, "wrong", "198.51.100.1")));
    // PER_KEY failures of this key from this address, whichever endpoint: now it waits
    assertEquals(
        ErrorCode.TOO_MANY_ATTEMPTS,
        refusal(() -> service.authenticateClient(apiKey, secret, "198.51.100.1")));
    assertEquals(ErrorCode.TOO_MANY_ATTEMPTS, wrongFrom("198.51.100.1"));
    store.revoke("alice", List.of(apiKey), clock.instant().getEpochSecond());
    assertEquals(
        ErrorCode.INVALID_CLIENT,
        refusal(() -> service.authenticateClient(apiKey, secret, "192.0.2.10")));
  }

  // ------------------------------------------------------------------ token budget

  /** Security review, item 4: successful exchanges and refreshes per key-pair are bounded. */
  @Test
  void whenMoreTokensAreBoughtThanTheBudgetThen429UntilTheNextMinuteAndNothingIsStored() {
    open(Databases.h2("TokenServiceTest"));
    List<TokenService.Issued> issued = new ArrayList<>();
    for (int i = 0; i < BUDGET - 1; i++) {
      issued.add(service.exchange(apiKey, secret, "192.0.2.10"));
    }
    String refresh = issued.get(0).refreshToken();
    issued.add(service.refresh(refresh, "192.0.2.10"));
    long chains = db.queryLong("SELECT COUNT(*) FROM jwt_auth_refresh_token");
    JwtAuthException e =
        assertThrows(JwtAuthException.class, () -> service.exchange(apiKey, secret, "192.0.2.10"));
    assertEquals(ErrorCode.TOO_MANY_REQUESTS, e.error());
    assertEquals(429, e.error().status());
    assertTrue(e.retryAfterSeconds() >= 1 && e.retryAfterSeconds() <= 60, e::toString);
    String next = issued.get(BUDGET - 1).refreshToken();
    assertEquals(ErrorCode.TOO_MANY_REQUESTS, refusal(() -> service.refresh(next, "192.0.2.10")));
    assertEquals(
        chains, db.queryLong("SELECT COUNT(*) FROM jwt_auth_refresh_token"), "nothing stored");
    // a refused refresh did not spend its token, and a new minute brings a new budget
    clock.now = clock.now.plus(Duration.ofSeconds(60));
    assertEquals(apiKey, service.refresh(next, "192.0.2.10").apiKey());
    assertEquals(apiKey, service.exchange(apiKey, secret, "192.0.2.10").apiKey());
  }

  @Test
  void whenOneKeyPairSpentItsBudgetThenAnotherKeyPairOfTheSameUserStillBuysTokens() {
    open(Databases.h2("TokenServiceTest"));
    String otherKey = hasher.newApiKey();
    String otherSecret = hasher.newSecret();
    store.insert(keyPair(otherKey, hasher.hash(otherSecret)));
    for (int i = 0; i < BUDGET; i++) {
      service.exchange(apiKey, secret, "192.0.2.10");
    }
    assertEquals(
        ErrorCode.TOO_MANY_REQUESTS, refusal(() -> service.exchange(apiKey, secret, "192.0.2.10")));
    assertEquals(otherKey, service.exchange(otherKey, otherSecret, "192.0.2.10").apiKey());
  }

  // ------------------------------------------------------------------ the stored key

  /**
   * Security review, item 10: MariaDB's PAD SPACE collation finds {@code KEY} for {@code 'KEY '};
   * the text as sent must never reach tokens, chains, limiters or caches.
   */
  @Test
  void whenApiKeyIsSentWithTrailingSpacesOnMariaDbThenItIsAnUnknownKey() {
    open(Databases.mariadb("TokenServiceTest"));
    for (String padded : List.of(apiKey + " ", apiKey + "   ")) {
      assertEquals(
          ErrorCode.INVALID_API_KEY_SECRET,
          refusal(() -> service.exchange(padded, secret, "192.0.2.10")));
    }
    assertEquals(0, db.queryLong("SELECT COUNT(*) FROM jwt_auth_refresh_token"));
    TokenService.Issued ok = service.exchange(apiKey, secret, "192.0.2.10");
    assertEquals(apiKey, ok.apiKey());
    assertEquals(
        1,
        db.queryLong(
            "SELECT COUNT(*) FROM jwt_auth_refresh_token WHERE api_key = '" + apiKey + "'"));
  }

  // ------------------------------------------------------------------ audit and hashing

  /** Security review, item 11: a client that swapped the two fields must not log its secret. */
  @Test
  void whenApiKeyAndSecretAreSwappedThenTheSecretNeverReachesTheAuditTrail() {
    open(Databases.h2("TokenServiceTest"));
    assertEquals(
        ErrorCode.INVALID_API_KEY_SECRET,
        refusal(() -> service.exchange(secret, apiKey, "192.0.2.10")));
    for (int i = 0; i < PER_KEY + 2; i++) {
      refusal(() -> service.exchange(secret, apiKey, "192.0.2.10"));
    }
    synchronized (auditLines) {
      assertFalse(auditLines.isEmpty());
      for (String line : auditLines) {
        assertFalse(line.contains(secret), line);
        assertFalse(line.contains(secret.substring(0, 20)), line);
      }
      assertTrue(
          auditLines.stream()
              .anyMatch(l -> l.contains("authn_login_fail") && l.contains("[redacted]")),
          () -> String.join("\n", auditLines));
    }
  }

  /**
   * Security review, item 11: a key-pair hashed at a higher cost than the server's takes longer to
   * check than an unknown key (checked against a dummy hash of the server's cost); after its next
   * successful use it is hashed at the server's cost.
   */
  @Test
  void whenStoredHashHasAnotherCostThenItIsHashedAgainAtTheServersCostAfterUse() {
    open(Databases.h2("TokenServiceTest"));
    String key = hasher.newApiKey();
    String s = hasher.newSecret();
    store.insert(keyPair(key, BCrypt.hashpw(s, BCrypt.gensalt(COST + 2))));
    assertEquals(ErrorCode.INVALID_API_KEY_SECRET, refusal(() -> service.exchange(key, "x", "i")));
    assertTrue(store.find(key).orElseThrow().secretHash().startsWith("$2a$06$"), "not on failure");
    service.exchange(key, s, "192.0.2.10");
    String rehashed = store.find(key).orElseThrow().secretHash();
    assertTrue(rehashed.startsWith("$2a$04$"), rehashed);
    assertTrue(BCrypt.checkpw(s, rehashed));
    assertEquals(key, service.exchange(key, s, "192.0.2.10").apiKey());
    assertEquals(rehashed, store.find(key).orElseThrow().secretHash(), "once only");
  }

  // ------------------------------------------------------------------ claims our issuer writes

  /** A genuine token with one {@code data.user} member removed, signed again with our key. */
  static String without(String token, String userMember) {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    String[] parts = token.split("\\.");
    jakarta.json.JsonObject claims;
    try (jakarta.json.JsonReader r =
        jakarta.json.Json.createReader(
            new java.io.StringReader(
                new String(
                    java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)))) {
      claims = r.readObject();
    }
    jakarta.json.JsonObject data = claims.getJsonObject("data");
    jakarta.json.JsonObject user =
        jakarta.json.Json.createObjectBuilder(data.getJsonObject("user"))
            .remove(userMember)
            .build();
    String payload =
        b64.encodeToString(
            jakarta.json.Json.createObjectBuilder(claims)
                .add("data", jakarta.json.Json.createObjectBuilder(data).add("user", user))
                .build()
                .toString()
                .getBytes(StandardCharsets.UTF_8));
    byte[] sig =
        KEYS.algorithm()
            .sign(
                parts[0].getBytes(StandardCharsets.US_ASCII),
                payload.getBytes(StandardCharsets.US_ASCII));
    return parts[0] + "." + payload + "." + b64.encodeToString(sig);
  }

  /**
   * A refresh token signed with our key but without the {@code data.user} members our issuer always
   * writes is refused with the plugin's codes, 403 on the token endpoint, and spends nothing: the
   * genuine refresh token still works.
   */
  @Test
  void whenRefreshTokenLacksUserIdOrApiKeyThenThePluginsCodesAnd403() {
    open(Databases.h2("TokenServiceTest"));
    String refresh = service.exchange(apiKey, secret, "192.0.2.10").refreshToken();
    ErrorCode noId = refusal(() -> service.refresh(without(refresh, "id"), "192.0.2.10"));
    assertEquals(ErrorCode.MISSING_REFRESH_TOKEN_USER_ID, noId);
    assertEquals("rest_authentication_missing_refresh_token_user_id", noId.code());
    assertEquals(403, noId.status());
    ErrorCode noKey = refusal(() -> service.refresh(without(refresh, "api_key"), "192.0.2.10"));
    assertEquals(ErrorCode.MISSING_REFRESH_TOKEN_API_KEY, noKey);
    assertEquals("rest_authentication_missing_refresh_token_api_key", noKey.code());
    assertEquals(403, noKey.status());
    assertEquals(
        ErrorCode.INVALID_TOKEN_USER_EMAIL,
        refusal(() -> service.refresh(without(refresh, "user_email"), "192.0.2.10")));
    assertEquals(apiKey, service.refresh(refresh, "192.0.2.10").apiKey());
  }
}
