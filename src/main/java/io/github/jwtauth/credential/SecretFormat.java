package io.github.jwtauth.credential;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * The format of new {@code api_secret}s, recognisable by secret scanners in GitHub's style: a fixed
 * prefix, random base62 text and a base62 CRC32 checksum of the prefix and the random text.
 *
 * <pre>
 * jwtas_ + 43 base62 characters (256 bits) + 6 base62 characters (CRC32, zero-padded)
 * regex: \bjwtas_[0-9A-Za-z]{49}\b           (55 characters in all)
 * </pre>
 *
 * <p>Scanners (the gitleaks and secretlint rules in {@code scanning/}) match the shape; {@link
 * #isWellFormed} also checks the checksum, which tells a real secret from a lookalike or a typo
 * without a database or bcrypt. Secrets made before this format (43 base64url characters) stay
 * valid: only text that starts with the prefix and is not 43 characters long is ever judged by its
 * checksum ({@link #isForgedLookalike}).
 *
 * <p>Stateless and thread-safe.
 *
 * @see <a
 *     href="https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/">GitHub's
 *     token formats</a>
 */
public final class SecretFormat {
  /** Every new secret starts with this ("jwt-auth secret"). */
  public static final String PREFIX = "jwtas_";

  /** Random base62 characters: 43 × log2(62) = 256.03 bits. */
  public static final int RANDOM_LENGTH = 43;

  /** Base62 characters of the CRC32 checksum: 62^6 &gt; 2^32. */
  public static final int CHECKSUM_LENGTH = 6;

  /** The length of a new secret: 55 characters (bcrypt reads up to 72 bytes). */
  public static final int LENGTH = PREFIX.length() + RANDOM_LENGTH + CHECKSUM_LENGTH;

  /** The length of a secret made before this format: 32 random bytes in base64url. */
  public static final int LEGACY_LENGTH = 43;

  /** The pattern scanners use; README and {@code scanning/} carry the same text. */
  public static final String REGEX =
      "\\b" + PREFIX + "[0-9A-Za-z]{" + (RANDOM_LENGTH + CHECKSUM_LENGTH) + "}\\b";

  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private SecretFormat() {}

  /** A new secret: prefix, 256 random bits in base62, checksum. */
  public static String newSecret(SecureRandom random) {
    StringBuilder s = new StringBuilder(LENGTH).append(PREFIX);
    for (int i = 0; i < RANDOM_LENGTH; i++) {
      s.append(BASE62[random.nextInt(BASE62.length)]); // uniform: nextInt has no modulo bias
    }
    return s.append(checksum(s)).toString();
  }

  /** Whether text is a secret of this format with the right checksum. */
  public static boolean isWellFormed(String text) {
    if (text == null || text.length() != LENGTH || !text.startsWith(PREFIX)) {
      return false;
    }
    for (int i = PREFIX.length(); i < LENGTH; i++) {
      if (!isBase62(text.charAt(i))) {
        return false;
      }
    }
    int body = LENGTH - CHECKSUM_LENGTH;
    return checksum(text.subSequence(0, body)).contentEquals(text.subSequence(body, LENGTH));
  }

  /**
   * Whether text claims this format (starts with the prefix) but is not a real secret of it: wrong
   * length, wrong alphabet or wrong checksum. Such text can be refused at once, without a database
   * lookup or a bcrypt check. A 43-character text is never judged: a secret of the old format may
   * begin with the prefix by chance (one in 64^6).
   */
  public static boolean isForgedLookalike(String text) {
    return text != null
        && text.startsWith(PREFIX)
        && text.length() != LEGACY_LENGTH
        && !isWellFormed(text);
  }

  /** CRC32 of the text's UTF-8 bytes, in base62, zero-padded to {@value #CHECKSUM_LENGTH}. */
  static String checksum(CharSequence text) {
    CRC32 crc = new CRC32();
    crc.update(text.toString().getBytes(StandardCharsets.UTF_8));
    long v = crc.getValue();
    char[] out = new char[CHECKSUM_LENGTH];
    for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
      out[i] = BASE62[(int) (v % 62)];
      v /= 62;
    }
    return new String(out);
  }

  private static boolean isBase62(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
}
