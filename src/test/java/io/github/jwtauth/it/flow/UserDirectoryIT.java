package io.github.jwtauth.it.flow;

import static io.github.jwtauth.testsupport.Expect.endpointError;
import static io.github.jwtauth.testsupport.Expect.invalidToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.Deployment;
import io.github.jwtauth.testsupport.Expect;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.RoleGateServlet;
import io.github.jwtauth.testsupport.TestWebapp;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * jwt-auth pointed at the application's own users tables ({@code jwt-auth.user-sql}, {@code
 * jwt-auth.roles-sql}): ids, e-mails and roles come from there, and a user who is disabled or
 * deleted there can no longer use, refresh or obtain tokens. Status staleness 0, so changes apply
 * to the next request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserDirectoryIT {
  /** The status staleness of {@link #bounded}: the revocation bound its tests measure. */
  static final long BOUND_SECONDS = 2;

  Databases.Db db;
  Container container;
  Api api;

  /** The same directory and database with {@code status-cache-ttl} {@value #BOUND_SECONDS}s. */
  Api bounded;

  TestWebapp webapp(String name, String statusCacheTtl) {
    return TestWebapp.named(name)
        .param("jwt-auth.secret", "user-directory-secret-0123456789-abcdefghij")
        .param("jwt-auth.schema-create", "true")
        .param("jwt-auth.status-cache-ttl", statusCacheTtl)
        .param(
            "jwt-auth.user-sql", "SELECT id, login, email, disabled FROM app_users WHERE login = ?")
        .param("jwt-auth.roles-sql", "SELECT role FROM app_roles WHERE login = ?")
        .webXml(RoleGateServlet.WEB_XML)
        .params(db.jdbcParams());
  }

  @BeforeAll
  void start() throws SQLException {
    db = Databases.h2("UserDirectoryIT");
    container = Container.Kind.JETTY.start();
    Deployment d = container.deploy(webapp("users", "0")).requireStarted();
    api = new Api(d);
    bounded = new Api(container.deploy(webapp("bounded", BOUND_SECONDS + "s")).requireStarted());
  }

  @BeforeEach
  void users() throws SQLException {
    sql(
        "DROP TABLE IF EXISTS app_users",
        "DROP TABLE IF EXISTS app_roles",
        "CREATE TABLE app_users (id BIGINT PRIMARY KEY, login VARCHAR(50), email VARCHAR(100), disabled BOOLEAN)",
        "CREATE TABLE app_roles (login VARCHAR(50), role VARCHAR(50))",
        "INSERT INTO app_users VALUES (1, 'admin', 'admin@example.org', FALSE), (2, 'alice', 'alice@example.org', FALSE)",
        "INSERT INTO app_roles VALUES ('admin', 'administrator'), ('admin', 'user'), ('alice', 'user')");
  }

  @AfterAll
  void stop() throws Exception {
    try {
      container.close();
    } finally {
      db.close();
    }
  }

  void sql(String... statements) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String q : statements) {
        s.execute(q);
      }
    }
  }

  @Test
  void whenUserInDirectoryThenTokenCarriesItsIdEmailAndRoles() throws SQLException {
    Api.KeyPair kp = api.createKeyPair("admin", "directory");
    Api.Tokens t = api.tokens(kp);
    JsonObject user = t.body().getJsonObject("data").getJsonObject("user");
    assertEquals(1, user.getJsonNumber("id").longValue());
    assertEquals("admin@example.org", user.getString("user_email"));
    Expect.me(api.me(t.access()), "admin", "Bearer", true);
    sql("DELETE FROM app_roles WHERE login = 'admin' AND role = 'administrator'");
    Expect.me(api.me(t.access()), "admin", "Bearer", false); // roles come from roles-sql, live
  }

  @Test
  void whenUserDisabledThenAccessRefreshAndExchangeRefused() throws SQLException {
    Api.KeyPair kp = api.createKeyPair("alice", "to be disabled");
    Api.Tokens t = api.tokens(kp);
    Expect.me(api.me(t.access()), "alice", "Bearer", false);
    sql("UPDATE app_users SET disabled = TRUE WHERE login = 'alice'");
    invalidToken(api.me(t.access()), "rest_authentication_invalid_token_user");
    endpointError(api.refresh(t.refresh()), 403, "rest_authentication_invalid_refresh_token");
    endpointError(
        api.token(kp.apiKey(), kp.apiSecret()), 403, "rest_authentication_invalid_token_user");
    sql("UPDATE app_users SET disabled = FALSE WHERE login = 'alice'");
    Expect.me(api.me(t.access()), "alice", "Bearer", false);
  }

  /**
   * Signed out everywhere by the directory: every key-pair and every refresh chain of a disabled
   * user stops. Exchanges and refreshes read the directory, so they stop at once; access tokens
   * stop when their cached status renews, within {@code status-cache-ttl}.
   */
  @Test
  void whenUserDisabledThenEveryKeyPairAndChainIsSignedOutWithinTheRevocationBound()
      throws Exception {
    List<Api.KeyPair> pairs =
        List.of(bounded.createKeyPair("alice", "laptop"), bounded.createKeyPair("alice", "ci"));
    List<Api.Tokens> tokens = pairs.stream().map(bounded::tokens).toList();
    for (Api.Tokens t : tokens) {
      Expect.me(bounded.me(t.access()), "alice", "Bearer", false); // statuses now cached
    }
    sql("UPDATE app_users SET disabled = TRUE WHERE login = 'alice'");
    long disabledAt = System.nanoTime();
    for (int i = 0; i < pairs.size(); i++) {
      endpointError(
          bounded.refresh(tokens.get(i).refresh()),
          403,
          "rest_authentication_invalid_refresh_token");
      endpointError(
          bounded.token(pairs.get(i).apiKey(), pairs.get(i).apiSecret()),
          403,
          "rest_authentication_invalid_token_user");
    }
    for (Api.Tokens t : tokens) {
      Http.Res r;
      while ((r = bounded.me(t.access())).status() == 200) {
        assertTrue(
            System.nanoTime() - disabledAt < TimeUnit.SECONDS.toNanos(BOUND_SECONDS + 1),
            "still accepted past the revocation bound");
        Thread.sleep(50);
      }
      invalidToken(r, "rest_authentication_invalid_token_user");
    }
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - disabledAt);
    assertTrue(tookMillis <= (BOUND_SECONDS + 1) * 1000, () -> "took " + tookMillis + " ms");
  }

  /**
   * With a directory, a restricted key-pair carries the intersection of the directory's current
   * roles and its restriction: a role lost in the directory is lost on the key-pair, a role gained
   * there is not gained by the key-pair.
   */
  @Test
  void whenRestrictedKeyPairThenItsRolesAreTheDirectorysCurrentOnesWithinTheRestriction()
      throws SQLException {
    Http.Res created =
        api.api("/key-pair")
            .basic("admin", Container.PASSWORD)
            .multipart("name", "admin only", "roles", "administrator")
            .post();
    assertEquals(201, created.status(), created::toString);
    JsonObject b = created.json();
    String token =
        api.tokens(new Api.KeyPair("admin", b.getString("api_key"), b.getString("api_secret"), b))
            .access();
    assertEquals(200, api.app("/api/role/administrator").bearer(token).get().status());
    assertEquals(403, api.app("/api/role/user").bearer(token).get().status());
    sql("INSERT INTO app_roles VALUES ('admin', 'editor')");
    assertEquals(403, api.app("/api/role/editor").bearer(token).get().status());
    sql("DELETE FROM app_roles WHERE login = 'admin' AND role = 'administrator'");
    assertEquals(403, api.app("/api/role/administrator").bearer(token).get().status());
    Expect.me(api.me(token), "admin", "Bearer", false);
  }

  @Test
  void whenRestrictedToARoleTheDirectoryDoesNotGiveThen400() {
    endpointError(
        api.api("/key-pair")
            .basic("alice", Container.PASSWORD)
            .multipart("name", "escalate", "roles", "administrator")
            .post(),
        400,
        "rest_authentication_invalid_key_pair_role");
  }

  @Test
  void whenUserDeletedThenTokensRefused() throws SQLException {
    Api.KeyPair kp = api.createKeyPair("alice", "to be deleted");
    Api.Tokens t = api.tokens(kp);
    sql("DELETE FROM app_users WHERE login = 'alice'");
    // the plugin's code for a token whose user no longer exists
    invalidToken(api.me(t.access()), "rest_authentication_invalid_token_wp_user");
    endpointError(api.refresh(t.refresh()), 403, "rest_authentication_invalid_refresh_token");
  }

  @Test
  void whenUserEmailChangedThenAccessTokenRefusedAndRefreshGivesOneWithTheNewEmail()
      throws SQLException {
    Api.KeyPair kp = api.createKeyPair("alice", "email changes");
    Api.Tokens t = api.tokens(kp);
    sql("UPDATE app_users SET email = 'alice@example.com' WHERE login = 'alice'");
    invalidToken(api.me(t.access()), "rest_authentication_invalid_token_user_email");
    Http.Res r = api.refresh(t.refresh());
    assertEquals(200, r.status(), r::toString);
    JsonObject user = r.json().getJsonObject("data").getJsonObject("user");
    assertEquals("alice@example.com", user.getString("user_email"));
    Expect.me(api.me(r.json().getString("access_token")), "alice", "Bearer", false);
  }

  @Test
  void whenLoginNowNamesAnotherUserThenInvalidTokenWpUser() throws SQLException {
    Api.KeyPair kp = api.createKeyPair("alice", "login reused");
    Api.Tokens t = api.tokens(kp);
    sql(
        "DELETE FROM app_users WHERE login = 'alice'",
        "INSERT INTO app_users VALUES (3, 'alice', 'alice@example.org', FALSE)");
    invalidToken(api.me(t.access()), "rest_authentication_invalid_token_wp_user");
  }

  @Test
  void whenAdministratorNamesAUserOutsideTheDirectoryThen404() {
    Http.Res r = api.api("/key-pair?user=nobody").basic("admin", Container.PASSWORD).get();
    endpointError(r, 404, "rest_authentication_invalid_user_error");
    api.list("admin", "alice"); // a directory user without key-pairs is known: 200
  }
}
