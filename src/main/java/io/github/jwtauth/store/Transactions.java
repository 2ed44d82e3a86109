package io.github.jwtauth.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs a unit of work in one transaction on one connection: one commit, a rollback on any failure,
 * the whole unit run again when the database rolled it back for a deadlock or a serialization
 * failure (SQLState class 40, at most three times), and any other failure to reach the database
 * turned into {@code rest_authentication_unavailable}.
 *
 * <p>Stateless and thread-safe.
 */
final class Transactions {
  private static final int MAX_ATTEMPTS = 3;

  /** Where connections come from (a store's own, which also makes sure the schema is there). */
  interface Connector {
    Connection connect() throws SQLException;
  }

  /** The unit of work: its statements, on the transaction's connection. */
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private Transactions() {}

  static <T> T run(Connector connector, String operation, Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = connector.connect()) {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(auto);
        }
      } catch (SQLException e) {
        if (retryable(e, attempt)) {
          continue; // e.g. InnoDB's gap locks, or two rotations of one chain
        }
        throw StoreFailures.unavailable(operation, e);
      }
    }
  }

  /**
   * Whether a transaction that failed with {@code e} may simply run again: SQLState class 40
   * (deadlock or serialization failure; the database rolled it back whole).
   */
  static boolean retryable(SQLException e, int attempt) {
    return attempt < MAX_ATTEMPTS + 1
        && e.getSQLState() != null
        && e.getSQLState().startsWith("40");
  }
}
