package io.github.jwtauth.token;

import java.math.BigDecimal;
import java.util.Set;

/**
 * What the hot path needs to know about a key-pair: whether it still stands, whose it is, and the
 * user as the directory knows them (roles, id, e-mail, to compare with what a token says). Cached
 * per {@code api_key} for at most the configured staleness, so the comparison costs no database
 * work.
 *
 * <p>Immutable and thread-safe.
 *
 * @param active the key-pair exists and is not revoked
 * @param login its owner
 * @param userValid the owner exists and is not disabled
 * @param roles the owner's roles
 * @param userExists the owner exists (disabled or not)
 * @param userId the owner's id as {@link #idOf} spells it, or null when it has none
 * @param email the owner's e-mail address, or null
 * @param expiresAt epoch seconds from which the key-pair is expired, or null for never: checked
 *     against the clock on every use, so a cached status stops its tokens at that very second
 */
public record KeyPairStatus(
    boolean active,
    String login,
    boolean userValid,
    Set<String> roles,
    boolean userExists,
    String userId,
    String email,
    Long expiresAt) {
  public static final KeyPairStatus REVOKED =
      new KeyPairStatus(false, null, false, Set.of(), false, null, null, null);

  public KeyPairStatus {
    roles = Set.copyOf(roles);
  }

  /** Whether the key-pair has expired at {@code nowMillis} (epoch milliseconds). */
  public boolean expiredAt(long nowMillis) {
    return expiresAt != null && nowMillis >= expiresAt * 1000;
  }

  /**
   * A user id as one comparable string, the same whether it comes from the directory or from a
   * token's {@code data.user.id}: numbers by value ({@code 5} and {@code 5.0} alike), anything else
   * by its text, a number never equal to a string. Null for no id.
   */
  public static String idOf(Object id) {
    if (id == null) {
      return null;
    }
    if (id instanceof Number n) {
      try {
        BigDecimal d = n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
        // one spelling per value, in scientific notation: the plain one of 1e999999999 would be a
        // billion characters (found by fuzzing the token check)
        return "n:" + d.stripTrailingZeros();
      } catch (NumberFormatException e) {
        return "n:" + n; // NaN or infinity: never written as a JSON number, so never equal
      }
    }
    return "s:" + id;
  }
}
