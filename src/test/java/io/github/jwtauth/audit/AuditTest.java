package io.github.jwtauth.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.audit.Audit.Event;
import io.github.jwtauth.testsupport.AuditLine;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuditTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00.123456Z");

  /** Strong reference: JUL keeps loggers weakly. */
  static final Logger JUL = Logger.getLogger(Audit.LOGGER);

  final Audit audit = new Audit(Clock.fixed(NOW, ZoneOffset.UTC));
  final List<LogRecord> records = new ArrayList<>();
  final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          records.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void listen() {
    capture.setLevel(Level.ALL);
    JUL.addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    JUL.removeHandler(capture);
  }

  /** The one line logged since the test began. */
  String line() {
    assertEquals(1, records.size(), records::toString);
    return records.get(0).getMessage();
  }

  /** A value as the line must show it: at most 80 characters then {@code ...}; null as -. */
  static String bounded(String s) {
    return s == null ? "-" : s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  static Stream<String> hostile() {
    return Stream.of(
        "x user=admin api_key=ADMINKEY ip=6.6.6.6",
        "a b",
        "=",
        "user=admin",
        "\"",
        "\"quoted\" ip=\"6.6.6.6\"",
        "\\",
        "\\\" user=admin",
        "a\\x20b",
        "evil\r\nFAKE jwt-auth audit time=2026-01-01T00:00:00Z event=authn_token_created:admin",
        "nul\0byte",
        "tab\tand\u007fdel",
        "caf\u00e9 \u2028 \u0085 \u202e \ud83d\ude00",
        "\ud83d",
        "a".repeat(79) + "\ud83d\ude00",
        "a=".repeat(500),
        "x ".repeat(500),
        "",
        " ",
        "-",
        "ok");
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void whenEveryValueIsHostileThenTheLineParsesToExactlyTheFieldsWritten(String v) {
    audit.log(Event.AUTHN_LOGIN_FAIL, v, v, v, v, null);

    String m = line();
    assertFalse(m.contains("\r") || m.contains("\n") || m.contains("\0"), m);
    AuditLine l = AuditLine.parse(m);
    assertEquals(List.of("time", "event", "user", "api_key", "ip"), l.keys(), m);
    assertEquals("2026-01-01T00:00:00.123Z", l.get("time"), m);
    assertEquals("authn_login_fail:" + bounded(v), l.get("event"), m);
    assertEquals("authn_login_fail", l.event(), m);
    assertEquals(bounded(v), l.subject(), m);
    assertEquals(bounded(v), l.get("user"), m);
    assertEquals(bounded(v), l.get("api_key"), m);
    assertEquals(bounded(v), l.get("ip"), m);
  }

  @Test
  void whenTheApiKeyCarriesFakeFieldsThenItIsOneQuotedValue() {
    String key = "x user=admin api_key=ADMINKEY ip=6.6.6.6";
    audit.log(Event.AUTHN_LOGIN_FAIL, key, null, key, "127.0.0.1", null);

    String m = line();
    assertEquals(
        "jwt-auth audit time=2026-01-01T00:00:00.123Z"
            + " event=\"authn_login_fail:x user=admin api_key=ADMINKEY ip=6.6.6.6\""
            + " user=- api_key=\"x user=admin api_key=ADMINKEY ip=6.6.6.6\" ip=127.0.0.1",
        m);
    AuditLine l = AuditLine.parse(m);
    assertEquals("-", l.get("user"));
    assertEquals(key, l.get("api_key"));
    assertEquals("127.0.0.1", l.get("ip"));
  }

  @Test
  void whenValuesArePlainThenTheLineIsUnchangedAndBare() {
    audit.log(Event.AUTHN_LOGIN_FAIL_MAX, "KEY", "alice", "KEY", "127.0.0.1", "limit=api_key");

    assertEquals(
        "jwt-auth audit time=2026-01-01T00:00:00.123Z event=authn_login_fail_max:KEY user=alice"
            + " api_key=KEY ip=127.0.0.1 limit=api_key",
        line());
    assertEquals(Level.WARNING, records.get(0).getLevel());
  }

  @Test
  void whenAValueNeedsQuotesThenQuotesBackslashesAndControlsAreEscaped() {
    audit.log(Event.AUTHZ_FAIL, null, "a\"b\\c\r\n\0\u007f\u00e9\u2028", "", "-", null);

    assertEquals(
        "jwt-auth audit time=2026-01-01T00:00:00.123Z event=authz_fail"
            + " user=\"a\\\"b\\\\c\\x0d\\x0a\\x00\\x7f\\u00e9\\u2028\" api_key=\"\" ip=\"-\"",
        line());
  }

  @Test
  void whenAValueIsLongThenItIsCutTo80CharactersInsideTheQuotes() {
    String user = "a b".repeat(400);
    audit.log(Event.AUTHN_TOKEN_CREATED, null, user, "k".repeat(1000), "127.0.0.1", null);

    String m = line();
    assertTrue(m.contains(" user=\"" + user.substring(0, 80) + "...\" "), m);
    assertTrue(m.contains(" api_key=" + "k".repeat(80) + "... "), m);
  }

  @Test
  void whenTheSubjectIsNullThenTheEventIsItsNameAlone() {
    audit.log(Event.AUTHN_TOKEN_REUSE, null, "alice", "KEY", "127.0.0.1", "chain=revoked");

    assertEquals(
        "jwt-auth audit time=2026-01-01T00:00:00.123Z event=authn_token_reuse user=alice"
            + " api_key=KEY ip=127.0.0.1 chain=revoked",
        line());
    assertEquals(Level.SEVERE, records.get(0).getLevel());
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void whenAFixedDetailIsFollowedByUserTextThenItIsStillOneField(String v) {
    audit.log(Event.AUTHZ_FAIL, "alice", "alice", null, "127.0.0.1", "target_user=" + v);

    String m = line();
    AuditLine l = AuditLine.parse(m);
    assertEquals(List.of("time", "event", "user", "api_key", "ip", "target_user"), l.keys(), m);
    assertEquals(bounded(v), l.get("target_user"), m);
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void whenADetailValueIsHostileThenItIsOneFieldWithThatValue(String v) {
    audit.log(Event.AUTHZ_FAIL, "alice", "alice", null, "127.0.0.1", "target_user", v);

    String m = line();
    AuditLine l = AuditLine.parse(m);
    assertEquals(List.of("time", "event", "user", "api_key", "ip", "target_user"), l.keys(), m);
    assertEquals("authz_fail:alice", l.get("event"), m);
    assertEquals("alice", l.get("user"), m);
    assertEquals("-", l.get("api_key"), m);
    assertEquals("127.0.0.1", l.get("ip"), m);
    assertEquals(bounded(v), l.get("target_user"), m);
  }

  @Test
  void whenADetailValueIsPlainThenItIsBare() {
    audit.log(Event.AUTHN_TOKEN_REVOKED, "bob", "bob", "KEY", "127.0.0.1", "by", "admin");

    assertEquals(
        "jwt-auth audit time=2026-01-01T00:00:00.123Z event=authn_token_revoked:bob user=bob"
            + " api_key=KEY ip=127.0.0.1 by=admin",
        line());
    assertEquals(Level.INFO, records.get(0).getLevel());
  }

  @Test
  void whenADetailValueIsNullThenThereIsNoDetailField() {
    audit.log(Event.AUTHN_TOKEN_REVOKED, "bob", "bob", "KEY", "127.0.0.1", "by", null);

    assertEquals(List.of("time", "event", "user", "api_key", "ip"), AuditLine.parse(line()).keys());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "by ", "a=b", "By", "x\"", "user", "ip", "time", "event", "api_key"})
  void whenADetailNameIsNotAPlainNewNameThenItIsRefused(String name) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> audit.log(Event.AUTHZ_FAIL, "alice", "alice", null, "127.0.0.1", name, "v"));
    assertEquals("audit detail name: " + name, e.getMessage());
    assertEquals(List.of(), records);
  }

  @Test
  void whenAFixedDetailHasNoNameThenItIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> audit.log(Event.AUTHZ_FAIL, "alice", "alice", null, "127.0.0.1", "retry"));
    assertEquals("audit detail is not name=value: retry", e.getMessage());
    assertEquals(List.of(), records);
  }

  /** The parser the assertions rely on refuses what jwt-auth must never write. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "jwt-auth audit",
        "jwt-auth audit ",
        "jwt-auth audit user=a b",
        "jwt-auth audit user=a  api_key=b",
        "jwt-auth audit user=a ",
        "jwt-auth audit user=",
        "jwt-auth audit user=a=b",
        "jwt-auth audit user=\"a",
        "jwt-auth audit user=\"a\"b",
        "jwt-auth audit user=\"a\\qb\"",
        "jwt-auth audit user=\"\\x41\"",
        "jwt-auth audit user=\"\\x0D\"",
        "jwt-auth audit user=\"\\u0041\"",
        "jwt-auth audit user=\"\\u00e\"",
        "jwt-auth audit user=\"caf\u00e9\"",
        "jwt-auth audit user=\"a\tb\"",
        "jwt-auth audit User=a",
        "audit user=a"
      })
  void whenALineIsMalformedThenTheTestParserRefusesIt(String line) {
    assertThrows(IllegalArgumentException.class, () -> AuditLine.parse(line));
  }

  @Test
  void whenSeveralDetailsThenEachSetOneInOrderAndNullsLeftOut() {
    audit.logDetails(
        Event.AUTHN_KEYPAIR_CREATED,
        "alice",
        "alice",
        "K",
        "192.0.2.1",
        new String[] {"by", null, "expires", "2026-02-01T00:00:00Z", "roles", "user a"});
    AuditLine l = AuditLine.parse(line());
    assertEquals(List.of("time", "event", "user", "api_key", "ip", "expires", "roles"), l.keys());
    assertEquals("2026-02-01T00:00:00Z", l.get("expires"));
    assertEquals("user a", l.get("roles"));
  }

  @Test
  void whenDetailsAreNotPairsOrANameIsAFixedFieldThenRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            audit.logDetails(Event.AUTHN_KEYPAIR_CREATED, "a", "a", "K", null, new String[] {"x"}));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            audit.logDetails(
                Event.AUTHN_KEYPAIR_CREATED, "a", "a", "K", null, new String[] {"user", "b"}));
    assertTrue(records.isEmpty());
  }
}
