package io.github.jwtauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyPairStatusTest {
  @Test
  void whenIdsAreEqualNumbersThenSpelledAlike() {
    assertEquals(KeyPairStatus.idOf(5), KeyPairStatus.idOf(new BigDecimal("5.0")));
    assertEquals(KeyPairStatus.idOf(5L), KeyPairStatus.idOf(BigInteger.valueOf(5)));
    assertEquals(KeyPairStatus.idOf(100), KeyPairStatus.idOf(new BigDecimal("1E+2")));
    assertEquals(KeyPairStatus.idOf(0), KeyPairStatus.idOf(new BigDecimal("0.000")));
    assertNotEquals(KeyPairStatus.idOf(5), KeyPairStatus.idOf(6));
    assertNotEquals(KeyPairStatus.idOf(5), KeyPairStatus.idOf("5"));
    assertNull(KeyPairStatus.idOf(null));
  }

  @Test
  void whenIdHasAHugeExponentThenSpelledInBoundedSpace() {
    // found by fuzzing the token check: a signed token's data.user.id of 1e999999999 was spelled
    // out digit by digit, a string of a billion characters (OutOfMemoryError)
    String id = KeyPairStatus.idOf(new BigDecimal("1e99999999"));
    assertTrue(id.length() < 32, () -> id.length() + " characters");
    assertEquals(id, KeyPairStatus.idOf(new BigDecimal("10e99999998")));
    assertNotEquals(id, KeyPairStatus.idOf(new BigDecimal("1e99999998")));
    assertTrue(KeyPairStatus.idOf(new BigDecimal("1e-999999999")).length() < 32);
  }

  @Test
  void whenIdIsANumberThenItsValueWhateverItsType() {
    assertEquals("n:5", KeyPairStatus.idOf(5));
    assertEquals("n:5", KeyPairStatus.idOf(5L));
    assertEquals("n:5", KeyPairStatus.idOf(5.0));
    assertEquals("n:5", KeyPairStatus.idOf(new BigDecimal("5.000")));
    assertEquals("n:5.1", KeyPairStatus.idOf(new BigDecimal("5.10")));
    assertEquals("n:1E+2", KeyPairStatus.idOf(100));
    assertEquals(
        "n:1.234567890123456789E+19", KeyPairStatus.idOf(new BigInteger("12345678901234567890")));
  }

  @Test
  void whenIdIsNotANumberThenItsTextNeverEqualToANumber() {
    assertEquals("s:5", KeyPairStatus.idOf("5"));
    assertEquals("s:alice", KeyPairStatus.idOf("alice"));
    assertEquals("s:", KeyPairStatus.idOf(""));
  }

  @Test
  void whenIdIsNaNOrInfinityThenItsTextAsANumber() {
    assertEquals("n:NaN", KeyPairStatus.idOf(Double.NaN));
    assertEquals("n:Infinity", KeyPairStatus.idOf(Double.POSITIVE_INFINITY));
  }

  @Test
  void whenExpiryReachedThenExpiredFromThatMillisecond() {
    KeyPairStatus s =
        new KeyPairStatus(true, "alice", true, Set.of("user"), true, "s:alice", null, 100L);
    assertFalse(s.expiredAt(99_999));
    assertTrue(s.expiredAt(100_000));
    KeyPairStatus never =
        new KeyPairStatus(true, "alice", true, Set.of("user"), true, "s:alice", null, null);
    assertFalse(never.expiredAt(Long.MAX_VALUE));
  }

  @Test
  void whenBuiltThenRolesCopiedAndUnmodifiable() {
    Set<String> roles = new HashSet<>(Set.of("user"));
    KeyPairStatus s = new KeyPairStatus(true, "alice", true, roles, true, null, null, null);
    roles.add("admin");
    assertEquals(Set.of("user"), s.roles());
    assertThrows(UnsupportedOperationException.class, () -> s.roles().add("admin"));
  }
}
