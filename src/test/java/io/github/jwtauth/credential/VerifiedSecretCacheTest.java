package io.github.jwtauth.credential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifiedSecretCacheTest {
  static final long NOW = 1_800_000_000_000L;
  static final long TTL = 300_000;
  static final String KEY = "k1";
  static final String SECRET = "s3cr3t-0123456789abcdefghijklmnopqrstuvwxyz";
  static final String HASH = "$2a$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234";

  final VerifiedSecretCache cache = new VerifiedSecretCache(TTL, 100, new SecureRandom());

  @Test
  void whenNothingWasVerifiedThenNoMatch() {
    assertFalse(cache.matches(KEY, SECRET, HASH, NOW));
  }

  @Test
  void whenVerifiedThenTheSameSecretMatchesUntilTheWindowEnds() {
    cache.remember(KEY, SECRET, HASH, NOW);
    assertTrue(cache.matches(KEY, SECRET, HASH, NOW));
    assertTrue(cache.matches(KEY, SECRET, HASH, NOW + TTL - 1));
    assertFalse(cache.matches(KEY, SECRET, HASH, NOW + TTL));
    assertEquals(0, cache.size(), "an expired entry is dropped when met");
  }

  @Test
  void whenAnotherSecretKeyOrStoredHashThenNoMatch() {
    cache.remember(KEY, SECRET, HASH, NOW);
    assertFalse(cache.matches(KEY, SECRET + "x", HASH, NOW));
    assertFalse(cache.matches(KEY, SECRET.substring(1), HASH, NOW));
    assertFalse(cache.matches(KEY, "", HASH, NOW));
    assertFalse(cache.matches(KEY, null, HASH, NOW));
    assertFalse(cache.matches("k2", SECRET, HASH, NOW), "secrets are bound to their api_key");
    assertFalse(cache.matches(KEY, SECRET, HASH.replace('a', 'b'), NOW), "the stored hash changed");
    assertFalse(cache.matches(KEY, SECRET, null, NOW), "the key-pair is gone");
  }

  @Test
  void whenApiKeyAndSecretAreSplitDifferentlyThenNoMatch() {
    cache.remember("ab", "cdef", HASH, NOW);
    assertFalse(cache.matches("abc", "def", HASH, NOW));
    assertTrue(cache.matches("ab", "cdef", HASH, NOW));
  }

  @Test
  void whenTwoNodesVerifiedTheSameSecretThenTheirEntriesDoNotCarryOver() {
    VerifiedSecretCache other = new VerifiedSecretCache(TTL, 100, new SecureRandom());
    other.remember(KEY, SECRET, HASH, NOW);
    assertFalse(cache.matches(KEY, SECRET, HASH, NOW));
  }

  @Test
  void whenWindowIsZeroThenNothingIsKept() {
    VerifiedSecretCache off = new VerifiedSecretCache(0, 100, new SecureRandom());
    off.remember(KEY, SECRET, HASH, NOW);
    assertFalse(off.matches(KEY, SECRET, HASH, NOW));
    assertEquals(0, off.size());
  }

  @Test
  void whenManyKeyPairsAreVerifiedThenTheCacheStaysBounded() {
    for (int i = 0; i < 1_000; i++) {
      cache.remember("k" + i, SECRET, HASH, NOW);
      assertTrue(cache.size() <= 100, "size " + cache.size());
    }
    assertTrue(cache.matches("k999", SECRET, HASH, NOW), "the newest entry is kept");
  }

  @Test
  void whenRememberedThenCountedInSize() {
    cache.remember(KEY, SECRET, HASH, NOW);
    assertEquals(1, cache.size());
    cache.remember("k2", SECRET, HASH, NOW);
    assertEquals(2, cache.size());
  }

  @Test
  void whenCreatedThenTheHmacKeyIs256BitsFromTheGivenRandom() {
    List<Integer> draws = new ArrayList<>();
    SecureRandom counting =
        new SecureRandom() {
          @Override
          public void nextBytes(byte[] bytes) {
            draws.add(bytes.length);
            super.nextBytes(bytes);
          }
        };
    new VerifiedSecretCache(TTL, 100, counting);
    assertEquals(List.of(32), draws);
  }
}
