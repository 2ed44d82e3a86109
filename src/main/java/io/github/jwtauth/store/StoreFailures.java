package io.github.jwtauth.store;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import java.sql.SQLException;

/**
 * Translation of a database failure: fail closed with 503 {@code rest_authentication_unavailable}.
 * The one place store failures are logged. Not API.
 */
public final class StoreFailures {
  private static final System.Logger LOG = System.getLogger("io.github.jwtauth.store");

  private StoreFailures() {}

  /**
   * Logs the failure without its message (driver messages may echo stored values) and translates
   * it.
   */
  public static JwtAuthException unavailable(String operation, SQLException e) {
    LOG.log(
        System.Logger.Level.WARNING,
        "jwt-auth store: {0} failed: {1} (SQLState {2}, vendor code {3})",
        operation,
        e.getClass().getName(),
        e.getSQLState(),
        e.getErrorCode());
    return new JwtAuthException(ErrorCode.UNAVAILABLE, ErrorCode.UNAVAILABLE.message(), e);
  }
}
