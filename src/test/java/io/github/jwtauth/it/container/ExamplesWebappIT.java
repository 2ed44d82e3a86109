package io.github.jwtauth.it.container;

import static io.github.jwtauth.it.container.ContainerModeWebapp.CONTAINER_MODE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.Browser;
import io.github.jwtauth.testsupport.Expect;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.ProfileFixture;
import io.github.jwtauth.testsupport.TomcatDistribution;
import io.github.jwtauth.testsupport.TomcatDistribution.Line;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A second third-party application, with a FORM login: Tomcat's own {@code examples} webapp from
 * the Tomcat 10.1 and 11 distributions (metadata-complete web.xml; {@code
 * /jsp/security/protected/*} constrained to roles {@code tomcat} and {@code role1}; FORM login with
 * its own JSP login and error pages), with the library jar and the operator's JDBC driver in its
 * {@code WEB-INF/lib} and only jwt-auth's context-params added, started by {@code bin/catalina.sh
 * run}. In container mode the module serves the app's FORM login (login page, {@code
 * j_security_check}, the saved request, the session, the error page, the app's own log-off), a FORM
 * user creates a key-pair through the profile page, and Bearer tokens pass the same constraint,
 * with {@code isUserInRole} answered as for the FORM user.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Line.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExamplesWebappIT {
  static final String MEMBER = "formuser";
  static final String OUTSIDER = "outsider";
  static final String PASSWORD = "examples-it-password";
  static final String PROTECTED = "/jsp/security/protected/index.jsp";
  static final String LOGIN_FORM = "<title>Login Page for Examples</title>";
  static final String ERROR_PAGE = "Invalid user name and/or password";

  @Parameter Line line;
  TomcatDistribution tomcat;
  URI examples;
  String memberToken;

  @RegisterExtension
  final TestWatcher printCatalinaOutputOnFailure =
      TomcatDistribution.printOutputOnFailure(() -> tomcat);

  @BeforeParameterizedClassInvocation
  void start() throws IOException {
    tomcat =
        TomcatDistribution.freshCopy(line, "examples-webapp-it", "examples")
            .user(MEMBER, PASSWORD, "tomcat")
            .user(OUTSIDER, PASSWORD, "nobody");
    Path app = tomcat.installJwtAuth("examples", ManagerWebappIT.h2Jar());
    addToWebXml(app.resolve("WEB-INF/web.xml"));
    tomcat.start();
    examples = URI.create(tomcat.baseUri() + "/examples");
    try {
      memberToken = token(MEMBER);
    } catch (AssertionError | RuntimeException e) {
      System.err.println("catalina.sh output:\n" + tomcat.output());
      throw e;
    }
  }

  @AfterParameterizedClassInvocation
  void stop() {
    if (tomcat != null) {
      tomcat.close();
    }
  }

  /** README "Installing in your app", step 2, with the examples' roles as role candidates. */
  static void addToWebXml(Path webXml) throws IOException {
    String xml = Files.readString(webXml, StandardCharsets.UTF_8);
    assertTrue(xml.contains("metadata-complete=\"true\""), "the examples' web.xml changed");
    assertTrue(xml.contains("<auth-method>FORM</auth-method>"), "the examples' web.xml changed");
    String anchor = "<request-character-encoding>UTF-8</request-character-encoding>";
    assertTrue(xml.contains(anchor), "the examples' web.xml changed");
    String added =
        ManagerWebappIT.param("jwt-auth.secret", ContainerModeWebapp.SECRET)
            + ManagerWebappIT.param("jwt-auth.jdbc-url", "jdbc:h2:mem:jwtauth;DB_CLOSE_DELAY=-1")
            + ManagerWebappIT.param("jwt-auth.schema-create", "true")
            + ManagerWebappIT.param("jwt-auth.role-candidates", "tomcat,role1");
    Files.writeString(webXml, xml.replace(anchor, anchor + "\n" + added), StandardCharsets.UTF_8);
  }

  Http.Req app(String path) {
    return Http.to(examples, path);
  }

  String origin() {
    String b = examples.toString();
    return b.substring(0, b.indexOf('/', "http://".length()));
  }

  /**
   * The app's FORM login as a browser goes through it: the constrained page answers the login form,
   * the form posts to {@code j_security_check}, which redirects to the saved request.
   */
  Http.Res login(Browser b, String user, String password) {
    Http.Res page = b.get(app(PROTECTED));
    assertEquals(200, page.status(), page::toString);
    assertTrue(page.body().contains(LOGIN_FORM), page::toString);
    assertTrue(page.body().contains("j_security_check"), page::toString);
    return b.post(
        app("/jsp/security/protected/j_security_check")
            .form("j_username", user, "j_password", password));
  }

  /** A key-pair made over the FORM session through the profile page (CSRF token, Origin). */
  JsonObject createKeyPair(Browser b) {
    Http.Res page = b.get(app("/jwt-auth/v1/profile"));
    assertEquals(200, page.status(), page::toString);
    String csrf = ProfileFixture.config(page).getString("csrf");
    Http.Res created =
        b.post(
            app("/jwt-auth/v1/key-pair")
                .header("Origin", origin())
                .header("X-CSRF-Token", csrf)
                .form("name", "examples-it " + UUID.randomUUID()));
    assertEquals(201, created.status(), created::toString);
    return created.json();
  }

  String token(String user) {
    Browser b = new Browser();
    Http.Res sent = login(b, user, PASSWORD);
    assertEquals(303, sent.status(), sent::toString);
    JsonObject kp = createKeyPair(b);
    Http.Res r =
        app("/jwt-auth/v1/token")
            .form("api_key", kp.getString("api_key"), "api_secret", kp.getString("api_secret"))
            .post();
    assertEquals(200, r.status(), r::toString);
    return r.json().getString("access_token");
  }

  @Test
  void whenStartedThenContainerModeForTheFormLogin() {
    assertTrue(tomcat.output().contains("Apache Tomcat/" + line.version()), tomcat::output);
    assertTrue(tomcat.output().contains(CONTAINER_MODE), tomcat::output);
  }

  @Test
  void whenFormLoginThenTheSavedRequestAnswersAsTheUserInANewSession() {
    Browser b = new Browser();
    Http.Res page = b.get(app(PROTECTED + "?role=tomcat"));
    assertEquals(200, page.status(), page::toString);
    assertTrue(page.body().contains(LOGIN_FORM), page::toString);
    String before = b.cookie();
    assertNotNull(before, () -> "no session cookie: " + page);

    Http.Res sent =
        b.post(
            app("/jsp/security/protected/j_security_check")
                .form("j_username", MEMBER, "j_password", PASSWORD));
    assertEquals(303, sent.status(), sent::toString);
    assertEquals("/examples" + PROTECTED + "?role=tomcat", sent.header("Location"));
    assertNotEquals(before, b.cookie(), "a new session id at login");

    Http.Res saved = b.get(app(PROTECTED + "?role=tomcat"));
    assertEquals(200, saved.status(), saved::toString);
    assertTrue(saved.body().contains("remote user\n<b>" + MEMBER + "</b>"), saved::toString);
    assertTrue(saved.body().contains("granted role\n      <b>tomcat</b>"), saved::toString);
    // the session remembers the user
    Http.Res again = b.get(app(PROTECTED + "?role=role1"));
    assertEquals(200, again.status(), again::toString);
    assertTrue(again.body().contains("<i>not</i> been granted role"), again::toString);
  }

  /**
   * As Tomcat's FormAuthenticator: a POST that needed the login is replayed after it, with its body
   * (the protected page reads {@code role} from it).
   */
  @Test
  void whenAnonymousPostThenAfterTheLoginThePostIsReplayedWithItsBody() {
    Browser b = new Browser();
    Http.Res page = b.post(app(PROTECTED).form("role", "tomcat"));
    assertEquals(200, page.status(), page::toString);
    assertTrue(page.body().contains(LOGIN_FORM), page::toString);
    Http.Res sent =
        b.post(
            app("/jsp/security/protected/j_security_check")
                .form("j_username", MEMBER, "j_password", PASSWORD));
    assertEquals(303, sent.status(), sent::toString);
    assertEquals("/examples" + PROTECTED, sent.header("Location"));
    Http.Res replayed = b.get(app(PROTECTED));
    assertEquals(200, replayed.status(), replayed::toString);
    assertTrue(replayed.body().contains("granted role\n      <b>tomcat</b>"), replayed::toString);
    // once only: the next GET is a GET
    Http.Res next = b.get(app(PROTECTED));
    assertFalse(next.body().contains("granted role"), next::toString);
  }

  @Test
  void whenAnonymousPostBodyOverTheSaveLimitThen403AndNoLoginPage() {
    Http.Res r = app(PROTECTED).form("role", "x".repeat(5000)).post();
    assertEquals(403, r.status(), r::toString);
    assertFalse(r.body().contains(LOGIN_FORM), r::toString);
  }

  @Test
  void whenWrongPasswordThenTheAppsErrorPage() {
    Http.Res sent = login(new Browser(), MEMBER, "wrong");
    assertEquals(200, sent.status(), sent::toString);
    assertTrue(sent.body().contains(ERROR_PAGE), sent::toString);
  }

  @Test
  void whenTheAppLogsOffThenTheNextRequestGetsTheLoginFormAgain() {
    Browser b = new Browser();
    assertEquals(303, login(b, MEMBER, PASSWORD).status());
    assertEquals(200, b.get(app(PROTECTED)).status());
    Http.Res off = b.get(app(PROTECTED + "?logoff=true"));
    assertEquals(302, off.status(), off::toString);
    Http.Res after = b.get(app(PROTECTED));
    assertEquals(200, after.status(), after::toString);
    assertTrue(after.body().contains(LOGIN_FORM), after::toString);
  }

  @Test
  void whenBearerTokenOfAMemberThenTheConstrainedPageAnswersAsTheUser() {
    Http.Res r = app(PROTECTED + "?role=tomcat").bearer(memberToken).get();
    assertEquals(200, r.status(), r::toString);
    assertTrue(r.body().contains("remote user\n<b>" + MEMBER + "</b>"), r::toString);
    assertTrue(r.body().contains("principal name is\n    <b>" + MEMBER + "</b>"), r::toString);
    assertTrue(r.body().contains("granted role\n      <b>tomcat</b>"), r::toString);
    Http.Res other = app(PROTECTED + "?role=role1").bearer(memberToken).get();
    assertTrue(other.body().contains("<i>not</i> been granted role"), other::toString);
  }

  @Test
  void whenBearerTokenOfAUserWithoutTheRoleThen403() {
    Http.Res r = app(PROTECTED).bearer(token(OUTSIDER)).get();
    assertEquals(403, r.status(), r::toString);
  }

  @Test
  void whenInvalidTokenThen401BearerChallengeNotTheLoginForm() {
    Expect.invalidToken(app(PROTECTED).bearer("garbage").get(), "rest_authentication_token_error");
  }
}
