package io.github.jwtauth.credential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyPairInputTest {
  static final Instant T0 = MutableClock.T0;

  static ErrorCode refusal(Runnable r) {
    return assertThrows(JwtAuthException.class, r::run).error();
  }

  @Test
  void whenLoginCheckedThenOneToMaxCharactersWithoutControlCharacters() {
    assertTrue(KeyPairInput.validLogin("alice"));
    assertTrue(KeyPairInput.validLogin("Zoë Müller@example.org"));
    assertTrue(KeyPairInput.validLogin("u".repeat(KeyPairInput.MAX_LOGIN_LENGTH)));
    assertFalse(KeyPairInput.validLogin(null));
    assertFalse(KeyPairInput.validLogin(""));
    assertFalse(KeyPairInput.validLogin("u".repeat(KeyPairInput.MAX_LOGIN_LENGTH + 1)));
    assertFalse(KeyPairInput.validLogin("a\u0000"));
    assertFalse(KeyPairInput.validLogin("a\rb"));
    assertFalse(KeyPairInput.validLogin("a\u007f"));
  }

  @Test
  void whenExpiresInDaysThenThatManyDaysFromNow() {
    assertEquals(T0.plus(Duration.ofDays(30)), KeyPairInput.expiry("30", null, T0));
    assertEquals(T0.plus(Duration.ofDays(1)), KeyPairInput.expiry(" 1 ", "", T0));
    assertEquals(
        T0.plus(Duration.ofDays(3650)),
        KeyPairInput.expiry(String.valueOf(KeyPairInput.MAX_EXPIRY_DAYS), null, T0));
    assertEquals(null, KeyPairInput.expiry(null, null, T0));
    assertEquals(null, KeyPairInput.expiry("", " ", T0));
  }

  @Test
  void whenExpiresAtDateOrInstantThenMidnightUtcOrThatInstant() {
    assertEquals(
        Instant.parse("2026-02-01T00:00:00Z"), KeyPairInput.expiry(null, "2026-02-01", T0));
    assertEquals(
        Instant.parse("2026-02-01T10:30:00Z"),
        KeyPairInput.expiry(null, "2026-02-01T12:30:00+02:00", T0));
    assertEquals(
        Instant.parse("2026-01-01T00:00:01Z"),
        KeyPairInput.expiry(null, "2026-01-01T00:00:01.999Z", T0),
        "whole seconds, truncated");
  }

  @Test
  void whenExpiryMalformedPastOrOutOfRangeThenInvalidKeyPairExpiry() {
    for (String in : List.of("0", "-1", "3651", "1.5", "7d", "abc", "99999", "１")) {
      assertEquals(
          ErrorCode.INVALID_KEY_PAIR_EXPIRY, refusal(() -> KeyPairInput.expiry(in, null, T0)), in);
    }
    for (String at :
        List.of(
            "2026-01-01",
            "2025-12-31T23:59:59Z",
            "2026-13-01",
            "2026-02-01T12:00:00",
            "tomorrow",
            "2037-01-01")) {
      assertEquals(
          ErrorCode.INVALID_KEY_PAIR_EXPIRY, refusal(() -> KeyPairInput.expiry(null, at, T0)), at);
    }
  }

  @Test
  void whenBothExpiresInAndExpiresAtThenConflict() {
    assertEquals(
        ErrorCode.KEY_PAIR_EXPIRY_CONFLICT,
        refusal(() -> KeyPairInput.expiry("30", "2026-02-01", T0)));
    assertEquals(
        ErrorCode.KEY_PAIR_EXPIRY_CONFLICT, refusal(() -> KeyPairInput.expiry("x", "y", T0)));
  }

  @Test
  void whenRoleLimitAskedThenCheckedAgainstHeldRoles() {
    Set<String> held = Set.of("user", "administrator");
    assertEquals(null, KeyPairInput.roleLimit(null, held));
    assertEquals(Set.of(), KeyPairInput.roleLimit("", held));
    assertEquals(Set.of("user"), KeyPairInput.roleLimit(" user ,", held));
    assertEquals(held, KeyPairInput.roleLimit("user,administrator", held));
    assertEquals(
        ErrorCode.INVALID_KEY_PAIR_ROLE,
        refusal(() -> KeyPairInput.roleLimit("user,manager", held)));
    assertEquals(
        ErrorCode.INVALID_KEY_PAIR_ROLE, refusal(() -> KeyPairInput.roleLimit("User", held)));
  }

  @Test
  void whenNameCheckedThenStrippedOrRefused() {
    assertEquals("x", KeyPairInput.name(" x "));
    assertTrue(KeyPairInput.validName("laptop"));
    assertFalse(KeyPairInput.validName(""));
    assertFalse(KeyPairInput.validName("a\u0000"));
    assertEquals(ErrorCode.REQUIRED_NAME, refusal(() -> KeyPairInput.name("")));
  }
}
