package io.github.jwtauth.store;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A minimal unpooled DataSource over {@link DriverManager} for {@code jwt-auth.jdbc-url}. Fine for
 * key-pair management and token exchanges, which are rare; the hot path serves key-pair status from
 * a cache. Production deployments should name a pooled container DataSource instead.
 *
 * <p>A driver jar in {@code WEB-INF/lib} is not registered with {@code DriverManager} on Tomcat
 * (its service entry is read once, with the container's class loader): when {@code DriverManager}
 * knows no driver for the URL, the drivers listed in {@code META-INF/services/java.sql.Driver} of
 * the class loader that was the context class loader at construction (the web application's) are
 * tried, and the one that accepts the URL is kept.
 *
 * <p>Thread-safe.
 */
public final class DriverManagerDataSource implements DataSource {
  private final Driver driver;
  private final String url;
  private final Properties props = new Properties();
  private final ClassLoader loader;
  private volatile Driver found;

  public DriverManagerDataSource(String url, String user, String password) {
    this(null, url, user, password);
  }

  /**
   * Connects through one given driver instead of {@link DriverManager}, which only sees drivers
   * visible to the caller's class loader (the admin CLI loads drivers from {@code --driver-jar}).
   */
  public DriverManagerDataSource(Driver driver, String url, String user, String password) {
    this.driver = driver;
    this.url = url;
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    this.loader = context != null ? context : DriverManagerDataSource.class.getClassLoader();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    Driver d = driver != null ? driver : found;
    if (d == null) {
      try {
        return DriverManager.getConnection(url, props);
      } catch (SQLException e) {
        d = fromServiceEntries(e);
        found = d;
      }
    }
    Connection c = d.connect(url, props);
    if (c == null) {
      throw new SQLException("the driver does not accept this URL", "08001");
    }
    return c;
  }

  /** The application's driver that accepts the URL; else the failure DriverManager gave. */
  private Driver fromServiceEntries(SQLException failure) throws SQLException {
    if (registered()) {
      throw failure; // DriverManager has the driver: connecting failed
    }
    for (Driver d : ServiceLoader.load(Driver.class, loader)) {
      try {
        if (d.acceptsURL(url)) {
          return d;
        }
      } catch (SQLException e) {
        // try the next driver
      }
    }
    throw failure;
  }

  private boolean registered() {
    try {
      DriverManager.getDriver(url);
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("configure the user and password once");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }

  @Override
  public String toString() {
    return "DriverManagerDataSource["
        + url.replaceAll("(?i)(password|pwd)=[^&;]*", "$1=****")
        + "]";
  }
}
