package io.github.jwtauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jwt-auth.jdbc-url} with the driver jar in {@code WEB-INF/lib}: a servlet container such as
 * Tomcat does not let {@link DriverManager} find drivers of a web application by their service
 * entry, so the data source also looks them up with the application's class loader.
 */
class DriverManagerDataSourceTest {
  static final String URL = "jdbc:webapp-only:h2:mem:driver-test;DB_CLOSE_DELAY=-1";

  /** A driver DriverManager never registered (its service entry is only in the "webapp"). */
  public static final class WebappOnlyDriver implements Driver {
    static final String PREFIX = "jdbc:webapp-only:";

    public WebappOnlyDriver() {}

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
      return acceptsURL(url)
          ? new org.h2.Driver().connect("jdbc:" + url.substring(PREFIX.length()), info)
          : null;
    }

    @Override
    public boolean acceptsURL(String url) {
      return url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
      return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
      return 1;
    }

    @Override
    public int getMinorVersion() {
      return 0;
    }

    @Override
    public boolean jdbcCompliant() {
      return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }
  }

  /** A class loader like WEB-INF/lib's: it lists the driver in META-INF/services. */
  static ClassLoader webappLoader(Path dir) throws Exception {
    Path services = Files.createDirectories(dir.resolve("META-INF/services"));
    Files.writeString(
        services.resolve(Driver.class.getName()),
        WebappOnlyDriver.class.getName() + "\n",
        StandardCharsets.UTF_8);
    return new URLClassLoader(
        new URL[] {dir.toUri().toURL()}, DriverManagerDataSourceTest.class.getClassLoader());
  }

  static DriverManagerDataSource createdWith(ClassLoader contextLoader) {
    Thread t = Thread.currentThread();
    ClassLoader old = t.getContextClassLoader();
    t.setContextClassLoader(contextLoader);
    try {
      return new DriverManagerDataSource(URL, "sa", "");
    } finally {
      t.setContextClassLoader(old);
    }
  }

  @Test
  void whenDriverIsOnlyInTheWebappsLibThenItConnects(@TempDir Path dir) throws Exception {
    assertThrows(SQLException.class, () -> DriverManager.getDriver(URL)); // not registered
    DriverManagerDataSource ds = createdWith(webappLoader(dir));
    try (Connection c = ds.getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
      assertTrue(rs.next());
      assertEquals(1, rs.getInt(1));
    }
  }

  @Test
  void whenNoDriverAnywhereThenDriverManagersNoSuitableDriver(@TempDir Path dir) {
    DriverManagerDataSource ds =
        createdWith(new URLClassLoader(new URL[0], getClass().getClassLoader()));
    SQLException e = assertThrows(SQLException.class, ds::getConnection);
    assertEquals("08001", e.getSQLState());
  }

  @Test
  void whenDriverIsRegisteredThenDriverManagerServesIt() throws Exception {
    DriverManagerDataSource ds =
        new DriverManagerDataSource("jdbc:h2:mem:registered;DB_CLOSE_DELAY=-1", "sa", "");
    try (Connection c = ds.getConnection()) {
      assertTrue(c.isValid(1));
    }
  }
}
