package io.github.jwtauth.store;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Key-pairs in a JDBC database: all of their SQL lives here, portable across H2, PostgreSQL and
 * MariaDB/MySQL. Every failure to reach the database becomes {@code
 * rest_authentication_unavailable} (503): jwt-auth fails closed.
 *
 * <p>Thread-safe; holds no connection between calls.
 */
public final class KeyPairStore {
  private static final System.Logger LOG = System.getLogger("io.github.jwtauth.store");

  /**
   * Bounded query time, so an unreachable or stalled database fails fast instead of piling up
   * threads.
   */
  public static final int QUERY_TIMEOUT_SECONDS = 5;

  private static final String COLUMNS =
      "api_key, user_login, name, secret_hash, roles, created_at, last_used, last_ip, revoked_at,"
          + " expires_at, role_limit";

  private final DataSource dataSource;
  private final Schema schema;

  public KeyPairStore(DataSource dataSource, Schema schema) {
    this.dataSource = dataSource;
    this.schema = schema;
  }

  Connection connect() throws SQLException {
    schema.ensure();
    return dataSource.getConnection();
  }

  /** Inserts a key-pair, however many its user has (the admin command line). */
  public void insert(KeyPair kp) {
    insert(kp, Integer.MAX_VALUE);
  }

  /**
   * Inserts a key-pair unless its user already has {@code maxActive} active ones.
   *
   * @throws JwtAuthException {@code rest_authentication_too_many_key_pairs} when the user is at the
   *     limit
   */
  public void insert(KeyPair kp, int maxActive) {
    String sql =
        "INSERT INTO jwt_auth_key_pair ("
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?)";
    try (Connection c = connect()) {
      if (maxActive < Integer.MAX_VALUE
          && countActive(c, kp.userLogin(), kp.created()) >= maxActive) {
        throw new JwtAuthException(ErrorCode.TOO_MANY_KEY_PAIRS);
      }
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
        ps.setString(1, kp.apiKey());
        ps.setString(2, kp.userLogin());
        ps.setString(3, kp.name());
        ps.setString(4, kp.secretHash());
        ps.setString(5, String.join(",", kp.roles()));
        ps.setLong(6, kp.created());
        if (kp.expiresAt() == null) {
          ps.setNull(7, Types.BIGINT);
        } else {
          ps.setLong(7, kp.expiresAt());
        }
        if (kp.roleLimit() == null) {
          ps.setNull(8, Types.VARCHAR);
        } else {
          ps.setString(8, String.join(",", kp.roleLimit()));
        }
        ps.executeUpdate();
      }
      commit(c);
    } catch (SQLException e) {
      throw StoreFailures.unavailable("key-pair insert", e);
    }
  }

  /** Key-pairs of a user neither revoked nor expired at {@code now}. */
  private static long countActive(Connection c, String userLogin, long now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT COUNT(*) FROM jwt_auth_key_pair WHERE user_login = ? AND revoked_at IS NULL"
                + " AND (expires_at IS NULL OR expires_at > ?)")) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setString(1, userLogin);
      ps.setLong(2, now);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * The key-pair, revoked or not, whose {@code api_key} is exactly the one given. (MariaDB's and
   * MySQL's PAD SPACE collations let {@code 'KEY '} find {@code KEY}: such a near match is no
   * match.)
   */
  public Optional<KeyPair> find(String apiKey) {
    String sql = "SELECT " + COLUMNS + " FROM jwt_auth_key_pair WHERE api_key = ?";
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setString(1, apiKey);
      try (ResultSet rs = ps.executeQuery()) {
        Optional<KeyPair> kp = rs.next() ? Optional.of(read(rs)) : Optional.empty();
        return kp.filter(k -> k.apiKey().equals(apiKey));
      }
    } catch (SQLException e) {
      throw StoreFailures.unavailable("key-pair lookup", e);
    }
  }

  /**
   * Replaces a key-pair's secret hash if it is still {@code oldHash} (a hash made at another bcrypt
   * cost, after a successful check). Best effort: a failure leaves the old hash, which still works.
   */
  public void rehash(String apiKey, String oldHash, String newHash) {
    try (Connection c = connect();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE jwt_auth_key_pair SET secret_hash = ? WHERE api_key = ? AND secret_hash = ?")) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setString(1, newHash);
      ps.setString(2, apiKey);
      ps.setString(3, oldHash);
      ps.executeUpdate();
      commit(c);
    } catch (SQLException | JwtAuthException e) {
      LOG.log(System.Logger.Level.DEBUG, "jwt-auth: key-pair rehash failed; the old hash stays");
    }
  }

  /** A user's active key-pairs, newest first. */
  public List<KeyPair> listActive(String userLogin) {
    return list("user_login = ? AND revoked_at IS NULL", userLogin);
  }

  /** Every active key-pair, newest first (for the admin command line). */
  public List<KeyPair> listAllActive() {
    return list("revoked_at IS NULL", null);
  }

  private List<KeyPair> list(String where, String userLogin) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM jwt_auth_key_pair WHERE "
            + where
            + " ORDER BY created_at DESC, api_key";
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      if (userLogin != null) {
        ps.setString(1, userLogin);
      }
      List<KeyPair> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw StoreFailures.unavailable("key-pair list", e);
    }
  }

  /**
   * Revokes the given active key-pairs of a user, and ends their refresh-token chains, in one
   * transaction.
   *
   * @return the api_keys actually revoked
   */
  public List<String> revoke(String userLogin, List<String> apiKeys, long now) {
    return Transactions.run(
        this::connect,
        "key-pair revoke",
        c -> {
          List<String> done = new ArrayList<>();
          try (PreparedStatement kp =
                  c.prepareStatement(
                      "UPDATE jwt_auth_key_pair SET revoked_at = ? WHERE api_key = ?"
                          + " AND user_login = ? AND revoked_at IS NULL");
              PreparedStatement rt =
                  c.prepareStatement(
                      "UPDATE jwt_auth_refresh_token SET revoked_at = ? WHERE api_key = ?"
                          + " AND revoked_at IS NULL")) {
            kp.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            rt.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            for (String apiKey : apiKeys) {
              kp.setLong(1, now);
              kp.setString(2, apiKey);
              kp.setString(3, userLogin);
              if (kp.executeUpdate() == 1) {
                done.add(apiKey);
                rt.setLong(1, now);
                rt.setString(2, apiKey);
                rt.executeUpdate();
              }
            }
          }
          return done;
        });
  }

  /** Records a token exchange or refresh. */
  public void touch(String apiKey, long now, String ip) {
    try (Connection c = connect()) {
      touch(c, apiKey, now, ip);
      commit(c);
    } catch (SQLException e) {
      throw StoreFailures.unavailable("key-pair touch", e);
    }
  }

  /** Records a token exchange or refresh inside the caller's transaction. */
  static void touch(Connection c, String apiKey, long now, String ip) throws SQLException {
    String sql = "UPDATE jwt_auth_key_pair SET last_used = ?, last_ip = ? WHERE api_key = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setLong(1, now);
      if (ip == null) {
        ps.setNull(2, Types.VARCHAR);
      } else {
        ps.setString(2, ip.length() > 64 ? ip.substring(0, 64) : ip);
      }
      ps.setString(3, apiKey);
      ps.executeUpdate();
    }
  }

  /**
   * Locks the key-pair's row for the caller's transaction and tells whether the key-pair stands
   * (exists and is not revoked). Taken before any refresh-token row, in the order {@link #revoke}
   * takes them, so that a revocation and a refresh of the same key-pair serialise: whichever
   * commits second sees what the first did.
   */
  static boolean lockActive(Connection c, String apiKey) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT revoked_at FROM jwt_auth_key_pair WHERE api_key = ? FOR UPDATE")) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setString(1, apiKey);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        rs.getLong(1);
        return rs.wasNull();
      }
    }
  }

  static void commit(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      c.commit();
    }
  }

  private static KeyPair read(ResultSet rs) throws SQLException {
    Set<String> roleSet = roles(rs.getString(5));
    long lastUsed = rs.getLong(7);
    Long lastUsedOrNull = rs.wasNull() ? null : lastUsed;
    String lastIp = rs.getString(8);
    long revoked = rs.getLong(9);
    Long revokedOrNull = rs.wasNull() ? null : revoked;
    long expires = rs.getLong(10);
    Long expiresOrNull = rs.wasNull() ? null : expires;
    String limit = rs.getString(11);
    return new KeyPair(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        roleSet,
        rs.getLong(6),
        lastUsedOrNull,
        lastIp,
        revokedOrNull,
        expiresOrNull,
        limit == null ? null : roles(limit));
  }

  /** Roles as stored: comma-separated, an empty text for none. */
  private static Set<String> roles(String stored) {
    Set<String> out = new LinkedHashSet<>();
    if (stored != null && !stored.isEmpty()) {
      out.addAll(Arrays.asList(stored.split(",")));
    }
    return out;
  }
}
