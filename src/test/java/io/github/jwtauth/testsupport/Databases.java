package io.github.jwtauth.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;

/**
 * Test databases, each one fresh (a new H2 in-memory database, PostgreSQL schema or MariaDB
 * database per call) so runs and test classes never see each other's rows.
 *
 * <ul>
 *   <li>H2: in-memory, unique name, {@code DB_CLOSE_DELAY=-1}; optionally served over an H2 TCP
 *       server.
 *   <li>PostgreSQL: env {@code JWT_AUTH_TEST_POSTGRES_URL} if set; else, when not root, an embedded
 *       (zonky) server; else {@code jdbc:postgresql://127.0.0.1:5432/test} as {@code postgres}.
 *       None reachable: the test fails (never skipped).
 *   <li>MariaDB: env {@code JWT_AUTH_TEST_MARIADB_URL}; unset: skipped, unless env {@code CI=true},
 *       then failed.
 * </ul>
 */
public final class Databases {
  public static final String POSTGRES_ENV = "JWT_AUTH_TEST_POSTGRES_URL";
  public static final String MARIADB_ENV = "JWT_AUTH_TEST_MARIADB_URL";
  private static final String LOCAL_PG = "jdbc:postgresql://127.0.0.1:5432/test";
  private static Object
      embeddedPg; // io.zonky.test.db.postgres.embedded.EmbeddedPostgres, started once per JVM

  private Databases() {}

  public enum Kind {
    H2,
    POSTGRESQL,
    MARIADB
  }

  /** A fresh database; {@link #close()} drops it. Immutable apart from its cleanup. */
  public static final class Db implements AutoCloseable {
    private final Kind kind;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final List<AutoCloseable> cleanup;

    Db(Kind kind, String jdbcUrl, String user, String password, List<AutoCloseable> cleanup) {
      this.kind = kind;
      this.jdbcUrl = jdbcUrl;
      this.user = user;
      this.password = password;
      this.cleanup = cleanup;
    }

    public Kind kind() {
      return kind;
    }

    public String jdbcUrl() {
      return jdbcUrl;
    }

    public String user() {
      return user;
    }

    public String password() {
      return password;
    }

    /** {@code jwt-auth.jdbc-url} (and user/password when set) for a webapp using DriverManager. */
    public Map<String, String> jdbcParams() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("jwt-auth.jdbc-url", jdbcUrl);
      if (user != null) {
        m.put("jwt-auth.jdbc-user", user);
      }
      if (password != null) {
        m.put("jwt-auth.jdbc-password", password);
      }
      return m;
    }

    public Connection connect() throws SQLException {
      Properties p = new Properties();
      if (user != null) {
        p.setProperty("user", user);
      }
      if (password != null) {
        p.setProperty("password", password);
      }
      return DriverManager.getConnection(jdbcUrl, p);
    }

    /** Runs a query returning one number, e.g. {@code SELECT COUNT(*) FROM jwt_auth_key_pair}. */
    public long queryLong(String sql) {
      try (Connection c = connect();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(sql)) {
        if (!rs.next()) {
          throw new AssertionError("no row for " + sql);
        }
        return rs.getLong(1);
      } catch (SQLException e) {
        throw new AssertionError(sql + " failed on " + kind + ": " + e, e);
      }
    }

    /** A DataSource object for JNDI binding (Jetty). */
    public DataSource dataSource() {
      try {
        switch (kind) {
          case H2 -> {
            org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
            ds.setURL(jdbcUrl);
            ds.setUser(user == null ? "" : user);
            ds.setPassword(password == null ? "" : password);
            return ds;
          }
          case POSTGRESQL -> {
            org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
            ds.setURL(jdbcUrl);
            if (user != null) {
              ds.setUser(user);
            }
            if (password != null) {
              ds.setPassword(password);
            }
            return ds;
          }
          default -> {
            org.mariadb.jdbc.MariaDbDataSource ds = new org.mariadb.jdbc.MariaDbDataSource(jdbcUrl);
            if (user != null) {
              ds.setUser(user);
            }
            if (password != null) {
              ds.setPassword(password);
            }
            return ds;
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Host and port of a network database ({@code [host, port]}). */
    public String[] hostPort() {
      Matcher m = AUTHORITY.matcher(jdbcUrl);
      if (!m.find()) {
        throw new IllegalStateException("not a network URL: " + jdbcUrl);
      }
      String port =
          m.group(4) != null
              ? m.group(4)
              : switch (kind) {
                case POSTGRESQL -> "5432";
                case MARIADB -> "3306";
                case H2 -> "9092";
              };
      return new String[] {m.group(2), port};
    }

    /** The same database reached through another host:port (e.g. a {@link TcpProxy}); not owned. */
    public Db via(String host, int port) {
      Matcher m = AUTHORITY.matcher(jdbcUrl);
      if (!m.find()) {
        throw new IllegalStateException("not a network URL: " + jdbcUrl);
      }
      String url =
          jdbcUrl.substring(0, m.start()) + "//" + host + ":" + port + jdbcUrl.substring(m.end());
      return new Db(kind, url, user, password, List.of());
    }

    /** Adds something to close when this database is dropped (closed in reverse order). */
    public Db alsoClose(AutoCloseable c) {
      cleanup.add(0, c);
      return this;
    }

    @Override
    public void close() {
      for (AutoCloseable c : cleanup) {
        try {
          c.close();
        } catch (Exception e) {
          System.err.println("cleanup of " + kind + " db failed: " + e);
        }
      }
      cleanup.clear();
    }

    @Override
    public String toString() {
      return kind + " " + jdbcUrl;
    }
  }

  private static final Pattern AUTHORITY = Pattern.compile("//(\\[[^]]+]|([^/:?;]+))(:(\\d+))?");

  private static String suffix(String testName) {
    String base = testName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (base.length() > 30) {
      base = base.substring(0, 30);
    }
    byte[] rnd = new byte[4];
    ThreadLocalRandom.current().nextBytes(rnd);
    return "jwt_it_" + base + "_" + HexFormat.of().formatHex(rnd);
  }

  // ---------------------------------------------------------------- H2

  /** A fresh H2 in-memory database named after the test, kept until {@link Db#close()}. */
  public static Db h2(String testName) {
    String url = "jdbc:h2:mem:" + suffix(testName) + ";DB_CLOSE_DELAY=-1";
    List<AutoCloseable> cleanup = new ArrayList<>();
    Db db = new Db(Kind.H2, url, "sa", "", cleanup);
    cleanup.add(
        () -> {
          try (Connection c = db.connect();
              Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
          }
        });
    return db;
  }

  /**
   * A fresh H2 in-memory database served by its own H2 TCP server on a free loopback port; the
   * returned Db's URL is {@code jdbc:h2:tcp://127.0.0.1:<port>/mem:<name>}.
   */
  public static Db h2Tcp(String testName) {
    String name = suffix(testName);
    Db local =
        new Db(Kind.H2, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", new ArrayList<>());
    try {
      Connection keep =
          local.connect(); // creates the database before any remote client asks for it
      int port = freePort();
      org.h2.tools.Server server =
          org.h2.tools.Server.createTcpServer("-tcpPort", String.valueOf(port)).start();
      List<AutoCloseable> cleanup = new ArrayList<>();
      cleanup.add(server::stop);
      cleanup.add(
          () -> {
            try (Statement s = keep.createStatement()) {
              s.execute("SHUTDOWN");
            }
            keep.close();
          });
      return new Db(Kind.H2, "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:" + name, "sa", "", cleanup);
    } catch (SQLException e) {
      throw new IllegalStateException("H2 TCP server did not start", e);
    }
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- PostgreSQL

  /** Parsed {@code jdbc:postgresql://host:port/db?params}. */
  public record PgUrl(String host, int port, String database, Map<String, String> params) {
    private static final Pattern P =
        Pattern.compile("jdbc:postgresql://([^/:?]+)(?::(\\d+))?/([^?]*)(?:\\?(.*))?");

    public static PgUrl parse(String url) {
      Matcher m = P.matcher(url);
      if (!m.matches()) {
        throw new IllegalArgumentException("unsupported PostgreSQL URL " + url);
      }
      Map<String, String> params = new LinkedHashMap<>();
      if (m.group(4) != null && !m.group(4).isEmpty()) {
        for (String kv : m.group(4).split("&")) {
          int i = kv.indexOf('=');
          params.put(i < 0 ? kv : kv.substring(0, i), i < 0 ? "" : kv.substring(i + 1));
        }
      }
      return new PgUrl(
          m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)), m.group(3), params);
    }
  }

  /**
   * A fresh schema in a PostgreSQL found as described on the class; fails (never skips) if none.
   */
  public static Db postgres(String testName) {
    String env = System.getenv(POSTGRES_ENV);
    if (env != null && !env.isBlank()) {
      try {
        return pgSchema(env, null, null, testName);
      } catch (SQLException e) {
        throw new AssertionError(POSTGRES_ENV + "=" + env + " is not usable: " + e, e);
      }
    }
    if (!isRoot()) {
      try {
        return pgSchema(embeddedPostgresUrl(), null, null, testName);
      } catch (Exception e) {
        throw new AssertionError(
            "embedded PostgreSQL (zonky) did not start: "
                + e
                + "; set "
                + POSTGRES_ENV
                + " to a reachable server instead",
            e);
      }
    }
    try {
      return pgSchema(LOCAL_PG, "postgres", null, testName);
    } catch (SQLException e) {
      throw new AssertionError(
          "No PostgreSQL for the integration tests: "
              + POSTGRES_ENV
              + " is not set, embedded PostgreSQL cannot run as root (initdb refuses), and "
              + LOCAL_PG
              + " as user postgres failed: "
              + e
              + ". Start PostgreSQL or set "
              + POSTGRES_ENV
              + "=jdbc:postgresql://host:port/db?user=..&password=..",
          e);
    }
  }

  private static synchronized String embeddedPostgresUrl() throws IOException {
    if (embeddedPg == null) {
      io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg =
          io.zonky.test.db.postgres.embedded.EmbeddedPostgres.start();
      embeddedPg = pg;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      pg.close();
                    } catch (IOException e) {
                      // ignore at exit
                    }
                  }));
    }
    return ((io.zonky.test.db.postgres.embedded.EmbeddedPostgres) embeddedPg)
        .getJdbcUrl("postgres", "postgres")
        .replace("localhost", "127.0.0.1");
  }

  static boolean isRoot() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    } catch (Throwable t) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static Db pgSchema(String url, String user, String password, String testName)
      throws SQLException {
    Db admin = new Db(Kind.POSTGRESQL, url, user, password, new ArrayList<>());
    String schema = suffix(testName);
    try (Connection c = admin.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    List<AutoCloseable> cleanup = new ArrayList<>();
    cleanup.add(
        () -> {
          try (Connection c = admin.connect();
              Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
          }
        });
    return new Db(Kind.POSTGRESQL, schemaUrl, user, password, cleanup);
  }

  // ---------------------------------------------------------------- MariaDB

  private static final Pattern MARIADB_URL =
      Pattern.compile("^(jdbc:(?:mariadb|mysql)://[^/?]+/)([^?]*)(\\?.*)?$");

  /** A fresh MariaDB database (env {@value #MARIADB_ENV}); skipped when unset unless CI=true. */
  public static Db mariadb(String testName) {
    String url = System.getenv(MARIADB_ENV);
    if (url == null || url.isBlank()) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(
            MARIADB_ENV
                + " is not set but CI=true: MariaDB tests must run in CI "
                + "(e.g. "
                + MARIADB_ENV
                + "=jdbc:mariadb://127.0.0.1:3306/test?user=root)");
      }
      Assumptions.abort(
          MARIADB_ENV
              + " is not set: MariaDB integration tests skipped "
              + "(e.g. export "
              + MARIADB_ENV
              + "=jdbc:mariadb://127.0.0.1:3306/test?user=root)");
    }
    Matcher m = MARIADB_URL.matcher(url);
    if (!m.matches()) {
      throw new AssertionError(
          MARIADB_ENV + " must look like jdbc:mariadb://host:port/db?user=..: " + url);
    }
    Db admin = new Db(Kind.MARIADB, url, null, null, new ArrayList<>());
    String database = suffix(testName);
    try (Connection c = admin.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    } catch (SQLException e) {
      throw new AssertionError(
          MARIADB_ENV + "=" + url + " is not usable (CREATE DATABASE failed): " + e, e);
    }
    String dbUrl = m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
    List<AutoCloseable> cleanup = new ArrayList<>();
    cleanup.add(
        () -> {
          try (Connection c = admin.connect();
              Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database);
          }
        });
    return new Db(Kind.MARIADB, dbUrl, null, null, cleanup);
  }
}
