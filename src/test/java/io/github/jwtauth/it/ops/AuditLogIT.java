package io.github.jwtauth.it.ops;

import static io.github.jwtauth.testsupport.Expect.endpointError;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.AuditLine;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.TestWebapp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The audit trail, read from the JUL logger {@code io.github.jwtauth.audit} (the webapp runs in
 * this JVM, System.Logger's default backend is java.util.logging): one flow triggers every event,
 * each appears exactly once with its user, {@code api_key} and client address, no line carries a
 * token, a secret or a bcrypt hash, and user-controlled CR/LF is escaped.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Container.Kind.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditLogIT {
  static final String SECRET = "audit-log-test-secret-5Gh8Jk2Lm4Np6Qr8St0Uv";

  /** The client address, given through X-Forwarded-For from the trusted proxy 127.0.0.1. */
  static final String IP = "203.0.113.7";

  static final String OTHER_IP = "203.0.113.8";

  /** Strong reference: JUL keeps loggers weakly. */
  static final Logger AUDIT = Logger.getLogger("io.github.jwtauth.audit");

  /** The fixed fields of every audit line, in order. */
  static final List<String> FIELDS = List.of("time", "event", "user", "api_key", "ip");

  @Parameter Container.Kind kind;

  Container container;
  Databases.Db db;
  Api api;
  final List<LogRecord> records = new ArrayList<>();
  final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          synchronized (records) {
            records.add(r);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeParameterizedClassInvocation
  void start() {
    db = Databases.h2("audit-" + kind);
    container = kind.start();
    api =
        new Api(
            container
                .deploy(
                    TestWebapp.named("audit")
                        .param("jwt-auth.secret", SECRET)
                        .param("jwt-auth.schema-create", "true")
                        .params(db.jdbcParams())
                        .param("jwt-auth.trusted-proxies", "127.0.0.1")
                        .param("jwt-auth.max-failures-per-key", "1")
                        .param("jwt-auth.max-failures-per-address", "1000"))
                .requireStarted());
    capture.setLevel(Level.ALL);
    AUDIT.addHandler(capture);
  }

  @AfterParameterizedClassInvocation
  void stop() {
    AUDIT.removeHandler(capture);
    try {
      if (container != null) {
        container.close();
      }
    } finally {
      if (db != null) {
        db.close();
      }
    }
  }

  Http.Req from(String path, String address) {
    return api.api(path).header("X-Forwarded-For", address);
  }

  /** One parsed audit line. */
  record Line(
      Level level,
      String message,
      Instant time,
      String event,
      String subject,
      String user,
      String apiKey,
      String ip,
      String detail) {}

  @Test
  void whenEveryAuditedEventHappensThenEachIsLoggedOnceWithItsFieldsAndNoSecret() throws Exception {
    synchronized (records) {
      records.clear();
    }
    Instant before = Instant.now().minusSeconds(1);
    // authn_keypair_created
    Http.Res created =
        from("/key-pair", IP)
            .basic("alice", Container.PASSWORD)
            .multipart("name", "audited")
            .post();
    assertEquals(201, created.status(), created::toString);
    String key = created.json().getString("api_key");
    String secret = created.json().getString("api_secret");
    // authn_token_created
    Http.Res issued = from("/token", IP).multipart("api_key", key, "api_secret", secret).post();
    assertEquals(200, issued.status(), issued::toString);
    String access = issued.json().getString("access_token");
    String refresh = issued.json().getString("refresh_token");
    // authn_token_refreshed
    Http.Res rotated = from("/token", IP).multipart("refresh_token", refresh).post();
    assertEquals(200, rotated.status(), rotated::toString);
    // authn_token_reuse
    endpointError(
        from("/token", IP).multipart("refresh_token", refresh).post(),
        403,
        "rest_authentication_refresh_token_reused");
    // authn_login_fail and authn_login_fail_max (limit 1), then excess_rate_limit_exceeded
    endpointError(
        from("/token", IP).multipart("api_key", key, "api_secret", "wrong-secret").post(),
        403,
        "rest_authentication_invalid_api_key_secret");
    endpointError(
        from("/token", IP).multipart("api_key", key, "api_secret", secret).post(),
        429,
        "rest_authentication_too_many_attempts");
    // authn_token_revoked
    Http.Res revoked = from("/key-pair/" + key, IP).basic("alice", Container.PASSWORD).delete();
    assertEquals(200, revoked.status(), revoked::toString);
    // authz_fail, with a forged log line in the user-controlled value
    String forged =
        "admin\r\nFAKE jwt-auth audit time=2026-01-01T00:00:00Z event=authn_token_created:admin";
    endpointError(
        from("/key-pair?user=" + Http.enc(forged), IP).basic("alice", Container.PASSWORD).get(),
        403,
        "rest_authentication_edit_user_error");
    // a CR/LF api_key from another address: escaped too
    endpointError(
        from("/token", OTHER_IP).multipart("api_key", "evil\r\nFAKE", "api_secret", "x").post(),
        403,
        "rest_authentication_invalid_api_key_secret");
    Instant after = Instant.now().plusSeconds(1);

    List<LogRecord> all;
    synchronized (records) {
      all = List.copyOf(records);
    }
    List<Line> lines = new ArrayList<>();
    for (LogRecord r : all) {
      String m = r.getMessage();
      assertFalse(
          m.contains("\r") || m.contains("\n"), () -> "a line break in an audit line: " + m);
      AuditLine x = AuditLine.parse(m);
      List<AuditLine.Field> fields = x.fields();
      assertEquals(FIELDS, x.keys().subList(0, Math.min(5, fields.size())), m);
      assertTrue(fields.size() <= 6, () -> "at most one detail: " + m);
      AuditLine.Field detail = fields.size() == 6 ? fields.get(5) : null;
      lines.add(
          new Line(
              r.getLevel(),
              m,
              Instant.parse(x.get("time")),
              x.event(),
              x.subject(),
              x.get("user"),
              x.get("api_key"),
              x.get("ip"),
              detail == null ? null : detail.key() + "=" + detail.value()));
    }
    List<Line> ours = lines.stream().filter(l -> l.ip().equals(IP)).toList();

    String login = "alice";
    Map<String, String[]> expected = new java.util.LinkedHashMap<>();
    // event -> subject, user, api_key, level, detail
    expected.put("authn_keypair_created", new String[] {login, login, key, "INFO", null});
    expected.put("authn_token_created", new String[] {login, login, key, "INFO", null});
    expected.put("authn_token_refreshed", new String[] {login, login, key, "INFO", null});
    expected.put("authn_token_reuse", new String[] {login, login, key, "SEVERE", "chain=revoked"});
    expected.put("authn_login_fail", new String[] {key, login, key, "WARNING", null});
    expected.put(
        "authn_login_fail_max", new String[] {key, login, key, "WARNING", "limit=api_key"});
    expected.put(
        "excess_rate_limit_exceeded", new String[] {key, "-", key, "WARNING", "limit=token"});
    expected.put("authn_token_revoked", new String[] {login, login, key, "INFO", null});
    // the requested user, cut to 80 characters: one quoted value, no line break, no forged line
    expected.put(
        "authz_fail",
        new String[] {login, login, "-", "WARNING", "target_user=" + bounded(forged)});
    List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
    for (Map.Entry<String, String[]> e : expected.entrySet()) {
      checks.add(
          () -> {
            List<Line> found = ours.stream().filter(l -> l.event().equals(e.getKey())).toList();
            assertEquals(1, found.size(), () -> e.getKey() + " lines: " + found);
            Line l = found.get(0);
            String[] want = e.getValue();
            assertEquals(want[0], l.subject(), () -> "subject of " + l.message());
            assertEquals(want[1], l.user(), () -> "user of " + l.message());
            assertEquals(want[2], l.apiKey(), () -> "api_key of " + l.message());
            assertEquals(IP, l.ip(), () -> "ip of " + l.message());
            assertEquals(want[3], l.level().getName(), () -> "level of " + l.message());
            assertEquals(want[4], l.detail(), () -> "detail of " + l.message());
            assertTrue(
                !l.time().isBefore(before) && !l.time().isAfter(after),
                () -> "time of " + l.message());
          });
    }
    checks.add(
        () ->
            assertEquals(
                expected.size(), ours.size(), () -> "no other lines for " + IP + ": " + ours));
    checks.add(
        () -> {
          List<Line> evil = lines.stream().filter(l -> l.ip().equals(OTHER_IP)).toList();
          assertEquals(
              List.of("authn_login_fail", "authn_login_fail_max"),
              evil.stream().map(Line::event).toList(),
              evil::toString);
          evil.forEach(l -> assertEquals("evil\r\nFAKE", l.apiKey(), l::message));
          evil.forEach(
              l ->
                  assertTrue(l.message().contains(" api_key=\"evil\\x0d\\x0aFAKE\" "), l::message));
        });
    checks.add(
        () -> {
          Line l = ours.stream().filter(x -> x.event().equals("authz_fail")).findFirst().get();
          // as written: quoted, CR/LF as \xNN, cut inside the quotes
          String raw = " target_user=\"admin\\x0d\\x0a" + bounded(forged).substring(7) + "\"";
          assertTrue(l.message().endsWith(raw), l::message);
        });
    assertAll(checks);

    // never a token, a secret or a hash
    List<String> forbidden =
        new ArrayList<>(
            List.of(
                access,
                refresh,
                rotated.json().getString("access_token"),
                rotated.json().getString("refresh_token"),
                secret,
                hash(key),
                "$2a$",
                "$2b$",
                "$2y$",
                SECRET));
    for (String token : List.of(access, refresh)) {
      forbidden.add(token.substring(token.lastIndexOf('.') + 1)); // a signature alone
    }
    for (Line l : lines) {
      for (String f : forbidden) {
        assertFalse(l.message().contains(f), () -> "audit line leaks a secret: " + l.message());
      }
    }
  }

  /** The audit lines from {@code address} since {@code records} was cleared, parsed strictly. */
  List<AuditLine> linesFrom(String address) {
    List<LogRecord> all;
    synchronized (records) {
      all = List.copyOf(records);
    }
    return all.stream()
        .map(r -> AuditLine.parse(r.getMessage()))
        .filter(l -> l.get("ip").equals(address))
        .toList();
  }

  @Test
  void whenAnApiKeyCarriesFakeFieldsThenTheLoginFailLineHasOnlyTheRealOnes() {
    synchronized (records) {
      records.clear();
    }
    String address = "203.0.113.21";
    String key = "x user=admin api_key=ADMINKEY ip=6.6.6.6";
    endpointError(
        from("/token", address).multipart("api_key", key, "api_secret", "wrong-secret").post(),
        403,
        "rest_authentication_invalid_api_key_secret");

    List<AuditLine> fails =
        linesFrom(address).stream().filter(l -> l.event().equals("authn_login_fail")).toList();
    assertEquals(1, fails.size(), fails::toString);
    AuditLine l = fails.get(0);
    assertAll(
        () -> assertEquals(FIELDS, l.keys(), l::toString),
        () -> assertEquals(key, l.subject(), l::toString),
        () -> assertEquals("-", l.get("user"), l::toString),
        () -> assertEquals(key, l.get("api_key"), l::toString),
        () -> assertEquals(address, l.get("ip"), l::toString));
  }

  @Test
  void whenANonAdminAsksForAnotherUserWithFakeFieldsThenTheAuthzFailLineHasOneTargetUser() {
    synchronized (records) {
      records.clear();
    }
    String address = "203.0.113.22";
    String requested = "bob ip=1.2.3.4 target_user=x";
    endpointError(
        from("/key-pair?user=" + Http.enc(requested), address)
            .basic("alice", Container.PASSWORD)
            .get(),
        403,
        "rest_authentication_edit_user_error");

    List<AuditLine> lines = linesFrom(address);
    assertEquals(1, lines.size(), lines::toString);
    AuditLine l = lines.get(0);
    assertAll(
        () -> assertEquals("authz_fail", l.event(), l::toString),
        () ->
            assertEquals(
                List.of("time", "event", "user", "api_key", "ip", "target_user"),
                l.keys(),
                l::toString),
        () -> assertEquals("alice", l.subject(), l::toString),
        () -> assertEquals("alice", l.get("user"), l::toString),
        () -> assertEquals("-", l.get("api_key"), l::toString),
        () -> assertEquals(address, l.get("ip"), l::toString),
        () -> assertEquals(requested, l.get("target_user"), l::toString));
  }

  /** User text as an audit value holds it: at most 80 characters, then {@code ...}. */
  static String bounded(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  String hash(String apiKey) throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT secret_hash FROM jwt_auth_key_pair WHERE api_key = ?")) {
      ps.setString(1, apiKey);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "row of " + apiKey);
        String h = rs.getString(1);
        assertTrue(h.startsWith("$2"), "a bcrypt hash");
        return h;
      }
    }
  }
}
