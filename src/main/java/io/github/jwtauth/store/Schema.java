package io.github.jwtauth.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The portable DDL shipped as resources ({@code
 * io/github/jwtauth/schema/{h2,postgresql,mysql}.sql}) and its creation on first start when {@code
 * jwt-auth.schema-create} is on. When the database is unreachable at start, creation is retried on
 * the next store operation instead of failing the webapp.
 *
 * <p>Thread-safe.
 */
public final class Schema {
  private static final System.Logger LOG = System.getLogger("io.github.jwtauth.store");

  /** The SQL dialects a schema is shipped for. */
  public enum Dialect {
    H2("h2"),
    POSTGRESQL("postgresql"),
    MYSQL("mysql");

    private final String resource;

    Dialect(String resource) {
      this.resource = resource;
    }

    public static Dialect of(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "h2" -> H2;
        case "postgresql", "postgres", "pg" -> POSTGRESQL;
        case "mysql", "mariadb" -> MYSQL;
        default ->
            throw new IllegalArgumentException(
                "Unknown dialect '" + name + "' (use h2, postgresql, mariadb or mysql)");
      };
    }

    static Dialect detect(Connection c) throws SQLException {
      String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      if (product.contains("h2")) {
        return H2;
      }
      if (product.contains("postgres")) {
        return POSTGRESQL;
      }
      if (product.contains("mysql") || product.contains("mariadb")) {
        return MYSQL;
      }
      throw new SQLException("jwt-auth has no schema for database " + product);
    }
  }

  private final DataSource dataSource;
  private final boolean create;
  private volatile boolean ready;

  public Schema(DataSource dataSource, boolean create) {
    this.dataSource = dataSource;
    this.create = create;
    this.ready = !create;
  }

  /** The DDL for a dialect, for a DBA to read or apply. */
  public static String ddl(Dialect dialect) {
    String path = "/io/github/jwtauth/schema/" + dialect.resource + ".sql";
    try (InputStream in = Schema.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path, e);
    }
  }

  /**
   * Creates the tables if configured to and not done yet. Cheap once done (one volatile read).
   *
   * @throws SQLException when the database cannot be reached; the next call tries again
   */
  public void ensure() throws SQLException {
    if (ready) {
      return;
    }
    synchronized (this) {
      if (ready) {
        return;
      }
      try (Connection c = dataSource.getConnection()) {
        Dialect d = Dialect.detect(c);
        boolean auto = c.getAutoCommit();
        try (Statement st = c.createStatement()) {
          for (String sql : statements(ddl(d))) {
            st.execute(sql);
          }
        }
        if (!auto) {
          c.commit();
        }
        LOG.log(System.Logger.Level.INFO, "jwt-auth: schema ready ({0})", d);
      }
      ready = true;
    }
  }

  /** Tries {@link #ensure()} at start; an unreachable database is logged, not fatal. */
  public void tryAtStart() {
    try {
      ensure();
    } catch (SQLException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "jwt-auth: database not reachable at start ({0}, SQLState {1}); tables will be created on first use",
          e.getClass().getName(),
          e.getSQLState());
    }
  }

  static List<String> statements(String ddl) {
    List<String> out = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    for (String line : ddl.split("\n")) {
      if (line.trim().startsWith("--")) {
        continue;
      }
      sb.append(line).append('\n');
    }
    for (String s : sb.toString().split(";")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }
}
