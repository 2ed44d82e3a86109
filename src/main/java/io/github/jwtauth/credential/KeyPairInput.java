package io.github.jwtauth.credential;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the creator of a key-pair sends, checked: its name, the login it is for, the expiry and the
 * roles asked for. One rule for every way they arrive (the key-pair routes, the profile page, the
 * admin command line); {@link KeyPairService} applies the results. Stateless.
 */
public final class KeyPairInput {
  /** Longest key-pair name, in characters. */
  public static final int MAX_NAME_LENGTH = 200;

  /** Longest user login, in characters. */
  public static final int MAX_LOGIN_LENGTH = 255;

  /** The longest {@code expires_in} (and furthest {@code expires_at}), in days: ten years. */
  public static final int MAX_EXPIRY_DAYS = 3650;

  private KeyPairInput() {}

  /** Whether a name, already stripped, is one a key-pair may have. */
  public static boolean validName(String name) {
    return !name.isEmpty() && name.length() <= MAX_NAME_LENGTH && !hasControlCharacters(name);
  }

  /**
   * Whether a login is one a key-pair may belong to: 1 to {@value #MAX_LOGIN_LENGTH} characters,
   * without control characters. The one rule for every way a login arrives: the container's
   * principal, an administrator's {@code ?user=} or path segment, the admin command line.
   */
  public static boolean validLogin(String login) {
    return login != null
        && !login.isEmpty()
        && login.length() <= MAX_LOGIN_LENGTH
        && !hasControlCharacters(login);
  }

  /** Whether text holds a C0 control character or DEL. */
  public static boolean hasControlCharacters(String text) {
    return text.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
  }

  /**
   * A key-pair name as given, checked and stripped.
   *
   * @param name the name as given, or null
   * @throws JwtAuthException {@link ErrorCode#REQUIRED_NAME} when it is missing or blank, {@link
   *     ErrorCode#INVALID_REQUEST} when it is too long or holds control characters
   */
  public static String name(String name) {
    String n = name == null ? "" : name.strip();
    if (n.isEmpty()) {
      throw new JwtAuthException(ErrorCode.REQUIRED_NAME);
    }
    if (!validName(n)) {
      throw new JwtAuthException(
          ErrorCode.INVALID_REQUEST,
          "The key-pair name must be at most "
              + MAX_NAME_LENGTH
              + " characters, without control characters.");
    }
    return n;
  }

  /**
   * The expiry a creator asked for, as given to the API or the command line.
   *
   * @param expiresIn whole days from now, 1 to {@value #MAX_EXPIRY_DAYS}, or null
   * @param expiresAt an ISO-8601 date ({@code 2027-01-31}: midnight UTC at its start, as GitLab
   *     reads an expiry date) or instant with an offset ({@code 2027-01-31T12:00:00Z}), or null
   * @return the instant, or null when neither was given
   * @throws JwtAuthException {@link ErrorCode#KEY_PAIR_EXPIRY_CONFLICT} when both were given,
   *     {@link ErrorCode#INVALID_KEY_PAIR_EXPIRY} when one is malformed, out of range or not in the
   *     future
   */
  public static Instant expiry(String expiresIn, String expiresAt, Instant now) {
    String in = expiresIn == null ? null : expiresIn.strip();
    String at = expiresAt == null ? null : expiresAt.strip();
    if (in != null && at != null && !in.isEmpty() && !at.isEmpty()) {
      throw new JwtAuthException(ErrorCode.KEY_PAIR_EXPIRY_CONFLICT);
    }
    if (in != null && !in.isEmpty()) {
      if (!in.matches("[0-9]{1,4}")
          || Integer.parseInt(in) < 1
          || Integer.parseInt(in) > MAX_EXPIRY_DAYS) {
        throw new JwtAuthException(ErrorCode.INVALID_KEY_PAIR_EXPIRY);
      }
      return now.truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(Integer.parseInt(in)));
    }
    if (at != null && !at.isEmpty()) {
      Instant t;
      try {
        t =
            at.length() <= 10
                ? LocalDate.parse(at).atStartOfDay(ZoneOffset.UTC).toInstant()
                : OffsetDateTime.parse(at).toInstant();
      } catch (DateTimeException e) {
        throw new JwtAuthException(ErrorCode.INVALID_KEY_PAIR_EXPIRY);
      }
      if (!t.isAfter(now) || t.isAfter(now.plus(Duration.ofDays(MAX_EXPIRY_DAYS)))) {
        throw new JwtAuthException(ErrorCode.INVALID_KEY_PAIR_EXPIRY);
      }
      return t.truncatedTo(ChronoUnit.SECONDS);
    }
    return null;
  }

  /**
   * The roles a creator asked to restrict a key-pair to, checked against those its owner holds.
   *
   * @param asked comma-separated role names (empty: no role at all), or null for no restriction
   * @param held the owner's roles that a token of the key-pair would carry without a restriction
   * @return the restriction, or null for none
   * @throws JwtAuthException {@link ErrorCode#INVALID_KEY_PAIR_ROLE} for a role not in {@code held}
   */
  public static Set<String> roleLimit(String asked, Set<String> held) {
    if (asked == null) {
      return null;
    }
    Set<String> roles = new LinkedHashSet<>();
    for (String r : asked.split(",")) {
      if (!r.isBlank()) {
        roles.add(r.strip());
      }
    }
    if (!held.containsAll(roles)) {
      throw new JwtAuthException(ErrorCode.INVALID_KEY_PAIR_ROLE);
    }
    return roles;
  }
}
