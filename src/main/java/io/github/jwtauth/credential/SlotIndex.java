package io.github.jwtauth.credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Maps identities to the slots of a fixed-size counter table by SHA-256 under a per-process random
 * salt, so that no one can aim a collision at another identity's slot.
 *
 * <p>Immutable and thread-safe.
 */
final class SlotIndex {
  private final byte[] salt = new byte[16];
  private final int mask;

  /**
   * @param slots the table size, a power of two
   */
  SlotIndex(int slots) {
    new SecureRandom().nextBytes(salt);
    this.mask = slots - 1;
  }

  /** A power of two of at least 16 and at most {@code slots}. */
  static int size(int slots) {
    return Integer.highestOneBit(Math.max(16, slots));
  }

  int of(String identity) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(salt);
      byte[] h = md.digest(identity.getBytes(StandardCharsets.UTF_8));
      int x = ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
      return x & mask;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
