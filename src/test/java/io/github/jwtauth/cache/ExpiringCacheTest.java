package io.github.jwtauth.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExpiringCacheTest {
  static final String TAIL = "x".repeat(40); // same signature-like tail

  @Test
  void whenSameTextThenHitUntilExpiry() {
    ExpiringCache<String> c = new ExpiringCache<>(10);
    c.put("header.payload." + TAIL, "v", 2000, 1000);
    assertEquals("v", c.get(new String(("header.payload." + TAIL).toCharArray()), 1999));
    assertNull(c.get("header.payload." + TAIL, 2000));
    assertEquals(0, c.size());
  }

  @Test
  void whenOnlyTheTailMatchesThenMiss() {
    // the key hashes the tail only, but equality is over the whole token
    ExpiringCache<String> c = new ExpiringCache<>(10);
    c.put("alice.claims." + TAIL, "alice", 2000, 1000);
    assertNull(c.get("admin.claims." + TAIL, 1500));
    assertNull(c.get(TAIL, 1500));
  }

  @Test
  void whenExpiredOnArrivalOrDisabledThenNotStored() {
    ExpiringCache<String> c = new ExpiringCache<>(10);
    c.put("t", "v", 1000, 1000);
    assertEquals(0, c.size());
    ExpiringCache<String> off = new ExpiringCache<>(0);
    off.put("t", "v", 2000, 1000);
    assertNull(off.get("t", 1500));
  }

  @Test
  void whenFullThenBounded() {
    ExpiringCache<Integer> c = new ExpiringCache<>(100);
    for (int i = 0; i < 10_000; i++) {
      c.put("token-" + i + TAIL, i, 5000, 1000);
    }
    assertTrue(c.size() <= 100, "size " + c.size());
  }
}
