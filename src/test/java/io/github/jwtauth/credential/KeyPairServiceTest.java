package io.github.jwtauth.credential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.audit.Audit;
import io.github.jwtauth.store.DriverManagerDataSource;
import io.github.jwtauth.store.KeyPair;
import io.github.jwtauth.store.KeyPairStore;
import io.github.jwtauth.store.Schema;
import io.github.jwtauth.testsupport.AuditLine;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mindrot.jbcrypt.BCrypt;

/**
 * The key-pair rules on a real database (H2) with a fixed clock: names, the per-user cap, the audit
 * lines and the revocation listener.
 */
class KeyPairServiceTest {
  /** bcrypt cost in these tests: the lowest, for speed. */
  static final int COST = 4;

  static final int CAP = 2;
  static final String IP = "192.0.2.7";

  final MutableClock clock = new MutableClock();
  final SecretHasher hasher = new SecretHasher(COST, new SecureRandom());
  final List<LogRecord> auditRecords = new ArrayList<>();
  final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          synchronized (auditRecords) {
            auditRecords.add(r);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  final Logger auditLogger = Logger.getLogger(Audit.LOGGER);
  final List<List<String>> told = new ArrayList<>();
  final KeyPairService.Actor alice = new KeyPairService.Actor("alice", IP);
  final KeyPairService.Actor admin = new KeyPairService.Actor("admin", IP);

  Databases.Db db;
  KeyPairStore store;
  KeyPairService service;

  @BeforeEach
  void open() {
    db = Databases.h2("KeyPairServiceTest");
    DataSource ds = new DriverManagerDataSource(db.jdbcUrl(), db.user(), db.password());
    store = new KeyPairStore(ds, new Schema(ds, true));
    service = service(CAP);
    auditLogger.addHandler(capture);
  }

  KeyPairService service(int cap) {
    return new KeyPairService(store, hasher, new Audit(clock), clock, cap, told::add);
  }

  @AfterEach
  void close() {
    auditLogger.removeHandler(capture);
    db.close();
  }

  /** The audit lines written since the last call, parsed. */
  List<AuditLine> audit() {
    synchronized (auditRecords) {
      List<AuditLine> lines =
          auditRecords.stream().map(r -> AuditLine.parse(r.getMessage())).toList();
      auditRecords.clear();
      return lines;
    }
  }

  ErrorCode refusal(Runnable r) {
    return assertThrows(JwtAuthException.class, r::run).error();
  }

  // ------------------------------------------------------------------ create

  @Test
  void whenCreatedThenStoredWithHashOfTheOneTimeSecretAtTheClocksTime() {
    KeyPairService.Created c = service.create(alice, "alice", "  laptop  ", Set.of("user"));
    KeyPair kp = c.keyPair();
    assertEquals("laptop", kp.name(), "the name is stripped");
    assertEquals(24, kp.apiKey().length());
    assertTrue(SecretFormat.isWellFormed(c.secret()), c.secret()); // jwtas_…, 55 characters
    assertEquals(MutableClock.T0.getEpochSecond(), kp.created());
    assertTrue(BCrypt.checkpw(c.secret(), kp.secretHash()));
    assertFalse(c.toString().contains(c.secret()), "never the secret in toString");
    KeyPair stored = store.find(kp.apiKey()).orElseThrow();
    assertEquals("alice", stored.userLogin());
    assertEquals(Set.of("user"), stored.roles());
    assertEquals(kp.secretHash(), stored.secretHash());
    assertEquals(
        List.of(kp.apiKey()), service.list("alice").stream().map(KeyPair::apiKey).toList());
  }

  @Test
  void whenNameMissingOrBlankThenRequiredName() {
    assertEquals(
        ErrorCode.REQUIRED_NAME, refusal(() -> service.create(alice, "alice", null, Set.of())));
    assertEquals(
        ErrorCode.REQUIRED_NAME, refusal(() -> service.create(alice, "alice", " \t ", Set.of())));
    assertTrue(service.list("alice").isEmpty());
    assertTrue(audit().isEmpty());
  }

  @Test
  void whenNameTooLongOrWithControlCharactersThenInvalidRequestNamingTheRule() {
    String longest = "n".repeat(KeyPairInput.MAX_NAME_LENGTH);
    assertEquals(longest, service.create(alice, "alice", longest, Set.of()).keyPair().name());
    for (String bad : List.of(longest + "n", "a\nb", "tab\there", "del\u007f")) {
      JwtAuthException e =
          assertThrows(JwtAuthException.class, () -> service.create(alice, "alice", bad, Set.of()));
      assertEquals(ErrorCode.INVALID_REQUEST, e.error(), bad);
      assertEquals(
          "The key-pair name must be at most 200 characters, without control characters.",
          e.description());
    }
    assertEquals(1, service.list("alice").size());
  }

  @Test
  void whenLoginEmptyTooLongOrWithControlCharactersThenInvalidUser() {
    String tooLong = "u".repeat(KeyPairInput.MAX_LOGIN_LENGTH + 1);
    assertEquals(ErrorCode.INVALID_USER, refusal(() -> service.create(admin, "", "x", Set.of())));
    assertEquals(
        ErrorCode.INVALID_USER, refusal(() -> service.create(admin, tooLong, "x", Set.of())));
    assertEquals(
        ErrorCode.INVALID_USER, refusal(() -> service.create(admin, "bob\nx", "x", Set.of())));
    assertTrue(service.list("bob\nx").isEmpty());
  }

  @Test
  void whenUserAtTheCapThenTooManyKeyPairsUntilOneIsRevoked() {
    String first = service.create(alice, "alice", "a", Set.of()).keyPair().apiKey();
    service.create(alice, "alice", "b", Set.of());
    assertEquals(
        ErrorCode.TOO_MANY_KEY_PAIRS, refusal(() -> service.create(alice, "alice", "c", Set.of())));
    service.create(alice, "bob", "other users are not counted", Set.of());
    assertTrue(service.revoke(alice, "alice", first));
    service.create(alice, "alice", "c", Set.of());
    assertEquals(CAP, service.list("alice").size());
  }

  @Test
  void whenUnboundedThenNoCap() {
    KeyPairService cli = service(KeyPairService.UNBOUNDED);
    for (int i = 0; i < CAP + 3; i++) {
      cli.create(admin, "svc", "n" + i, Set.of());
    }
    assertEquals(CAP + 3, cli.list("svc").size());
  }

  // ------------------------------------------------------------------ audit

  @Test
  void whenUserCreatesOwnKeyPairThenAuditLineWithoutBy() {
    String key = service.create(alice, "alice", "laptop", Set.of()).keyPair().apiKey();
    assertEquals(Level.INFO, lastAuditLevel());
    List<AuditLine> lines = audit();
    assertEquals(1, lines.size(), lines::toString);
    AuditLine l = lines.get(0);
    assertEquals(List.of("time", "event", "user", "api_key", "ip"), l.keys());
    assertEquals("2026-01-01T00:00:00Z", l.get("time"));
    assertEquals("authn_keypair_created", l.event());
    assertEquals("alice", l.subject());
    assertEquals("alice", l.get("user"));
    assertEquals(key, l.get("api_key"));
    assertEquals(IP, l.get("ip"));
  }

  @Test
  void whenAdministratorActsForAnotherUserThenByNamesTheAdministrator() {
    String key = service.create(admin, "alice", "for alice", Set.of()).keyPair().apiKey();
    assertTrue(service.revoke(admin, "alice", key));
    List<AuditLine> lines = audit();
    assertEquals(
        List.of("authn_keypair_created", "authn_token_revoked"),
        lines.stream().map(AuditLine::event).toList());
    for (AuditLine l : lines) {
      assertEquals(List.of("time", "event", "user", "api_key", "ip", "by"), l.keys());
      assertEquals("alice", l.subject());
      assertEquals("alice", l.get("user"));
      assertEquals(key, l.get("api_key"));
      assertEquals("admin", l.get("by"));
    }
  }

  @Test
  void whenActorHasNoAddressThenIpIsADash() {
    KeyPairService.Actor cli = new KeyPairService.Actor("cli:root", null);
    service.create(cli, "svc", "batch", Set.of());
    AuditLine l = audit().get(0);
    assertEquals("-", l.get("ip"));
    assertEquals("cli:root", l.get("by"));
  }

  Level lastAuditLevel() {
    synchronized (auditRecords) {
      return auditRecords.isEmpty() ? null : auditRecords.get(auditRecords.size() - 1).getLevel();
    }
  }

  // ------------------------------------------------------------------ revoke

  @Test
  void whenOneRevokedThenListenerToldAndOneAuditLineAndTheStoreAgrees() {
    String key = service.create(alice, "alice", "a", Set.of()).keyPair().apiKey();
    String other = service.create(alice, "alice", "b", Set.of()).keyPair().apiKey();
    audit();
    clock.now = clock.now.plus(Duration.ofMinutes(5));
    assertTrue(service.revoke(alice, "alice", key));
    assertEquals(List.of(List.of(key)), told);
    List<AuditLine> lines = audit();
    assertEquals(1, lines.size(), lines::toString);
    assertEquals("authn_token_revoked", lines.get(0).event());
    assertEquals("alice", lines.get(0).subject());
    assertEquals(key, lines.get(0).get("api_key"));
    assertEquals("2026-01-01T00:05:00Z", lines.get(0).get("time"));
    assertEquals((Long) clock.now.getEpochSecond(), store.find(key).orElseThrow().revokedAt());
    assertTrue(service.findActive(key).isEmpty());
    assertEquals(other, service.findActive(other).orElseThrow().apiKey());
  }

  @Test
  void whenKeyUnknownRevokedOrOfAnotherUserThenFalseAndNothingToldOrAudited() {
    String key = service.create(alice, "alice", "a", Set.of()).keyPair().apiKey();
    audit();
    assertFalse(service.revoke(admin, "bob", key), "bob does not own it");
    assertFalse(service.revoke(alice, "alice", "no-such-key"));
    assertFalse(service.revoke(alice, "alice", "k".repeat(KeyPairService.MAX_API_KEY_LENGTH + 1)));
    assertTrue(service.revoke(alice, "alice", key));
    told.clear();
    audit();
    assertFalse(service.revoke(alice, "alice", key), "already revoked");
    assertTrue(told.isEmpty());
    assertTrue(audit().isEmpty());
  }

  @Test
  void whenAllRevokedThenListenerToldOnceWithEveryKeyAndOneAuditLineEach() {
    String a = service.create(alice, "alice", "a", Set.of()).keyPair().apiKey();
    String b = service.create(alice, "alice", "b", Set.of()).keyPair().apiKey();
    String bobs = service.create(admin, "bob", "c", Set.of()).keyPair().apiKey();
    audit();
    List<String> revoked = service.revokeAll(alice, "alice");
    assertEquals(Set.of(a, b), Set.copyOf(revoked));
    assertEquals(List.of(revoked), told);
    List<AuditLine> lines = audit();
    assertEquals(2, lines.size(), lines::toString);
    assertEquals(
        Set.copyOf(revoked), Set.copyOf(lines.stream().map(l -> l.get("api_key")).toList()));
    assertTrue(lines.stream().allMatch(l -> l.event().equals("authn_token_revoked")));
    assertTrue(service.list("alice").isEmpty());
    assertEquals(bobs, service.list("bob").get(0).apiKey());
    // nothing left: nothing told, nothing audited
    told.clear();
    assertEquals(List.of(), service.revokeAll(alice, "alice"));
    assertTrue(told.isEmpty());
    assertTrue(audit().isEmpty());
  }

  // ------------------------------------------------------------------ expiry and roles

  KeyPairService service(KeyPairService.Lifetimes lifetimes) {
    return new KeyPairService(store, hasher, new Audit(clock), clock, CAP, told::add, lifetimes);
  }

  static final Instant T0 = MutableClock.T0;

  @Test
  void whenNoLifetimesThenNeverExpiresUnlessAskedAndTheExpiryIsStored() {
    KeyPair never = service.create(alice, "alice", "a", Set.of()).keyPair();
    assertEquals(null, never.expiresAt());
    assertEquals(null, store.find(never.apiKey()).orElseThrow().expiresAt());
    Instant at = T0.plus(Duration.ofDays(400));
    KeyPair kp =
        service.create(alice, "alice", "b", Set.of(), new KeyPairService.Terms(at, null)).keyPair();
    assertEquals((Long) at.getEpochSecond(), store.find(kp.apiKey()).orElseThrow().expiresAt());
  }

  @Test
  void whenDefaultLifetimeThenAppliedOnlyWhenNoExpiryAsked() {
    KeyPairService s =
        service(new KeyPairService.Lifetimes(Duration.ofDays(90), Duration.ofDays(30)));
    assertEquals(
        (Long) T0.plus(Duration.ofDays(30)).getEpochSecond(),
        s.create(alice, "alice", "a", Set.of()).keyPair().expiresAt());
    Instant asked = T0.plus(Duration.ofDays(60));
    assertEquals(
        (Long) asked.getEpochSecond(),
        s.create(alice, "alice", "b", Set.of(), new KeyPairService.Terms(asked, null))
            .keyPair()
            .expiresAt());
  }

  @Test
  void whenOnlyMaxLifetimeThenItIsTheDefault() {
    KeyPairService s = service(new KeyPairService.Lifetimes(Duration.ofDays(90), null));
    assertEquals(
        (Long) T0.plus(Duration.ofDays(90)).getEpochSecond(),
        s.create(alice, "alice", "a", Set.of()).keyPair().expiresAt());
  }

  @Test
  void whenExpiryBeyondMaxLifetimeThenRefusedNotClampedAndNothingStored() {
    KeyPairService s = service(new KeyPairService.Lifetimes(Duration.ofDays(90), null));
    Instant atMax = T0.plus(Duration.ofDays(90));
    assertEquals(
        (Long) atMax.getEpochSecond(),
        s.create(alice, "alice", "at max", Set.of(), new KeyPairService.Terms(atMax, null))
            .keyPair()
            .expiresAt());
    audit();
    assertEquals(
        ErrorCode.KEY_PAIR_EXPIRY_TOO_LONG,
        refusal(
            () ->
                s.create(
                    alice,
                    "alice",
                    "too long",
                    Set.of(),
                    new KeyPairService.Terms(atMax.plusSeconds(1), null))));
    assertEquals(1, s.list("alice").size());
    assertTrue(audit().isEmpty());
  }

  @Test
  void whenExpiryNotInTheFutureAtCreationThenInvalid() {
    assertEquals(
        ErrorCode.INVALID_KEY_PAIR_EXPIRY,
        refusal(
            () ->
                service.create(
                    alice, "alice", "past", Set.of(), new KeyPairService.Terms(T0, null))));
  }

  @Test
  void whenExpiredKeyPairsThenTheyNoLongerCountAgainstTheCap() {
    Instant soon = T0.plus(Duration.ofDays(1));
    service.create(alice, "alice", "a", Set.of(), new KeyPairService.Terms(soon, null));
    service.create(alice, "alice", "b", Set.of());
    assertEquals(
        ErrorCode.TOO_MANY_KEY_PAIRS, refusal(() -> service.create(alice, "alice", "c", Set.of())));
    clock.now = soon;
    service.create(alice, "alice", "c", Set.of());
    assertEquals(3, service.list("alice").size(), "expired key-pairs are still listed");
  }

  @Test
  void whenCreatedWithExpiryAndRolesThenTheAuditLineRecordsBoth() {
    Instant at = T0.plus(Duration.ofDays(7));
    String key =
        service
            .create(
                alice,
                "alice",
                "ci",
                Set.of("user", "deployer"),
                new KeyPairService.Terms(at, Set.of("deployer")))
            .keyPair()
            .apiKey();
    AuditLine l = audit().get(0);
    assertEquals(List.of("time", "event", "user", "api_key", "ip", "expires", "roles"), l.keys());
    assertEquals(key, l.get("api_key"));
    assertEquals("2026-01-08T00:00:00Z", l.get("expires"));
    assertEquals("deployer", l.get("roles"));
  }

  @Test
  void whenRolesRestrictedThenRecordedRolesNarrowedAndLimitStored() {
    KeyPair kp =
        service
            .create(
                alice,
                "alice",
                "ci",
                Set.of("user", "administrator"),
                new KeyPairService.Terms(null, Set.of("user")))
            .keyPair();
    KeyPair stored = store.find(kp.apiKey()).orElseThrow();
    assertEquals(Set.of("user"), stored.roles());
    assertEquals(Set.of("user"), stored.roleLimit());
    assertEquals(Set.of("user"), stored.restrict(Set.of("user", "administrator")));
    assertEquals(Set.of(), stored.restrict(Set.of("administrator")));
    KeyPair none =
        store
            .find(
                service
                    .create(
                        alice,
                        "alice",
                        "no roles",
                        Set.of("user"),
                        new KeyPairService.Terms(null, Set.of()))
                    .keyPair()
                    .apiKey())
            .orElseThrow();
    assertEquals(Set.of(), none.roleLimit(), "restricted to no role at all");
    assertEquals(Set.of(), none.restrict(Set.of("user")));
  }

  @Test
  void whenNoRoleRestrictionThenTheOwnersRolesPassUnchanged() {
    KeyPair kp = service.create(alice, "alice", "a", Set.of("user")).keyPair();
    KeyPair stored = store.find(kp.apiKey()).orElseThrow();
    assertEquals(null, stored.roleLimit());
    assertEquals(Set.of("user", "editor"), stored.restrict(Set.of("user", "editor")));
  }
}
