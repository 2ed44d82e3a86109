package io.github.jwtauth.it.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Chromium;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.Deployment;
import io.github.jwtauth.testsupport.TestWebapp;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * CORS in headless Chromium (as {@link ProfileBrowserIT}: Debian's chromium and chromedriver, never
 * Selenium Manager), on Jetty 12 and H2. A page on {@code http://localhost:PORT} calls jwt-auth on
 * {@code http://127.0.0.1:PORT}, another origin for the browser: with {@code
 * jwt-auth.cors-allowed-origins=http://localhost:PORT} it gets a token with a JSON body (a
 * preflight the token servlet answers), calls the application with it (a preflight for {@code
 * Authorization}, which the filter answers) and reads the filter's 401 and its challenge; a
 * deployment that allows another origin only is refused by the browser itself, and its token
 * request is never sent.
 *
 * <p>Without Chromium the suite is skipped, except under {@code CI=true}, where it fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorsBrowserIT {
  static final String SECRET = "integration-test-secret-0123456789-abcdefghijklmnop";

  /** Calls the token route, then the application with the token, then a token-required URL. */
  static final String FLOW =
      """
      const done = arguments[arguments.length - 1];
      const [api, app, key, secret] = arguments;
      (async () => {
        const out = {};
        try {
          const t = await fetch(api + '/token', {method: 'POST',
              headers: {'Content-Type': 'application/json'},
              body: JSON.stringify({api_key: key, api_secret: secret})});
          out.tokenStatus = t.status;
          const token = (await t.json()).access_token;
          const me = await fetch(app + '/api/me', {headers: {Authorization: 'Bearer ' + token}});
          out.meStatus = me.status;
          out.me = await me.json();
          const refused = await fetch(app + '/api/hello');
          out.refusedStatus = refused.status;
          out.challenge = refused.headers.get('WWW-Authenticate');
          out.refusedCode = (await refused.json()).code;
        } catch (e) {
          out.error = e.name + ': ' + e.message;
        }
        done(out);
      })();
      """;

  Container container;
  Databases.Db db;
  Deployment allowed;
  Deployment other;
  String skipReason;
  ChromeDriver driver;
  Path profileDir;

  TestWebapp webapp(String name, String origins) {
    return TestWebapp.named(name)
        .param("jwt-auth.secret", SECRET)
        .param("jwt-auth.schema-create", "true")
        .param("jwt-auth.token-required", "/api/hello")
        .param("jwt-auth.cors-allowed-origins", origins)
        .params(db.jdbcParams())
        .lenientAttemptLimits();
  }

  @BeforeAll
  void start() {
    skipReason = Chromium.unavailableReason();
    if (skipReason != null) {
      return;
    }
    db = Databases.h2("cors-browser");
    container = Container.Kind.JETTY.start();
    other = container.deploy(webapp("cors-other", "https://app.example.com")).requireStarted();
    int port = other.baseUri().getPort(); // known once the container listens
    allowed = container.deploy(webapp("cors-page", "http://localhost:" + port)).requireStarted();
  }

  @AfterAll
  void stop() {
    if (container != null) {
      container.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void openBrowser() throws IOException {
    Assumptions.assumeTrue(skipReason == null, skipReason);
    Path base = Files.createDirectories(TestWebapp.targetDir().resolve("cors-browser"));
    profileDir = Files.createTempDirectory(base, "chromium-profile-");
    driver = Chromium.start(Chromium.options(profileDir), base.resolve("chromedriver.log"));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(15));
  }

  @AfterEach
  void closeBrowser() {
    if (driver != null) {
      driver.quit();
      driver = null;
    }
    ProfileBrowserIT.deleteTree(profileDir);
  }

  /** Opens a page of the allowed deployment on {@code http://localhost:PORT}. */
  void openPageOnLocalhost() {
    driver.get(allowed.baseUri().toString().replace("//127.0.0.1:", "//localhost:") + "/api/me");
    assertEquals(
        "http://localhost:" + allowed.baseUri().getPort(),
        driver.executeScript("return window.location.origin;"));
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> runFlow(Deployment target, Api.KeyPair kp) {
    return (Map<String, Object>)
        driver.executeAsyncScript(
            FLOW,
            target.api().toString(),
            target.baseUri().toString(),
            kp.apiKey(),
            kp.apiSecret());
  }

  @Test
  void whenPageOnAllowedOriginThenItGetsATokenAndCallsTheApp() {
    Api api = new Api(allowed);
    Api.KeyPair kp = api.createKeyPair("alice", "spa");
    openPageOnLocalhost();
    Map<String, Object> out = runFlow(allowed, kp);
    assertNull(out.get("error"), out::toString);
    assertEquals(200L, out.get("tokenStatus"), out::toString);
    assertEquals(200L, out.get("meStatus"), out::toString);
    @SuppressWarnings("unchecked")
    Map<String, Object> me = (Map<String, Object>) out.get("me");
    assertEquals("alice", me.get("remote_user"), out::toString);
    assertEquals("Bearer", me.get("auth_type"), out::toString);
    assertEquals(401L, out.get("refusedStatus"), "the filter's refusal is readable: " + out);
    assertEquals("rest_authentication_no_header", out.get("refusedCode"), out::toString);
    assertEquals("Bearer realm=\"jwt-auth\"", out.get("challenge"), "exposed: " + out);
  }

  @Test
  void whenPageOnOtherOriginThenTheBrowserRefusesAndNoTokenIsIssued() {
    Api api = new Api(other);
    Api.KeyPair kp = api.createKeyPair("bob", "spa");
    openPageOnLocalhost();
    Map<String, Object> out = runFlow(other, kp);
    assertEquals("TypeError: Failed to fetch", out.get("error"), out::toString);
    assertNull(out.get("tokenStatus"), "the page never saw an answer: " + out);
    JsonObject row = api.list("bob", null).getJsonObject(0);
    assertTrue(row.isNull("last_used"), () -> "the preflight failed, no POST was sent: " + row);
  }
}
