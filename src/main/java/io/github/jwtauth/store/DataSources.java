package io.github.jwtauth.store;

import io.github.jwtauth.config.Settings;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The {@link DataSource} the settings name: a JDBC URL for {@code DriverManager}, or a JNDI name
 * looked up once at start ({@code java:comp/env/} is implied).
 *
 * <p>Stateless and thread-safe.
 */
public final class DataSources {
  private DataSources() {}

  /**
   * @throws IllegalArgumentException naming the parameter when the JNDI name has no DataSource
   */
  public static DataSource of(Settings s) {
    if (s.jdbcUrl() != null) {
      return new DriverManagerDataSource(s.jdbcUrl(), s.jdbcUser(), s.jdbcPassword());
    }
    String name = s.dataSource();
    String jndi = name.startsWith("java:") ? name : "java:comp/env/" + name;
    Object o;
    try {
      o = new InitialContext().lookup(jndi);
    } catch (NamingException e) {
      throw new IllegalArgumentException(
          "Parameter "
              + Settings.PARAM_DATASOURCE
              + ": no DataSource at "
              + jndi
              + " (declare a <resource-ref> and bind it in the container)");
    }
    if (o instanceof DataSource ds) {
      return ds;
    }
    throw new IllegalArgumentException(
        "Parameter " + Settings.PARAM_DATASOURCE + ": " + jndi + " is not a javax.sql.DataSource");
  }
}
