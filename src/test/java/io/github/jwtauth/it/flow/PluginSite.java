package io.github.jwtauth.it.flow;

import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.Deployment;
import io.github.jwtauth.testsupport.Forgery;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.Jwts;
import io.github.jwtauth.testsupport.TestWebapp;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * One container with the two deployments the ports of the WordPress plugin's tests and the key-pair
 * route tests run against, each with its own H2 database:
 *
 * <ul>
 *   <li>{@link #api}: no user directory (users are container logins), {@code /api/hello}
 *       token-required;
 *   <li>{@link #dirApi}: a user directory ({@code user-sql}, {@code roles-sql}) over the tables
 *       {@code app_users} / {@code app_roles}, holding the container's demo users and whoever a
 *       test adds with {@link #addDirectoryUser}; status staleness 0, so a change there applies to
 *       the next request, as the plugin read user meta on every request.
 * </ul>
 *
 * Tokens are signed with {@link #SECRET}, so a test forges variants of genuine tokens ({@link
 * #forge}). Not thread-safe.
 */
final class PluginSite implements AutoCloseable {
  static final String SECRET = "plugin-port-secret-0123456789-abcdefghijklmnop";

  private static final AtomicLong IDS = new AtomicLong(100);

  final Container container;
  final Databases.Db db;
  final Databases.Db dirDb;
  final Deployment plain;
  final Deployment directory;
  final Api api;
  final Api dirApi;

  private PluginSite(Container.Kind kind, String name) {
    Databases.Db d = null;
    Databases.Db dd = null;
    Container c = null;
    try {
      d = Databases.h2(name);
      dd = Databases.h2(name + "-directory");
      sql(
          dd,
          "CREATE TABLE app_users (id BIGINT PRIMARY KEY, login VARCHAR(255), email VARCHAR(255),"
              + " disabled BOOLEAN)",
          "CREATE TABLE app_roles (login VARCHAR(255), role VARCHAR(50))",
          "INSERT INTO app_users VALUES (1, 'admin', 'admin@example.org', FALSE),"
              + " (2, 'alice', 'alice@example.org', FALSE), (3, 'bob', 'bob@example.org', FALSE)",
          "INSERT INTO app_roles VALUES ('admin', 'administrator'), ('admin', 'user'),"
              + " ('alice', 'user'), ('bob', 'user')");
      c = kind.start();
      plain = c.deploy(webapp("plugin", d)).requireStarted();
      directory =
          c.deploy(
                  webapp("plugin-dir", dd)
                      .param("jwt-auth.status-cache-ttl", "0")
                      .param(
                          "jwt-auth.user-sql",
                          "SELECT id, login, email, disabled FROM app_users WHERE login = ?")
                      .param("jwt-auth.roles-sql", "SELECT role FROM app_roles WHERE login = ?"))
              .requireStarted();
    } catch (RuntimeException | Error e) {
      for (AutoCloseable a : new AutoCloseable[] {c, d, dd}) {
        try {
          if (a != null) {
            a.close();
          }
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    container = c;
    db = d;
    dirDb = dd;
    api = new Api(plain);
    dirApi = new Api(directory);
  }

  static PluginSite start(Container.Kind kind, String name) {
    return new PluginSite(kind, name);
  }

  private static TestWebapp webapp(String name, Databases.Db db) {
    return TestWebapp.named(name)
        .param("jwt-auth.secret", SECRET)
        .param("jwt-auth.schema-create", "true")
        .param("jwt-auth.token-required", "/api/hello")
        .params(db.jdbcParams())
        .lenientAttemptLimits();
  }

  @Override
  public void close() {
    try {
      container.close();
    } finally {
      db.close();
      dirDb.close();
    }
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A key-pair of user, created by user over BASIC, and its tokens, on the plain deployment. */
  Api.Tokens tokens(String user) {
    return api.tokens(api.createKeyPair(user, unique("port")));
  }

  /**
   * Adds a user to the directory (not to the container's realm) with a fresh id.
   *
   * @return the id
   */
  long addDirectoryUser(String login, String email, String... roles) {
    long id = IDS.incrementAndGet();
    update(dirDb, "INSERT INTO app_users VALUES (?, ?, ?, FALSE)", id, login, email);
    for (String r : roles) {
      update(dirDb, "INSERT INTO app_roles VALUES (?, ?)", login, r);
    }
    return id;
  }

  /**
   * An administrator's key-pair for a user of the directory deployment, and its tokens (the user
   * need not be a container login: issue 16 item 2).
   */
  Api.Tokens directoryTokens(String login) {
    Http.Res r =
        dirApi
            .api("/key-pair?user=" + Http.enc(login))
            .basic("admin", Container.PASSWORD)
            .form("name", unique("port"))
            .post();
    if (r.status() != 201) {
      throw new AssertionError("provisioning " + login + ": " + r);
    }
    return dirApi.tokens(
        new Api.KeyPair(
            login, r.json().getString("api_key"), r.json().getString("api_secret"), r.json()));
  }

  /** The genuine token re-signed with the deployments' secret after its payload is changed. */
  static String forge(String genuine, UnaryOperator<JsonObjectBuilder> payloadChange) {
    return Jwts.hmac(
        Jwts.header(genuine), Forgery.with(Jwts.payload(genuine), payloadChange), SECRET);
  }

  /** As {@link #forge}, changing {@code data.user}. */
  static String forgeUser(String genuine, UnaryOperator<JsonObjectBuilder> userChange) {
    JsonObject payload = Forgery.withUser(Jwts.payload(genuine), userChange);
    return Jwts.hmac(Jwts.header(genuine), payload, SECRET);
  }

  /** The roles recorded on a key-pair (comma-separated, as stored), from the plain deployment. */
  String recordedRoles(String apiKey) {
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT roles FROM jwt_auth_key_pair WHERE api_key = ?")) {
      ps.setString(1, apiKey);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new AssertionError("no key-pair " + apiKey);
        }
        String roles = rs.getString(1);
        return roles == null ? "" : roles;
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  static void sql(Databases.Db db, String... statements) {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String q : statements) {
        s.execute(q);
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  static void update(Databases.Db db, String sql, Object... params) {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }
}
