package io.github.jwtauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
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
}
