package io.github.jwtauth.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Users from the application's own tables: {@code user-sql} returns id, login, email, disabled for
 * a login; {@code roles-sql} (optional) returns one role per row. Without {@code roles-sql} the
 * roles recorded on the key-pair apply.
 *
 * <p>Thread-safe.
 */
public final class SqlUserDirectory implements UserDirectory {
  private final DataSource dataSource;
  private final String userSql;
  private final String rolesSql;

  public SqlUserDirectory(DataSource dataSource, String userSql, String rolesSql) {
    this.dataSource = dataSource;
    this.userSql = userSql;
    this.rolesSql = rolesSql;
  }

  @Override
  public Optional<User> find(String login, Set<String> recordedRoles) {
    try (Connection c = dataSource.getConnection()) {
      Object id;
      String email;
      boolean disabled;
      String canonical;
      try (PreparedStatement ps = c.prepareStatement(userSql)) {
        ps.setQueryTimeout(KeyPairStore.QUERY_TIMEOUT_SECONDS);
        ps.setString(1, login);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          id = rs.getObject(1);
          canonical = rs.getString(2);
          email = rs.getString(3);
          disabled = rs.getBoolean(4);
        }
      }
      if (canonical == null || !canonical.equals(login)) {
        return Optional.empty();
      }
      Set<String> roles = recordedRoles;
      if (rolesSql != null) {
        roles = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement(rolesSql)) {
          ps.setQueryTimeout(KeyPairStore.QUERY_TIMEOUT_SECONDS);
          ps.setString(1, login);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String r = rs.getString(1);
              if (r != null) {
                roles.add(r);
              }
            }
          }
        }
      }
      if (id instanceof Number n && !(id instanceof Long)) {
        id =
            n instanceof java.math.BigDecimal || n instanceof java.math.BigInteger
                ? n
                : n.longValue();
      }
      return Optional.of(new User(id, login, email, disabled, roles));
    } catch (SQLException e) {
      throw StoreFailures.unavailable("user lookup", e);
    }
  }

  @Override
  public boolean isExternal() {
    return true;
  }
}
