package io.github.jwtauth.bench;

import java.sql.Connection;
import java.sql.DriverManager;

/**
 * Exits 0 when the JDBC URL given as the only argument answers within 5 s (run-jmh.sh uses it to
 * decide whether to include PostgreSQL).
 */
public final class PgCheck {
  private PgCheck() {}

  public static void main(String[] args) throws Exception {
    DriverManager.setLoginTimeout(5);
    try (Connection c = DriverManager.getConnection(args[0])) {
      System.out.println(
          c.getMetaData().getDatabaseProductName()
              + " "
              + c.getMetaData().getDatabaseProductVersion());
    }
  }
}
