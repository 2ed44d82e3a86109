package io.github.jwtauth.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * The audit trail: one line per security event through {@link System.Logger} under the one name
 * {@value #LOGGER}, with event names from the OWASP Logging Vocabulary, UTC time, user, {@code
 * api_key} and client address. Never a token, a secret or a hash.
 *
 * <p>Line format: {@code jwt-auth audit time=2026-01-01T00:00:00Z event=authn_login_fail:KEY
 * user=alice api_key=KEY ip=127.0.0.1 [name=detail]}: fixed field names, each value encoded by
 * {@link LogText#value} (bare, {@code -} for none, or double-quoted with escapes; the event's
 * {@code name:subject} is one value), so a line parses to exactly the fields written whatever
 * user-controlled text it holds: no forged fields, no CR/LF log injection.
 *
 * <p>Thread-safe. Not API.
 */
public final class Audit {
  public static final String LOGGER = "io.github.jwtauth.audit";

  /** OWASP Logging Vocabulary event names used by jwt-auth. */
  public enum Event {
    AUTHN_TOKEN_CREATED("authn_token_created", System.Logger.Level.INFO),
    AUTHN_TOKEN_REFRESHED("authn_token_refreshed", System.Logger.Level.INFO),
    AUTHN_TOKEN_REUSE("authn_token_reuse", System.Logger.Level.ERROR),
    AUTHN_TOKEN_REVOKED("authn_token_revoked", System.Logger.Level.INFO),
    AUTHN_LOGIN_FAIL("authn_login_fail", System.Logger.Level.WARNING),
    AUTHN_LOGIN_FAIL_MAX("authn_login_fail_max", System.Logger.Level.WARNING),
    EXCESS_RATE_LIMIT_EXCEEDED("excess_rate_limit_exceeded", System.Logger.Level.WARNING),
    AUTHZ_FAIL("authz_fail", System.Logger.Level.WARNING),
    AUTHN_KEYPAIR_CREATED("authn_keypair_created", System.Logger.Level.INFO);

    private final String name;
    private final System.Logger.Level level;

    Event(String name, System.Logger.Level level) {
      this.name = name;
      this.level = level;
    }

    public String eventName() {
      return name;
    }
  }

  private static final Set<String> FIXED_FIELDS = Set.of("time", "event", "user", "api_key", "ip");

  private final System.Logger log = System.getLogger(LOGGER);
  private final Clock clock;

  public Audit(Clock clock) {
    this.clock = clock;
  }

  /**
   * Logs one event with a fixed detail.
   *
   * @param subject the vocabulary's event argument (user or api_key), or null
   * @param user the user's login, or null
   * @param apiKey the key-pair's public id, or null
   * @param ip the client address
   * @param detail a fixed {@code name=value} chosen by jwt-auth (e.g. {@code limit=token}), or
   *     null; its value is encoded too
   */
  public void log(
      Event event, String subject, String user, String apiKey, String ip, String detail) {
    if (detail == null) {
      log(event, subject, user, apiKey, ip, null, null);
      return;
    }
    int eq = detail.indexOf('=');
    if (eq < 0) {
      throw new IllegalArgumentException("audit detail is not name=value: " + detail);
    }
    log(event, subject, user, apiKey, ip, detail.substring(0, eq), detail.substring(eq + 1));
  }

  /**
   * Logs one event with a detail field whose value may be user-controlled.
   *
   * @param subject the vocabulary's event argument (user or api_key), or null
   * @param user the user's login, or null
   * @param apiKey the key-pair's public id, or null
   * @param ip the client address
   * @param detailName the detail's field name, fixed by jwt-auth ({@code [a-z_]+}, not a fixed
   *     field)
   * @param detailValue the detail's value, any text; null for no detail field
   */
  public void log(
      Event event,
      String subject,
      String user,
      String apiKey,
      String ip,
      String detailName,
      String detailValue) {
    logDetails(event, subject, user, apiKey, ip, new String[] {detailName, detailValue});
  }

  /**
   * Logs one event with several detail fields, in order; a field whose value is null is left out.
   *
   * @param details names and values in turn: each name fixed by jwt-auth ({@code [a-z_]+}, not a
   *     fixed field), each value any text or null
   */
  public void logDetails(
      Event event, String subject, String user, String apiKey, String ip, String[] details) {
    if (details.length % 2 != 0) {
      throw new IllegalArgumentException("audit details come in name/value pairs");
    }
    for (int i = 0; i < details.length; i += 2) {
      if (details[i + 1] != null && !fieldName(details[i])) {
        throw new IllegalArgumentException("audit detail name: " + details[i]);
      }
    }
    if (!log.isLoggable(event.level)) {
      return;
    }
    String what = subject == null ? event.name : event.name + ':' + LogText.bound(subject);
    StringBuilder b = new StringBuilder(160);
    b.append("jwt-auth audit time=")
        .append(Instant.now(clock).truncatedTo(ChronoUnit.MILLIS))
        .append(" event=")
        .append(LogText.encode(what));
    b.append(" user=").append(LogText.value(user));
    b.append(" api_key=").append(LogText.value(apiKey));
    b.append(" ip=").append(LogText.value(ip));
    for (int i = 0; i < details.length; i += 2) {
      if (details[i + 1] != null) {
        b.append(' ').append(details[i]).append('=').append(LogText.value(details[i + 1]));
      }
    }
    log.log(event.level, b.toString());
  }

  /** A detail name: lower-case letters and {@code _}, not one of the fixed fields. */
  private static boolean fieldName(String name) {
    return name != null
        && !name.isEmpty()
        && !FIXED_FIELDS.contains(name)
        && name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || c == '_');
  }
}
