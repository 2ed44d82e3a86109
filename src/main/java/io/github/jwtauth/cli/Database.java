package io.github.jwtauth.cli;

import io.github.jwtauth.store.DriverManagerDataSource;
import io.github.jwtauth.store.KeyPairStore;
import io.github.jwtauth.store.Schema;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The database a command works on, from the DB options: {@code --jdbc-url}, {@code --jdbc-user},
 * {@code --password-env} (the password is read from the environment, never from the command line)
 * and {@code --driver-jar} (the JDBC driver, loaded in its own class loader). Thread-safe.
 */
final class Database {
  static final String[] OPTIONS = {"jdbc-url", "jdbc-user", "password-env", "driver-jar"};

  private final Function<String, String> env;

  Database(Function<String, String> env) {
    this.env = env;
  }

  /** The key-pair store, once the database answers. */
  KeyPairStore store(Args a) throws UsageException, SQLException {
    DataSource ds = dataSource(a);
    Schema schema = new Schema(ds, false);
    try (Connection c = ds.getConnection()) {
      c.isValid(5);
    }
    return new KeyPairStore(ds, schema);
  }

  DataSource dataSource(Args a) throws UsageException {
    String url = a.required("jdbc-url");
    if (!url.startsWith("jdbc:")) {
      throw new UsageException("--jdbc-url must start with jdbc:");
    }
    String user = a.value("jdbc-user", null);
    String password = null;
    String passwordEnv = a.value("password-env", null);
    if (passwordEnv != null) {
      password = env.apply(passwordEnv);
      if (password == null) {
        throw new UsageException(
            "environment variable " + passwordEnv + " (--password-env) is not set");
      }
    }
    List<URL> jars = new ArrayList<>();
    for (String j : a.values("driver-jar")) {
      Path p = Path.of(j);
      if (!Files.isReadable(p)) {
        throw new UsageException("--driver-jar " + j + " cannot be read");
      }
      try {
        jars.add(p.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new UsageException("--driver-jar " + j + " is not a path");
      }
    }
    ClassLoader loader =
        new URLClassLoader(jars.toArray(new URL[0]), Database.class.getClassLoader());
    Driver driver = null;
    for (Driver d : ServiceLoader.load(Driver.class, loader)) {
      try {
        if (d.acceptsURL(url)) {
          driver = d;
          break;
        }
      } catch (SQLException e) {
        // try the next driver
      }
    }
    if (driver == null) {
      throw new UsageException(
          "no JDBC driver for " + url.split(":", 3)[1] + "; give its jar with --driver-jar");
    }
    return new DriverManagerDataSource(driver, url, user, password);
  }
}
