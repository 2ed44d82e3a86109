package io.github.jwtauth.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.jwtauth.cache.ExpiringCache;
import io.github.jwtauth.keys.KeySet;
import io.github.jwtauth.keys.PemKeys;
import io.github.jwtauth.keys.SigningAlgorithm;
import io.github.jwtauth.store.DriverManagerDataSource;
import io.github.jwtauth.store.KeyPair;
import io.github.jwtauth.store.KeyPairStore;
import io.github.jwtauth.store.Schema;
import io.github.jwtauth.store.User;
import io.github.jwtauth.store.UserDirectory;
import io.github.jwtauth.token.BearerAuthenticator;
import io.github.jwtauth.token.KeyPairStatus;
import io.github.jwtauth.token.StatusCache;
import io.github.jwtauth.token.TokenIssuer;
import io.github.jwtauth.token.TokenVerifier;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * What every benchmark builds the same way, with the library's public classes and the defaults of
 * {@code io.github.jwtauth.config.Settings}: keys, databases, key-pairs, and a {@link
 * BearerAuthenticator} wired as {@code JwtAuthCore} wires it (status cache 5 s / 10,000 entries
 * with one background renewal thread, verified-token cache 10,000 entries, leeway 30 s, max token
 * size 8,192).
 *
 * <p>Thread-safe (stateless).
 */
public final class Fixtures {
  public static final String ISSUER = "jwt-auth";
  public static final String REFRESHER_THREAD = "jwt-auth-status-refresh";

  /** A fixed 48-byte HS256 secret (the same bytes in every fork, so runs compare). */
  public static final byte[] SECRET =
      "bench-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEF".getBytes(StandardCharsets.UTF_8);

  public static final long STATUS_CACHE_TTL_MILLIS = 5_000; // Settings.DEFAULT_STATUS_CACHE_TTL
  public static final int STATUS_CACHE_SIZE = 10_000; // Settings.DEFAULT_STATUS_CACHE_SIZE
  public static final int TOKEN_CACHE_SIZE = 10_000; // Settings.DEFAULT_TOKEN_CACHE_SIZE
  public static final long LEEWAY_SECONDS = 30; // Settings.DEFAULT_LEEWAY
  public static final int MAX_TOKEN_SIZE = 8_192; // Settings.DEFAULT_MAX_TOKEN_SIZE
  public static final Duration ACCESS_TTL = Duration.ofHours(1);

  public static final String DEFAULT_POSTGRES_URL =
      "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  /** Own schema in the shared test database, so the library's tests never see bench rows. */
  public static final String POSTGRES_SCHEMA = "jwtauth_bench";

  private Fixtures() {}

  /** HS256 with {@link #SECRET}; RS256 (2048 bits) or ES256 (P-256) with a fresh key in PEM. */
  public static KeySet keys(String name) {
    SigningAlgorithm alg = SigningAlgorithm.parse(name);
    return alg.isHmac() ? KeySet.hmac(alg, SECRET) : keys(name, newKeyPair(name));
  }

  /** A fresh RS256 (2048 bits) or ES256 (P-256) key pair. */
  public static java.security.KeyPair newKeyPair(String name) {
    try {
      KeyPairGenerator g;
      if (SigningAlgorithm.parse(name) == SigningAlgorithm.RS256) {
        g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
      } else {
        g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
      }
      return g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** jwt-auth's keys for {@code kp}, loaded from PEM as {@code jwt-auth.private-key} is. */
  public static KeySet keys(String name, java.security.KeyPair kp) {
    String pem =
        pem("PRIVATE KEY", kp.getPrivate().getEncoded())
            + pem("PUBLIC KEY", kp.getPublic().getEncoded());
    return PemKeys.load(SigningAlgorithm.parse(name), pem, null);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /**
   * A user as {@link UserDirectory#container()} makes it: id = login, roles recorded on the
   * key-pair.
   */
  public static User user(String login) {
    return new User(login, login, null, false, Set.of("user"));
  }

  public static KeyPair keyPair(String apiKey, String login, String secretHash) {
    return new KeyPair(apiKey, login, "bench", secretHash, Set.of("user"), 0, null, null, null);
  }

  /**
   * A fresh in-memory H2 database through the library's own unpooled DataSource (what
   * jwt-auth.jdbc-url gives).
   */
  public static DataSource h2(String name) {
    return new DriverManagerDataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
  }

  public static String postgresUrl() {
    String url = System.getenv().getOrDefault("JWT_AUTH_BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL);
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + POSTGRES_SCHEMA;
  }

  /** (Re)creates the bench schema in PostgreSQL, empty. */
  public static void resetPostgresSchema() throws SQLException {
    String base = System.getenv().getOrDefault("JWT_AUTH_BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL);
    try (Connection c = DriverManager.getConnection(base);
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + POSTGRES_SCHEMA + " CASCADE");
      st.execute("CREATE SCHEMA " + POSTGRES_SCHEMA);
    }
  }

  public static void dropPostgresSchema() throws SQLException {
    String base = System.getenv().getOrDefault("JWT_AUTH_BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL);
    try (Connection c = DriverManager.getConnection(base);
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + POSTGRES_SCHEMA + " CASCADE");
    }
  }

  /** A HikariCP pool: what a container DataSource named by jwt-auth.datasource would be. */
  public static HikariDataSource pooled(String jdbcUrl, int maxSize) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(jdbcUrl);
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      c.setUsername("sa");
      c.setPassword("");
    }
    c.setMaximumPoolSize(maxSize);
    c.setMinimumIdle(maxSize);
    c.setPoolName("bench");
    return new HikariDataSource(c);
  }

  /** Creates the tables with the library's shipped DDL. */
  public static Schema schema(DataSource ds) {
    Schema s = new Schema(ds, true);
    try {
      s.ensure();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return s;
  }

  /**
   * Inserts key-pairs {@code prefix0 .. prefix(n-1)} owned by {@code user0 ..} in JDBC batches
   * (setup only: a million rows through KeyPairStore.insert would take minutes).
   */
  public static void insertKeyPairs(DataSource ds, String prefix, int n) {
    String sql =
        "INSERT INTO jwt_auth_key_pair (api_key, user_login, name, secret_hash, roles, created_at)"
            + " VALUES (?, ?, 'bench', '$2a$10$x', 'user', 0)";
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      c.setAutoCommit(false);
      for (int i = 0; i < n; i++) {
        ps.setString(1, prefix + i);
        ps.setString(2, "user" + i);
        ps.addBatch();
        if (i % 10_000 == 9_999) {
          ps.executeBatch();
        }
      }
      ps.executeBatch();
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The one background renewal thread of JwtAuthCore (StatusRefresher): bounded queue, extra work
   * dropped.
   */
  public static ThreadPoolExecutor refresher() {
    ThreadPoolExecutor ex =
        new ThreadPoolExecutor(
            1,
            1,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1024),
            r -> {
              Thread t = new Thread(r, REFRESHER_THREAD);
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
    ex.allowCoreThreadTimeOut(true);
    return ex;
  }

  public static TokenVerifier verifier(KeySet keys, Clock clock) {
    return new TokenVerifier(keys, ISSUER, LEEWAY_SECONDS, MAX_TOKEN_SIZE, clock);
  }

  public static TokenIssuer issuer(KeySet keys, Clock clock) {
    return new TokenIssuer(keys, ISSUER, ACCESS_TTL, clock);
  }

  /**
   * The hot path as JwtAuthCore builds it, with the given cache sizes (0 disables the token cache).
   */
  public static BearerAuthenticator authenticator(
      KeySet keys,
      KeyPairStore store,
      int tokenCacheSize,
      int statusCacheSize,
      Clock clock,
      ThreadPoolExecutor refresher,
      ExpiringCache<TokenVerifier.Verified> tokenCacheOrNull) {
    return authenticator(
        keys,
        store,
        clock,
        tokenCacheOrNull != null ? tokenCacheOrNull : new ExpiringCache<>(tokenCacheSize),
        statusCache(statusCacheSize, clock, refresher));
  }

  public static StatusCache<String, KeyPairStatus> statusCache(
      int size, Clock clock, ThreadPoolExecutor refresher) {
    return new StatusCache<>(STATUS_CACHE_TTL_MILLIS, size, clock, refresher);
  }

  public static BearerAuthenticator authenticator(
      KeySet keys,
      KeyPairStore store,
      Clock clock,
      ExpiringCache<TokenVerifier.Verified> tokens,
      StatusCache<String, KeyPairStatus> statuses) {
    return new BearerAuthenticator(
        verifier(keys, clock), store, UserDirectory.container(), statuses, tokens, clock);
  }

  /**
   * A copy of the token in new memory, as the container hands it over per request (no cached hash).
   */
  public static String fresh(byte[] asciiToken) {
    return new String(asciiToken, StandardCharsets.ISO_8859_1);
  }

  /** The init parameters of JwtAuthFilter as a web.xml without any would give them. */
  public static jakarta.servlet.FilterConfig filterConfig(jakarta.servlet.ServletContext context) {
    return new jakarta.servlet.FilterConfig() {
      @Override
      public String getFilterName() {
        return "JwtAuthFilter";
      }

      @Override
      public jakarta.servlet.ServletContext getServletContext() {
        return context;
      }

      @Override
      public String getInitParameter(String name) {
        return null;
      }

      @Override
      public java.util.Enumeration<String> getInitParameterNames() {
        return java.util.Collections.emptyEnumeration();
      }
    };
  }
}
