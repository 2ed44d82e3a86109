package io.github.jwtauth.token;

import io.github.jwtauth.http.JwtAuthException;
import io.github.jwtauth.keypair.KeyPairStore;
import io.github.jwtauth.keypair.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Refresh-token chains ("families") in the database, so each refresh token is single-use and a
 * spent one coming back revokes its whole chain (RFC 9700 §4.14.2). Spending is an atomic
 * compare-and-set ({@code UPDATE … WHERE spent_at IS NULL}): of two concurrent refreshes with one
 * token, on one node or several, exactly one wins.
 *
 * <p>Thread-safe; holds no connection between calls.
 */
public final class RefreshTokenStore {
  private static final int QUERY_TIMEOUT_SECONDS = KeyPairStore.QUERY_TIMEOUT_SECONDS;

  /** What became of a refresh token presented for rotation. */
  public enum Outcome {
    /** It was live and is now spent; the successor is stored. */
    ROTATED,
    /** It was already spent or its chain revoked: the chain is revoked now. */
    REUSED,
    /** No such token is known. */
    UNKNOWN
  }

  private final DataSource dataSource;
  private final io.github.jwtauth.keypair.Schema schema;

  public RefreshTokenStore(DataSource dataSource, io.github.jwtauth.keypair.Schema schema) {
    this.dataSource = dataSource;
    this.schema = schema;
  }

  /** Stores the first token of a new chain. */
  public void start(String jti, String apiKey, long now, long expiresAt) {
    try (Connection c = connect();
        PreparedStatement ps = insert(c)) {
      bindInsert(ps, jti, jti, apiKey, now, expiresAt);
      ps.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit();
      }
    } catch (SQLException e) {
      throw unavailable("refresh-token insert", e);
    }
  }

  /**
   * Spends {@code jti} and stores {@code successor} in the same chain, atomically; or, if {@code
   * jti} was spent already, revokes the chain.
   */
  public Outcome rotate(String jti, String apiKey, String successor, long now, long expiresAt) {
    try (Connection c = connect()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        Outcome o = rotate(c, jti, apiKey, successor, now, expiresAt);
        c.commit();
        return o;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw unavailable("refresh-token rotation", e);
    }
  }

  private Outcome rotate(
      Connection c, String jti, String apiKey, String successor, long now, long expiresAt)
      throws SQLException {
    String family = null;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT family FROM jwt_auth_refresh_token WHERE jti = ? AND api_key = ?")) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setString(1, jti);
      ps.setString(2, apiKey);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          family = rs.getString(1);
        }
      }
    }
    if (family == null) {
      return Outcome.UNKNOWN;
    }
    int spent;
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE jwt_auth_refresh_token SET spent_at = ? WHERE jti = ? AND spent_at IS NULL"
                + " AND revoked_at IS NULL")) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setLong(1, now);
      ps.setString(2, jti);
      spent = ps.executeUpdate();
    }
    if (spent == 1) {
      try (PreparedStatement ps = insert(c)) {
        bindInsert(ps, successor, family, apiKey, now, expiresAt);
        ps.executeUpdate();
      }
      purgeExpired(c, now);
      return Outcome.ROTATED;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE jwt_auth_refresh_token SET revoked_at = ? WHERE family = ? AND revoked_at IS NULL")) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setLong(1, now);
      ps.setString(2, family);
      ps.executeUpdate();
    }
    return Outcome.REUSED;
  }

  /**
   * Deletes rows of tokens that expired over a day ago (they can no longer be presented), a
   * bounded batch at a time, piggybacked on writes: no scheduler thread of our own.
   */
  private static void purgeExpired(Connection c, long now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM jwt_auth_refresh_token WHERE expires_at < ?")) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setLong(1, now - 86_400);
      ps.executeUpdate();
    }
  }

  private Connection connect() throws SQLException {
    schema.ensure();
    return dataSource.getConnection();
  }

  private static PreparedStatement insert(Connection c) throws SQLException {
    PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO jwt_auth_refresh_token (jti, family, api_key, issued_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?)");
    ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
    return ps;
  }

  private static void bindInsert(
      PreparedStatement ps, String jti, String family, String apiKey, long now, long expiresAt)
      throws SQLException {
    ps.setString(1, jti);
    ps.setString(2, family);
    ps.setString(3, apiKey);
    ps.setLong(4, now);
    ps.setLong(5, expiresAt);
  }

  private static JwtAuthException unavailable(String op, SQLException e) {
    return StoreUnavailableException.of(op, e);
  }
}
