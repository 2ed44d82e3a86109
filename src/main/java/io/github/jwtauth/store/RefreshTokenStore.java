package io.github.jwtauth.store;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
  private static final System.Logger LOG = System.getLogger("io.github.jwtauth.store");
  private static final int QUERY_TIMEOUT_SECONDS = KeyPairStore.QUERY_TIMEOUT_SECONDS;

  /** What became of a refresh token presented for rotation. */
  public enum Outcome {
    /** It was live and is now spent; the successor is stored. */
    ROTATED,
    /**
     * It was spent moments ago (within the grace window): the same successor is handed out again.
     */
    GRACE,
    /** It was already spent or its chain revoked: the chain is revoked now. */
    REUSED,
    /** Its chain is older than the absolute chain lifetime. */
    CHAIN_EXPIRED,
    /** No such token is known. */
    UNKNOWN,
    /** Its key-pair is revoked or gone: nothing was changed. */
    REVOKED
  }

  /**
   * The result of a rotation: for ROTATED and GRACE, the refresh token to hand out.
   *
   * @param outcome what happened
   * @param jti the successor's id
   * @param issuedAt the successor's issue time, epoch seconds
   * @param expiresAt the successor's expiry, epoch seconds
   */
  public record Rotation(Outcome outcome, String jti, long issuedAt, long expiresAt) {
    static Rotation of(Outcome o) {
      return new Rotation(o, null, 0, 0);
    }
  }

  private record Row(
      String family,
      long familyIssuedAt,
      Long spentAt,
      String successor,
      Long revokedAt,
      long expiresAt) {
    boolean live() {
      return spentAt == null && revokedAt == null;
    }
  }

  private final DataSource dataSource;
  private final io.github.jwtauth.store.Schema schema;
  private final long ttlSeconds;
  private final long chainLifetimeSeconds;
  private final long graceSeconds;
  private final int maxChains;
  private volatile long lastPurge;

  /**
   * @param ttlSeconds lifetime of each refresh token (its idle expiry)
   * @param chainLifetimeSeconds absolute lifetime of a chain from its first token
   * @param graceSeconds how long a just-spent token may be retried for the same successor (0 =
   *     never)
   * @param maxChains live chains kept per key-pair; starting one more drops the oldest
   */
  public RefreshTokenStore(
      DataSource dataSource,
      io.github.jwtauth.store.Schema schema,
      long ttlSeconds,
      long chainLifetimeSeconds,
      long graceSeconds,
      int maxChains) {
    this.dataSource = dataSource;
    this.schema = schema;
    this.ttlSeconds = ttlSeconds;
    this.chainLifetimeSeconds = chainLifetimeSeconds;
    this.graceSeconds = graceSeconds;
    this.maxChains = maxChains;
  }

  /**
   * Stores the first token of a new chain, in one transaction on one connection that first locks
   * the key-pair's row ({@link KeyPairStore#lockActive}), then keeps the key-pair's live chains to
   * {@code maxChains} (the rows of the chains started longest ago beyond that are deleted, so their
   * refresh tokens are unknown from then on, as GitHub revokes the oldest OAuth tokens beyond ten
   * per user and scope), and records the use ({@code last_used}, {@code last_ip} = {@code
   * clientIp}). One commit per exchange; on any failure nothing is stored.
   *
   * @return its expiry, epoch seconds
   * @throws JwtAuthException {@code rest_authentication_revoked_api_key} when the key-pair was
   *     revoked meanwhile (nothing is stored)
   */
  public long start(String jti, String apiKey, long now, String clientIp) {
    long expiresAt = now + Math.min(ttlSeconds, chainLifetimeSeconds);
    return Transactions.run(
        this::connect,
        "refresh-token insert",
        c -> {
          if (!KeyPairStore.lockActive(c, apiKey)) {
            throw new JwtAuthException(ErrorCode.REVOKED_API_KEY); // rolled back: nothing stored
          }
          try (PreparedStatement ps = insert(c)) {
            bindInsert(ps, jti, jti, apiKey, now, now, expiresAt);
            ps.executeUpdate();
          }
          dropChainsBeyondLimit(c, apiKey, now);
          KeyPairStore.touch(c, apiKey, now, clientIp);
          return expiresAt;
        });
  }

  /** Deletes the oldest live chains of a key-pair beyond {@code maxChains}. */
  private void dropChainsBeyondLimit(Connection c, String apiKey, long now) throws SQLException {
    String live =
        " FROM jwt_auth_refresh_token WHERE api_key = ? AND spent_at IS NULL"
            + " AND revoked_at IS NULL AND expires_at > ?";
    try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*)" + live)) {
      count.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      count.setString(1, apiKey);
      count.setLong(2, now);
      try (ResultSet rs = count.executeQuery()) {
        if (!rs.next() || rs.getLong(1) <= maxChains) {
          return;
        }
      }
    }
    List<String> old = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT family" + live + " ORDER BY family_issued_at DESC, issued_at DESC, jti")) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setString(1, apiKey);
      ps.setLong(2, now);
      try (ResultSet rs = ps.executeQuery()) {
        for (int i = 0; rs.next(); i++) {
          if (i >= maxChains) {
            old.add(rs.getString(1));
          }
        }
      }
    }
    try (PreparedStatement del =
        c.prepareStatement("DELETE FROM jwt_auth_refresh_token WHERE family = ?")) {
      del.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      for (String family : old) {
        del.setString(1, family);
        del.addBatch();
      }
      del.executeBatch();
    }
  }

  /**
   * Spends {@code jti} and stores {@code successor} in the same chain, atomically; or, if {@code
   * jti} was spent already (outside the grace window), revokes the chain. In the same transaction,
   * on one connection: first locks the key-pair's row ({@link KeyPairStore#lockActive}; a revoked
   * or missing key-pair changes nothing and gives {@link Outcome#REVOKED}), and when a token is
   * handed out records its use ({@code last_used}, {@code last_ip} = {@code clientIp}). One commit
   * per refresh.
   */
  public Rotation rotate(String jti, String apiKey, String successor, long now, String clientIp) {
    Rotation r =
        Transactions.run(
            this::connect,
            "refresh-token rotation",
            c -> {
              if (!KeyPairStore.lockActive(c, apiKey)) {
                return Rotation.of(Outcome.REVOKED);
              }
              Rotation done = rotate(c, jti, apiKey, successor, now);
              if (done.outcome() == Outcome.ROTATED || done.outcome() == Outcome.GRACE) {
                KeyPairStore.touch(c, apiKey, now, clientIp);
              }
              return done;
            });
    if (r.outcome() == Outcome.ROTATED) {
      purgeExpired(now);
    }
    return r;
  }

  private Rotation rotate(Connection c, String jti, String apiKey, String successor, long now)
      throws SQLException {
    Row row = row(c, jti, apiKey);
    if (row == null) {
      return Rotation.of(Outcome.UNKNOWN);
    }
    if (row.live()) {
      long expiresAt = Math.min(now + ttlSeconds, row.familyIssuedAt + chainLifetimeSeconds);
      if (expiresAt <= now) {
        return Rotation.of(Outcome.CHAIN_EXPIRED);
      }
      int spent;
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE jwt_auth_refresh_token SET spent_at = ?, successor = ? WHERE jti = ?"
                  + " AND spent_at IS NULL AND revoked_at IS NULL")) {
        ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
        ps.setLong(1, now);
        ps.setString(2, successor);
        ps.setString(3, jti);
        spent = ps.executeUpdate();
      }
      if (spent == 1) {
        try (PreparedStatement ps = insert(c)) {
          bindInsert(ps, successor, row.family, apiKey, row.familyIssuedAt, now, expiresAt);
          ps.executeUpdate();
        }
        return new Rotation(Outcome.ROTATED, successor, now, expiresAt);
      }
      row = row(c, jti, apiKey); // lost a race: see what the winner left
    }
    if (graceSeconds > 0
        && row.revokedAt == null
        && row.spentAt != null
        && now - row.spentAt <= graceSeconds
        && row.successor != null) {
      Row next = row(c, row.successor, apiKey);
      if (next != null && next.live()) {
        // the successor was issued the moment this one was spent
        return new Rotation(Outcome.GRACE, row.successor, row.spentAt, next.expiresAt);
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE jwt_auth_refresh_token SET revoked_at = ? WHERE family = ? AND revoked_at IS NULL")) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setLong(1, now);
      ps.setString(2, row.family);
      ps.executeUpdate();
    }
    return Rotation.of(Outcome.REUSED);
  }

  /**
   * Revokes the chain of a refresh token of a key-pair (RFC 7009 §2.1), in one transaction: every
   * token of the chain is refused from then on, spent or not. Its key-pair stays active.
   *
   * @return whether a chain was found and had live tokens
   */
  public boolean revokeChain(String jti, String apiKey, long now) {
    return Transactions.run(
        this::connect,
        "refresh-token chain revocation",
        c -> {
          Row row = row(c, jti, apiKey);
          if (row == null) {
            return false;
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE jwt_auth_refresh_token SET revoked_at = ? WHERE family = ?"
                      + " AND revoked_at IS NULL")) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            ps.setLong(1, now);
            ps.setString(2, row.family);
            return ps.executeUpdate() > 0;
          }
        });
  }

  private static Row row(Connection c, String jti, String apiKey) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT family, family_issued_at, spent_at, successor, revoked_at, expires_at"
                + " FROM jwt_auth_refresh_token WHERE jti = ? AND api_key = ?")) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setString(1, jti);
      ps.setString(2, apiKey);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        long spent = rs.getLong(3);
        Long spentAt = rs.wasNull() ? null : spent;
        String succ = rs.getString(4);
        long revoked = rs.getLong(5);
        Long revokedAt = rs.wasNull() ? null : revoked;
        return new Row(rs.getString(1), rs.getLong(2), spentAt, succ, revokedAt, rs.getLong(6));
      }
    }
  }

  /**
   * Deletes rows of tokens that expired over a day ago (they can no longer be presented), at most
   * once a minute per node, after a successful rotation has committed: no scheduler thread of our
   * own, and no long-held locks in the rotation itself. A failure here is harmless.
   */
  private void purgeExpired(long now) {
    if (now - lastPurge < 60) {
      return;
    }
    lastPurge = now;
    try (Connection c = connect();
        PreparedStatement ps =
            c.prepareStatement("DELETE FROM jwt_auth_refresh_token WHERE expires_at < ?")) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setLong(1, now - 86_400);
      ps.executeUpdate();
      KeyPairStore.commit(c);
    } catch (SQLException | RuntimeException e) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "jwt-auth: purge of expired refresh tokens failed: {0}",
          e instanceof SQLException sql ? sql.getSQLState() : e.getClass().getName());
    }
  }

  private Connection connect() throws SQLException {
    schema.ensure();
    return dataSource.getConnection();
  }

  private static PreparedStatement insert(Connection c) throws SQLException {
    PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO jwt_auth_refresh_token"
                + " (jti, family, api_key, family_issued_at, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)");
    ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
    return ps;
  }

  private static void bindInsert(
      PreparedStatement ps,
      String jti,
      String family,
      String apiKey,
      long familyIssuedAt,
      long now,
      long expiresAt)
      throws SQLException {
    ps.setString(1, jti);
    ps.setString(2, family);
    ps.setString(3, apiKey);
    ps.setLong(4, familyIssuedAt);
    ps.setLong(5, now);
    ps.setLong(6, expiresAt);
  }

  private static JwtAuthException unavailable(String op, SQLException e) {
    return StoreFailures.unavailable(op, e);
  }
}
