package io.github.jwtauth.it.container;

import static io.github.jwtauth.it.container.ContainerModeWebapp.CONTAINER_MODE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.Expect;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.TomcatDistribution;
import io.github.jwtauth.testsupport.TomcatDistribution.Line;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A third-party application, installed the way README tells a user: Tomcat's own Manager webapp
 * (metadata-complete web.xml, BASIC login-config, {@code /text/*} constrained to role {@code
 * manager-script}) from the Tomcat distribution, with the library jar in its {@code WEB-INF/lib},
 * only the {@code jwt-auth.*} context-params added to its web.xml, and Tomcat started by {@code
 * bin/catalina.sh run} as a separate process, once from the Tomcat 10.1 and once from the Tomcat 11
 * distribution. The container then takes the Manager's constraints with Bearer tokens, its BASIC
 * login and access log keep working, and Tomcat stops without a SEVERE line or an exception.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Line.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagerWebappIT {
  static final String SCRIPT_USER = "scripter";
  static final String GUI_USER = "viewer";
  static final String PASSWORD = "manager-it-password";
  static final String REALM = "Tomcat Manager Application";
  static final Pattern BASIC_CHALLENGE =
      Pattern.compile(
          "Basic realm=\"" + Pattern.quote(REALM) + "\"(, charset=\"?UTF-8\"?)?",
          Pattern.CASE_INSENSITIVE);
  static final String LISTED = "OK - Listed applications";

  /** A SEVERE line of catalina's output, an exception's name, or a stack trace's line. */
  static final Pattern TROUBLE =
      Pattern.compile(" SEVERE \\[|Exception|Throwable|^\\s+at |^Caused by");

  /** Tomcat's leak prevention, about a driver in WEB-INF/lib that DriverManager registered. */
  static final String DRIVER_UNREGISTERED =
      "registered the JDBC driver [org.h2.Driver] but failed to unregister it";

  @Parameter Line line;
  TomcatDistribution tomcat;
  URI manager;
  String scriptToken;
  String guiToken;

  @RegisterExtension
  final TestWatcher printCatalinaOutputOnFailure =
      TomcatDistribution.printOutputOnFailure(() -> tomcat);

  @BeforeParameterizedClassInvocation
  void start() throws IOException {
    tomcat =
        TomcatDistribution.freshCopy(line, "manager-webapp-it", "manager")
            .user(SCRIPT_USER, PASSWORD, "manager-script")
            .user(GUI_USER, PASSWORD, "manager-gui");
    Path app = tomcat.installJwtAuth("manager", h2Jar()); // with the operator's JDBC driver
    addToWebXml(app.resolve("WEB-INF/web.xml"));
    tomcat.start();
    manager = URI.create(tomcat.baseUri() + "/manager");
    try {
      scriptToken = token(SCRIPT_USER);
      guiToken = token(GUI_USER);
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

  /**
   * README "Installing in your app", step 2 (context-params, with {@code jwt-auth.jdbc-url} and the
   * driver jar instead of JNDI) and {@code jwt-auth.role-candidates} naming the Manager's roles;
   * nothing else: the Manager's web.xml is metadata-complete, so Tomcat ignores the jar's
   * web-fragment, and the jar's initializer declares the filter and the servlet instead.
   */
  static void addToWebXml(Path webXml) throws IOException {
    String xml = Files.readString(webXml, StandardCharsets.UTF_8);
    assertTrue(xml.contains("metadata-complete=\"true\""), "the Manager's web.xml changed");
    String anchor = "<request-character-encoding>UTF-8</request-character-encoding>";
    assertTrue(xml.contains(anchor), "the Manager's web.xml changed");
    String added =
        param("jwt-auth.secret", ContainerModeWebapp.SECRET)
            + param("jwt-auth.jdbc-url", "jdbc:h2:mem:jwtauth;DB_CLOSE_DELAY=-1")
            + param("jwt-auth.schema-create", "true")
            + param(
                "jwt-auth.role-candidates",
                "manager-gui,manager-script,manager-jmx,manager-status");
    Files.writeString(webXml, xml.replace(anchor, anchor + "\n" + added), StandardCharsets.UTF_8);
  }

  static String param(String name, String value) {
    return "<context-param><param-name>"
        + name
        + "</param-name><param-value>"
        + value
        + "</param-value></context-param>\n";
  }

  static Path h2Jar() {
    try {
      return Path.of(
          org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  Http.Req api(String path) {
    return Http.to(manager, "/jwt-auth/v1" + path);
  }

  Http.Req text(String command) {
    return Http.to(manager, "/text/" + command);
  }

  /** A key-pair created over BASIC (an unconstrained URL of the Manager). */
  JsonObject createKeyPair(String user) {
    Http.Res r =
        api("/key-pair")
            .basic(user, PASSWORD)
            .multipart("name", "manager-it " + UUID.randomUUID())
            .post();
    assertEquals(201, r.status(), r::toString);
    return r.json();
  }

  String token(JsonObject keyPair) {
    Http.Res r =
        api("/token")
            .multipart(
                "api_key", keyPair.getString("api_key"),
                "api_secret", keyPair.getString("api_secret"))
            .post();
    assertEquals(200, r.status(), r::toString);
    return r.json().getString("access_token");
  }

  String token(String user) {
    return token(createKeyPair(user));
  }

  @Test
  void whenStartedThenTheLogSaysContainerMode() {
    assertTrue(tomcat.output().contains("Apache Tomcat/" + line.version()), tomcat::output);
    assertTrue(tomcat.output().contains(CONTAINER_MODE), tomcat::output);
    assertTrue(
        tomcat
            .output()
            .contains(
                "jwt-auth: declared JwtAuthFilter on /* and JwtAuthTokenServlet on /jwt-auth/v1/*"),
        tomcat::output);
  }

  @Test
  void whenManagerScriptTokenThenTextListAnswersOk() {
    Http.Res r = text("list").bearer(scriptToken).get();
    assertEquals(200, r.status(), r::toString);
    assertTrue(r.body().startsWith(LISTED), r::toString);
  }

  @Test
  void whenTokenOfAUserWithoutManagerScriptThen403() {
    Http.Res r = text("list").bearer(guiToken).get();
    assertEquals(403, r.status(), r::toString);
  }

  @Test
  void whenManagerGuiTokenThenTheHtmlInterfaceOpens() {
    Http.Res r = Http.to(manager, "/html/list").bearer(guiToken).get();
    assertEquals(200, r.status(), r::toString);
    assertTrue(r.body().contains("Tomcat Web Application Manager"), r::toString);
  }

  @Test
  void whenInvalidTokenThen401BearerChallenge() {
    Expect.invalidToken(text("list").bearer("garbage").get(), "rest_authentication_token_error");
  }

  @Test
  void whenKeyPairRevokedThenItsTokenIs401Revoked() {
    JsonObject kp = createKeyPair(SCRIPT_USER);
    String t = token(kp);
    assertEquals(200, text("list").bearer(t).get().status());
    Http.Res del =
        api("/key-pair/" + kp.getString("api_key")).basic(SCRIPT_USER, PASSWORD).delete();
    assertEquals(200, del.status(), del::toString);
    Expect.invalidToken(text("list").bearer(t).get(), "rest_authentication_revoked_api_key");
  }

  @Test
  void whenBasicThenTheManagersOwnLoginStillWorks() {
    Http.Res r = text("list").basic(SCRIPT_USER, PASSWORD).get();
    assertEquals(200, r.status(), r::toString);
    assertTrue(r.body().startsWith(LISTED), r::toString);
    assertEquals(403, text("list").basic(GUI_USER, PASSWORD).get().status());
  }

  @Test
  void whenAnonymousThen401BasicChallenge() {
    for (String path : List.of("/text/list", "/html/list", "/status")) {
      Http.Res r = Http.to(manager, path).get();
      assertEquals(401, r.status(), r::toString);
      String h = r.header("WWW-Authenticate");
      assertTrue(h != null && BASIC_CHALLENGE.matcher(h).matches(), r::toString);
    }
  }

  @Test
  void whenBearerRequestThenTheAccessLogNamesTheTokensUser() throws InterruptedException {
    String marker = "via=" + UUID.randomUUID();
    assertEquals(200, text("list?" + marker).bearer(scriptToken).get().status());
    String request = "\"GET /manager/text/list?" + marker + " HTTP/1.1\" 200 ";
    String line = null;
    for (int i = 0; i < 100 && line == null; i++) { // the valve logs after the response is sent
      line = tomcat.accessLog().stream().filter(l -> l.contains(request)).findFirst().orElse(null);
      if (line == null) {
        Thread.sleep(100);
      }
    }
    assertTrue(
        line != null, () -> "no access log line for " + request + ":\n" + tomcat.accessLog());
    // pattern "%h %l %u %t ..."
    assertEquals(SCRIPT_USER, line.split(" ")[2], line);
  }

  /**
   * SIGTERM runs Tomcat's shutdown hook, which stops the Manager as {@code catalina.sh stop} would
   * (there is no shutdown port): jwt-auth's listener removes the module's registration by its id,
   * since Tomcat 10.1's {@code removeServerAuthModule(context)} throws after removing it. No log of
   * Tomcat's (console, {@code catalina}, {@code localhost}, and {@code manager}, which gets the
   * Manager's listener errors) has a SEVERE line, an exception or a WARNING, start to end, but
   * Tomcat unregistering the operator's JDBC driver, which sits in the Manager's {@code
   * WEB-INF/lib}.
   */
  @Test
  @Order(Integer.MAX_VALUE) // stops Tomcat: the last test
  void whenStoppedThenNoSevereLineAndNoException() {
    int before = tomcat.output().length();
    assertTrue(tomcat.stop(), "Tomcat did not stop within 30 s");
    String shutdown = tomcat.output().substring(before);
    assertTrue(shutdown.contains("Stopping service [Catalina]"), shutdown);
    assertTrue(shutdown.contains("Destroying ProtocolHandler"), shutdown);
    String logs = tomcat.logs();
    assertEquals(List.of(), logs.lines().filter(l -> TROUBLE.matcher(l).find()).toList(), logs);
    assertEquals(
        List.of(),
        logs.lines()
            .filter(l -> l.contains(" WARNING [") && !l.contains(DRIVER_UNREGISTERED))
            .toList(),
        logs);
  }
}
