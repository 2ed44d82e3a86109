package io.github.jwtauth.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
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
 * the next store operation instead of failing the webapp. Tables made by an earlier version get the
 * columns added since ({@link #ADDED_COLUMNS}) by {@code ALTER TABLE … ADD COLUMN}, only where the
 * database's metadata lacks them, so an upgrade keeps every row and running it twice (or on two
 * nodes at once) changes nothing more.
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

  /**
   * Columns added to {@code jwt_auth_key_pair} after its first release, in order, each with its
   * portable type: all nullable, so existing rows keep their meaning (no expiry, no role
   * restriction).
   */
  static final List<String[]> ADDED_COLUMNS =
      List.of(new String[] {"expires_at", "BIGINT"}, new String[] {"role_limit", "VARCHAR(2000)"});

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
        addMissingColumns(c);
        if (!auto) {
          c.commit();
        }
        LOG.log(System.Logger.Level.INFO, "jwt-auth: schema ready ({0})", d);
      }
      ready = true;
    }
  }

  /**
   * Tries {@link #ensure()} at start; an unreachable database is logged, not fatal. Without {@code
   * schema-create}, tables that lack a column added since their creation are reported (WARNING,
   * naming the statement to run), since every key-pair query would fail until it is added.
   */
  public void tryAtStart() {
    try {
      ensure();
      if (!create) {
        warnOfMissingColumns();
      }
    } catch (SQLException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "jwt-auth: database not reachable at start ({0}, SQLState {1}); tables will be created on first use",
          e.getClass().getName(),
          e.getSQLState());
    }
  }

  private void warnOfMissingColumns() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      if (!hasTable(c, "jwt_auth_key_pair")) {
        return; // not created yet: the DDL has every column
      }
      for (String[] column : ADDED_COLUMNS) {
        if (!hasColumn(c, "jwt_auth_key_pair", column[0])) {
          LOG.log(
              System.Logger.Level.WARNING,
              "jwt-auth: table jwt_auth_key_pair lacks column {0}; key-pairs cannot be used until"
                  + " it is added: ALTER TABLE jwt_auth_key_pair ADD COLUMN {0} {1} (or set"
                  + " jwt-auth.schema-create=true)",
              column[0],
              column[1]);
        }
      }
    }
  }

  private static boolean hasTable(Connection c, String table) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    for (String t : List.of(table, table.toUpperCase(Locale.ROOT))) {
      try (ResultSet rs = md.getTables(c.getCatalog(), c.getSchema(), t, null)) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Adds the columns an older {@code jwt_auth_key_pair} lacks. Where another node added one
   * meanwhile, its failed {@code ALTER} is forgiven once the column is seen.
   */
  private static void addMissingColumns(Connection c) throws SQLException {
    for (String[] column : ADDED_COLUMNS) {
      if (hasColumn(c, "jwt_auth_key_pair", column[0])) {
        continue;
      }
      try (Statement st = c.createStatement()) {
        st.execute("ALTER TABLE jwt_auth_key_pair ADD COLUMN " + column[0] + " " + column[1]);
        if (!c.getAutoCommit()) {
          c.commit();
        }
        LOG.log(
            System.Logger.Level.INFO,
            "jwt-auth: added column {0} to jwt_auth_key_pair (schema upgrade)",
            column[0]);
      } catch (SQLException e) {
        if (!c.getAutoCommit()) {
          c.rollback();
        }
        if (!hasColumn(c, "jwt_auth_key_pair", column[0])) {
          throw e;
        }
      }
    }
  }

  /**
   * Whether the table in the connection's own catalog and schema has the column (names as the
   * database folds them: upper case in H2, lower case in PostgreSQL).
   */
  static boolean hasColumn(Connection c, String table, String column) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    String schema = c.getSchema();
    for (String t : List.of(table, table.toUpperCase(Locale.ROOT))) {
      try (ResultSet rs = md.getColumns(c.getCatalog(), schema, t, null)) {
        while (rs.next()) {
          if (rs.getString("COLUMN_NAME").equalsIgnoreCase(column)) {
            return true;
          }
        }
      }
    }
    return false;
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
