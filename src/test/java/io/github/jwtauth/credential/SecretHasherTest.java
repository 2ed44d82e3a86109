package io.github.jwtauth.credential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretHasherTest {
  static final SecretHasher HASHER = new SecretHasher(10, new SecureRandom());

  @Test
  void whenSecretGeneratedThenJwtasFormatUrlSafeAndUnder72Bytes() {
    String s = HASHER.newSecret();
    assertEquals(55, s.length()); // jwtas_ + 256 bits in base62 + CRC32
    assertTrue(s.matches("jwtas_[A-Za-z0-9]{49}"), s);
    assertTrue(SecretFormat.isWellFormed(s), s);
    assertTrue(s.length() <= SecretHasher.MAX_SECRET_BYTES);
  }

  @Test
  void whenTextShapedLikeAnySecretThenLooksLikeSecret() {
    assertTrue(SecretHasher.looksLikeSecret(HASHER.newSecret()));
    assertTrue(SecretHasher.looksLikeSecret("jwtas_short"));
    assertTrue(SecretHasher.looksLikeSecret("A".repeat(43))); // an old-style secret
    assertFalse(SecretHasher.looksLikeSecret(HASHER.newApiKey()));
  }

  @Test
  void whenKeysGeneratedThenDistinct() {
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      keys.add(HASHER.newApiKey());
    }
    assertEquals(1000, keys.size());
  }

  @Test
  void whenHashedThenBcryptWithCostAndNeverThePlainSecret() {
    String s = HASHER.newSecret();
    String h = HASHER.hash(s);
    assertTrue(h.startsWith("$2a$10$"), h);
    assertFalse(h.contains(s));
    assertTrue(HASHER.matches(s, h));
    assertFalse(HASHER.matches(s + "x", h));
  }

  @Test
  void whenUnknownKeyThenDummyHashNeverMatches() {
    assertFalse(HASHER.matches(HASHER.newSecret(), null));
  }

  @Test
  void whenSecretOver72BytesThenRefusedNotTruncated() {
    String s72 = "a".repeat(72);
    String h = HASHER.hash(s72);
    assertTrue(HASHER.matches(s72, h));
    // bcrypt would accept this (it truncates at 72 bytes): we must not (CVE-2025-22228)
    assertFalse(HASHER.matches(s72 + "anything", h));
  }

  @Test
  void whenSecretHasNulThenRefusedBeforeBcryptCouldStopReadingThere() {
    String s = HASHER.newSecret();
    String h = HASHER.hash(s);
    assertFalse(HASHER.matches(s + "\0" + s.substring(0, 28), h));
    assertFalse(HASHER.matches(s + "\0", h));
  }

  @Test
  void whenStoredHashIsGarbageThenNoMatchNoException() {
    assertFalse(HASHER.matches("secret", "not-a-bcrypt-hash"));
    assertNotEquals(HASHER.hash("x"), HASHER.hash("x"));
  }
}
