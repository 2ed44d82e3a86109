package io.github.jwtauth.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deployment the profile-page tests share: a container (Jetty 12 unless said), H2 through
 * {@code jwt-auth.jdbc-url}, and a user directory ({@code jwt-auth.user-sql}) holding the
 * container's demo users plus users whose logins are HTML/script injections, so an administrator
 * can open their pages ({@code ?user=}). Not thread-safe.
 */
public final class ProfileFixture implements AutoCloseable {
  public static final String SECRET = "profile-test-secret-0123456789-abcdefghijklmnopqr";

  /** A login that is a script element. */
  public static final String EVIL_USER = "<script>alert(1)</script>";

  /** A login that tries to break out of the page's JSON data block. */
  public static final String EVIL_USER_BREAKOUT = "</script><script>alert(2)</script><!--";

  private static final Pattern CONFIG =
      Pattern.compile(
          "<script type=\"application/json\" id=\"jwt-auth-config\">(.*?)</script>",
          Pattern.DOTALL);

  public final Databases.Db db;
  public final Container container;
  public final Deployment app;
  public final Api api;

  private ProfileFixture(Databases.Db db, Container container, Deployment app) {
    this.db = db;
    this.container = container;
    this.app = app;
    this.api = new Api(app);
  }

  public static ProfileFixture start(String name, Container.Kind kind) {
    Databases.Db db = Databases.h2(name);
    Container container = null;
    try {
      createUsers(db);
      container = kind.start();
      Deployment app =
          container
              .deploy(
                  TestWebapp.named(name)
                      .param("jwt-auth.secret", SECRET)
                      .param("jwt-auth.schema-create", "true")
                      .param(
                          "jwt-auth.user-sql",
                          "SELECT id, login, email, disabled FROM profile_users WHERE login = ?")
                      .params(db.jdbcParams())
                      .lenientAttemptLimits())
              .requireStarted();
      return new ProfileFixture(db, container, app);
    } catch (RuntimeException | Error e) {
      if (container != null) {
        container.close();
      }
      db.close();
      throw e;
    }
  }

  private static void createUsers(Databases.Db db) {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE profile_users (id INT PRIMARY KEY, login VARCHAR(255) NOT NULL UNIQUE,"
              + " email VARCHAR(255), disabled BOOLEAN NOT NULL)");
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO profile_users VALUES (?, ?, ?, FALSE)")) {
        int id = 1;
        for (String login : List.of("admin", "alice", "bob", EVIL_USER, EVIL_USER_BREAKOUT)) {
          ps.setInt(1, id++);
          ps.setString(2, login);
          ps.setString(3, "user" + id + "@example.org");
          ps.executeUpdate();
        }
      }
    } catch (SQLException e) {
      throw new AssertionError("creating the user table: " + e, e);
    }
  }

  /** {@code GET /profile[?user=of]} with BASIC credentials of user. */
  public Http.Res page(String user, String of) {
    return api.api("/profile" + (of == null ? "" : "?user=" + Http.enc(of)))
        .basic(user, Container.PASSWORD)
        .get();
  }

  /** The JSON of the page's {@code <script type="application/json">} block. */
  public static JsonObject config(Http.Res page) {
    Matcher m = CONFIG.matcher(page.body());
    assertTrue(m.find(), () -> "no config block in " + page);
    return Json.object(m.group(1));
  }

  /**
   * A browser session on the page: its cookie, kept up to date like a browser does (Tomcat gives
   * the session a new id on the first authenticated request in it), and its CSRF token.
   */
  public static final class Session {
    private String cookie;
    private final String csrf;

    Session(String cookie, String csrf) {
      this.cookie = cookie;
      this.csrf = csrf;
    }

    public String cookie() {
      return cookie;
    }

    public String csrf() {
      return csrf;
    }

    /** Sends req with the session cookie and takes a new session id from the answer. */
    public Http.Res send(Http.Req req, String method) {
      Http.Res r = req.header("Cookie", cookie).send(method);
      String renewed = sessionCookie(r);
      if (renewed != null) {
        cookie = renewed;
      }
      return r;
    }
  }

  public static String sessionCookie(Http.Res r) {
    for (String h : r.headers("Set-Cookie")) {
      if (h.startsWith("JSESSIONID=")) {
        return h.substring(0, h.indexOf(';') > 0 ? h.indexOf(';') : h.length());
      }
    }
    return null;
  }

  /**
   * Opens the page as user, then makes the call the page makes when it loads ({@code GET
   * /key-pair}), and returns the session cookie and the CSRF token the page embeds.
   */
  public Session session(String user) {
    Http.Res r = page(user, null);
    assertEquals(200, r.status(), r::toString);
    String cookie = sessionCookie(r);
    assertNotNull(cookie, () -> "no session cookie: " + r);
    Session s = new Session(cookie, config(r).getString("csrf"));
    Http.Res list = s.send(api.api("/key-pair").basic(user, Container.PASSWORD), "GET");
    assertEquals(200, list.status(), list::toString);
    return s;
  }

  /** The origin of the deployment, as a browser sends it. */
  public String origin() {
    String b = app.baseUri().toString();
    return b.substring(0, b.indexOf('/', "http://".length()));
  }

  @Override
  public void close() {
    try {
      container.close();
    } finally {
      db.close();
    }
  }
}
