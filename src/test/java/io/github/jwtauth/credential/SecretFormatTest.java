package io.github.jwtauth.credential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code jwtas_} secret format: shape, entropy, checksum, and old secrets left alone. */
class SecretFormatTest {
  static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void whenSecretMadeThenPrefixBase62AndChecksumIn55Characters() {
    String s = SecretFormat.newSecret(RANDOM);
    assertEquals(55, s.length());
    assertEquals(SecretFormat.LENGTH, s.length());
    assertTrue(s.matches("jwtas_[0-9A-Za-z]{49}"), s);
    assertTrue(s.getBytes(StandardCharsets.UTF_8).length <= SecretHasher.MAX_SECRET_BYTES);
    assertTrue(SecretFormat.isWellFormed(s), s);
    assertFalse(SecretFormat.isForgedLookalike(s), s);
  }

  @Test
  void whenRandomPartCountedThenAtLeast256Bits() {
    assertTrue(SecretFormat.RANDOM_LENGTH * Math.log(62) / Math.log(2) >= 256.0);
    assertTrue(Math.pow(62, SecretFormat.CHECKSUM_LENGTH) > 0xFFFF_FFFFL); // any CRC32 fits
  }

  @Test
  void whenManySecretsMadeThenDistinctAndEveryBase62CharacterUsed() {
    Set<String> secrets = new HashSet<>();
    Set<Character> used = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      String s = SecretFormat.newSecret(RANDOM);
      secrets.add(s);
      for (char c : s.substring(6, 49).toCharArray()) {
        used.add(c);
      }
    }
    assertEquals(2000, secrets.size());
    assertEquals(62, used.size());
  }

  @Test
  void whenChecksumKnownThenZeroPaddedBase62OfCrc32() {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update("jwtas_abc".getBytes(StandardCharsets.UTF_8));
    long v = crc.getValue();
    String c = SecretFormat.checksum("jwtas_abc");
    long back = 0;
    for (char ch : c.toCharArray()) {
      back =
          back * 62 + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".indexOf(ch);
    }
    assertEquals(6, c.length());
    assertEquals(v, back);
    assertEquals("000000", SecretFormat.checksum("")); // CRC32 of nothing is 0
  }

  @Test
  void whenAnyOneCharacterChangedThenChecksumFails() {
    String s = SecretFormat.newSecret(RANDOM);
    for (int i = 6; i < s.length(); i++) {
      char c = s.charAt(i);
      String changed = s.substring(0, i) + (c == 'a' ? 'b' : 'a') + s.substring(i + 1);
      assertFalse(SecretFormat.isWellFormed(changed), changed);
      assertTrue(SecretFormat.isForgedLookalike(changed), changed);
    }
  }

  @Test
  void whenPrefixedTextHasWrongLengthOrAlphabetThenLookalike() {
    String s = SecretFormat.newSecret(RANDOM);
    for (String bad :
        new String[] {
          s + "a",
          s.substring(0, 54),
          "jwtas_",
          "jwtas_x",
          s.substring(0, 20) + "-" + s.substring(21)
        }) {
      assertFalse(SecretFormat.isWellFormed(bad), bad);
      assertTrue(SecretFormat.isForgedLookalike(bad), bad);
    }
  }

  @Test
  void whenOldStyleSecretThenNeverJudgedByChecksum() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    String old = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    assertEquals(43, old.length());
    assertFalse(SecretFormat.isForgedLookalike(old));
    // one in 64^6 old secrets begins with the prefix: still not judged
    String unlucky = "jwtas_" + old.substring(6);
    assertFalse(SecretFormat.isForgedLookalike(unlucky));
    assertFalse(SecretFormat.isForgedLookalike(null));
    assertFalse(SecretFormat.isForgedLookalike("jwtat_" + s49()));
  }

  private static String s49() {
    return SecretFormat.newSecret(RANDOM).substring(6);
  }
}
