package io.github.jwtauth.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The audit trail: one line per security event through {@link System.Logger} under the one name
 * {@value #LOGGER}, with event names from the OWASP Logging Vocabulary, UTC time, user, {@code
 * api_key} and client address. Never a token, a secret or a hash; user-controlled text is escaped
 * (no CR/LF log injection, see {@link LogText}).
 *
 * <p>Line format: {@code jwt-auth audit time=2026-01-01T00:00:00Z event=authn_login_fail:KEY
 * user=alice api_key=KEY ip=127.0.0.1 [detail…]}.
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

  private final System.Logger log = System.getLogger(LOGGER);
  private final Clock clock;

  public Audit(Clock clock) {
    this.clock = clock;
  }

  /**
   * Logs one event.
   *
   * @param subject the vocabulary's event argument (user or api_key), escaped
   * @param user the user's login, or null
   * @param apiKey the key-pair's public id, or null
   * @param ip the client address
   * @param detail a fixed string chosen by jwt-auth, or null
   */
  public void log(
      Event event, String subject, String user, String apiKey, String ip, String detail) {
    if (!log.isLoggable(event.level)) {
      return;
    }
    StringBuilder b = new StringBuilder(160);
    b.append("jwt-auth audit time=")
        .append(Instant.now(clock).truncatedTo(ChronoUnit.MILLIS))
        .append(" event=")
        .append(event.name);
    if (subject != null) {
      b.append(':').append(LogText.safe(subject));
    }
    b.append(" user=").append(LogText.safe(user));
    b.append(" api_key=").append(LogText.safe(apiKey));
    b.append(" ip=").append(LogText.safe(ip));
    if (detail != null) {
      b.append(' ').append(detail);
    }
    log.log(event.level, b.toString());
  }
}
