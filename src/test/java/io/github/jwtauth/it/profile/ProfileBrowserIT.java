package io.github.jwtauth.it.profile;

import static io.github.jwtauth.testsupport.ProfileFixture.EVIL_USER;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Chromium;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.Json;
import io.github.jwtauth.testsupport.ProfileFixture;
import io.github.jwtauth.testsupport.TestWebapp;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The profile page driven in headless Chromium (Selenium WebDriver, Debian's {@code
 * /usr/bin/chromium} and {@code /usr/bin/chromedriver}; Selenium Manager is never asked for a
 * browser or driver) against Jetty 12 and H2, through what a person does: create a key-pair,
 * download {@code key-pair.json}, get a token ({@code token.json}, and the server's message for a
 * wrong secret), revoke with a confirmation naming the key-pair, revoke all; markup in names and
 * logins shown as text and never run; keyboard use and labels. Screenshots go to {@code
 * target/profile-*.png}.
 *
 * <p>The browser logs in with plain container BASIC: the first navigation carries {@code
 * user:password@} in the URL, Chromium then reuses the credentials for the page and its same-origin
 * calls, as it does for a person who typed them into the login prompt.
 *
 * <p>Without Chromium the suite is skipped, except under {@code CI=true}, where it fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfileBrowserIT {
  static final Duration WAIT = Duration.ofSeconds(15);
  static final String DATE = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC";
  static final String DASH = "\u2014";

  ProfileFixture f;
  Api api;
  String skipReason;
  ChromeDriver driver;
  WebDriverWait wait;
  Path downloads;
  Path profileDir;
  final List<LogRecord> seleniumManagerLog = new ArrayList<>();
  final Handler seleniumManagerSpy =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          synchronized (seleniumManagerLog) {
            seleniumManagerLog.add(r);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  final Logger seleniumManagerLogger = Logger.getLogger("org.openqa.selenium.manager");

  @BeforeAll
  void start() {
    skipReason = Chromium.unavailableReason();
    if (skipReason != null) {
      return; // each test reports it as skipped
    }
    // Never download a browser or driver: the paths are given, and any Selenium Manager
    // activity (it logs each run) fails the suite.
    seleniumManagerLogger.setLevel(Level.ALL);
    seleniumManagerLogger.addHandler(seleniumManagerSpy);
    f = ProfileFixture.start("profile-browser", Container.Kind.JETTY);
    api = f.api;
  }

  @AfterAll
  void stop() {
    seleniumManagerLogger.removeHandler(seleniumManagerSpy);
    if (f != null) {
      f.close();
    }
  }

  @BeforeEach
  void openBrowser() throws IOException {
    Assumptions.assumeTrue(skipReason == null, skipReason);
    Path base = Files.createDirectories(TestWebapp.targetDir().resolve("profile-browser"));
    downloads = Files.createTempDirectory(base, "downloads-");
    profileDir = Files.createTempDirectory(base, "chromium-profile-");
    ChromeOptions o =
        Chromium.options(profileDir, "--disable-default-apps", "--window-size=1280,1000");
    o.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory", downloads.toString(),
            "download.prompt_for_download", false,
            "download.directory_upgrade", true,
            "safebrowsing.enabled", false));
    o.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    driver = Chromium.start(o, base.resolve("chromedriver.log"));
    wait = new WebDriverWait(driver, WAIT);
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterEach
  void closeBrowser(TestInfo info) {
    try {
      if (driver != null) {
        screenshot("last-" + info.getTestMethod().map(m -> m.getName()).orElse("test"));
        driver.quit();
      }
    } finally {
      driver = null;
      synchronized (seleniumManagerLog) {
        assertTrue(
            seleniumManagerLog.isEmpty(),
            () -> "Selenium Manager was invoked: " + seleniumManagerLog.get(0).getMessage());
      }
      deleteTree(profileDir);
    }
  }

  // ------------------------------------------------------------------ helpers

  String pageUrl(String of) {
    return f.app.baseUri() + "/jwt-auth/v1/profile" + (of == null ? "" : "?user=" + Http.enc(of));
  }

  /** Logs in with container BASIC (credentials in the first URL) and opens the page. */
  void open(String user, String of) {
    URI base = f.app.baseUri();
    driver.get(
        "http://"
            + user
            + ":password@"
            + base.getHost()
            + ":"
            + base.getPort()
            + base.getPath()
            + "/jwt-auth/v1/profile");
    driver.get(pageUrl(of)); // without credentials in the URL: the browser keeps them
    wait.until(d -> !byId("kp-rows").getText().contains("Loading"));
    noAlert();
  }

  WebElement byId(String id) {
    return driver.findElement(By.id(id));
  }

  /** The input or textarea whose {@code <label>} reads text (fails if there is no such label). */
  WebElement labelled(WebElement scope, String text) {
    for (WebElement l : scope.findElements(By.tagName("label"))) {
      if (l.getText().trim().equals(text)) {
        String forId = l.getDomAttribute("for");
        assertNotNull(forId, () -> "label " + text + " has no for=");
        return driver.findElement(By.id(forId));
      }
    }
    throw new AssertionError("no label '" + text + "'");
  }

  /** The visible button whose accessible name is name. */
  WebElement button(WebElement scope, String name) {
    for (WebElement b : scope.findElements(By.tagName("button"))) {
      if (b.isDisplayed() && name.equals(b.getAccessibleName())) {
        return b;
      }
    }
    throw new AssertionError("no visible button named '" + name + "'");
  }

  WebElement page() {
    return driver.findElement(By.tagName("body"));
  }

  WebElement openDialog() {
    return wait.until(
        d -> d.findElements(By.cssSelector("dialog[open]")).stream().findFirst().orElse(null));
  }

  void dialogClosed() {
    wait.until(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
  }

  /**
   * The rows of the key-pair table as the person sees them: Name, API key, Created, Last used, Last
   * IP.
   */
  @SuppressWarnings("unchecked")
  List<List<String>> rows() {
    // one script, so a table re-rendered meanwhile cannot leave stale elements
    return (List<List<String>>)
        driver.executeScript(
            "return [...document.querySelectorAll('#kp-rows tr')]"
                + ".filter(tr => !tr.querySelector('td.empty'))"
                + ".map(tr => [...tr.querySelectorAll('th, td')].slice(0, 5).map(c => c.innerText.trim()));");
  }

  /** Name, API key, Created, Last used, Last IP of one row. */
  static List<String> cells(WebElement tr) {
    List<String> cells = new ArrayList<>();
    for (WebElement c : tr.findElements(By.cssSelector("th, td"))) {
      cells.add(c.getText().trim());
    }
    return cells.subList(0, 5);
  }

  static void sleepPastSecond() {
    try {
      Thread.sleep(1100 - System.currentTimeMillis() % 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  WebElement row(String name) {
    for (WebElement tr : driver.findElements(By.cssSelector("#kp-rows tr"))) {
      List<WebElement> th = tr.findElements(By.tagName("th"));
      if (!th.isEmpty() && th.get(0).getText().trim().equals(name)) {
        return tr;
      }
    }
    throw new AssertionError("no row named " + name + " in " + rows());
  }

  String status() {
    return byId("status").getText().trim();
  }

  void noAlert() {
    try {
      Alert a = driver.switchTo().alert();
      String text = a.getText();
      a.dismiss();
      fail("a script ran and opened an alert: " + text);
    } catch (NoAlertPresentException expected) {
      // nothing ran
    }
  }

  /** Console errors other than failed HTTP answers (a 403 the page asked for is not an error). */
  void noConsoleErrors() {
    List<String> bad = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      String m = e.getMessage();
      if (e.getLevel().intValue() >= Level.WARNING.intValue()
          && !m.contains("Failed to load resource")) {
        bad.add(e.getLevel() + " " + m);
      }
    }
    assertTrue(bad.isEmpty(), () -> "console errors (CSP violations, script errors): " + bad);
  }

  Path downloaded(String name) {
    Path p = downloads.resolve(name);
    new WebDriverWait(driver, WAIT)
        .withMessage(() -> name + " was not downloaded to " + downloads + ": " + list(downloads))
        .until(
            d ->
                Files.isRegularFile(p)
                    && list(downloads).stream().noneMatch(n -> n.endsWith(".crdownload")));
    return p;
  }

  static List<String> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(x -> x.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonObject readJson(Path p) {
    try {
      return Json.object(Files.readString(p, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void screenshot(String name) {
    try {
      Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(
          png,
          TestWebapp.targetDir().resolve("profile-" + name + ".png"),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      // a missing screenshot must not hide the test's own result
      System.err.println("screenshot " + name + " failed: " + e);
    }
  }

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }

  Set<String> keysOf(JsonObject o) {
    return new TreeSet<>(o.keySet());
  }

  // ------------------------------------------------------------------ the flow

  @Test
  void whenPersonCreatesDownloadsGetsTokenRevokesAndRevokesAllThenPageShowsEachStep() {
    Api.KeyPair used = api.createKeyPair("alice", "old phone");
    api.tokens(used); // last used and last IP are set
    sleepPastSecond(); // created is in seconds: make "newest first" unambiguous
    api.createKeyPair("alice", "CI server");

    open("alice", null);
    assertEquals("API key-pairs of alice", driver.findElement(By.tagName("h1")).getText());
    assertTrue(page().getText().contains("Logged in as alice"));
    assertTrue(byId("about-heading").getText().equals("API key-pairs"));
    assertTrue(byId("admin-notice").getText().isEmpty(), "own page: no administrator notice");
    List<List<String>> before = rows();
    assertEquals(2, before.size(), before::toString);
    assertEquals("CI server", before.get(0).get(0), "newest first");
    assertAll(
        "never used: dashes",
        () -> assertTrue(before.get(0).get(2).matches(DATE), before.get(0)::toString),
        () -> assertEquals(DASH, before.get(0).get(3)),
        () -> assertEquals(DASH, before.get(0).get(4)));
    assertAll(
        "used: date and address",
        () -> assertEquals("old phone", before.get(1).get(0)),
        () -> assertEquals(used.apiKey(), before.get(1).get(1)),
        () -> assertTrue(before.get(1).get(3).matches(DATE), before.get(1)::toString),
        () -> assertEquals("127.0.0.1", before.get(1).get(4)));

    // create with the keyboard: type the name, press Enter
    labelled(page(), "New key-pair name").sendKeys("laptop", Keys.ENTER);
    WebElement created = openDialog();
    assertEquals("created-dialog", created.getDomAttribute("id"));
    assertEquals(
        "Key-pair \u201claptop\u201d created", created.findElement(By.tagName("h2")).getText());
    assertTrue(
        created.getText().contains("it cannot be shown again"),
        () -> "warning shown: " + created.getText());
    String apiKey = labelled(created, "API key").getDomProperty("value");
    String secret = labelled(created, "API secret").getDomProperty("value");
    assertTrue(apiKey.length() >= 16 && secret.length() >= 22, () -> apiKey + " / " + secret);
    screenshot("created-dialog");

    button(created, "Copy secret").click();
    wait.until(d -> !byId("copy-status").getText().isBlank());
    assertTrue(
        byId("copy-status").getText().matches("Secret copied to the clipboard\\.|Could not copy.*"),
        byId("copy-status").getText());

    button(created, "Download").click();
    JsonObject keyPairJson = readJson(downloaded("key-pair.json"));
    assertEquals(Set.of("api_key", "api_secret"), keysOf(keyPairJson));
    assertEquals(apiKey, keyPairJson.getString("api_key"));
    assertEquals(secret, keyPairJson.getString("api_secret"));

    button(created, "Done").click();
    dialogClosed();
    assertFalse(
        driver.getPageSource().contains(secret), "the secret is gone from the page once closed");
    assertEquals("Key-pair \u201claptop\u201d created.", status());
    List<List<String>> afterCreate = rows();
    assertEquals(List.of("laptop", apiKey), afterCreate.get(0).subList(0, 2), "newest first");
    assertTrue(afterCreate.get(0).get(2).matches(DATE), afterCreate.get(0)::toString);
    assertEquals(List.of(DASH, DASH), afterCreate.get(0).subList(3, 5));
    screenshot("table");

    // new token: wrong secret first, the server's message is shown
    WebElement laptop = row("laptop");
    WebElement newToken = button(laptop, "New token for laptop");
    assertEquals("New token", newToken.getText());
    newToken.click();
    WebElement tokenDialog = openDialog();
    assertEquals(
        "New token for \u201claptop\u201d", tokenDialog.findElement(By.tagName("h2")).getText());
    WebElement secretInput = labelled(tokenDialog, "API secret");
    assertEquals("password", secretInput.getDomAttribute("type"));
    secretInput.sendKeys("not-the-secret", Keys.ENTER);
    wait.until(d -> !byId("token-error").getText().isBlank());
    assertEquals("The API key-pair is invalid.", byId("token-error").getText());
    assertEquals("alert", byId("token-error").getDomAttribute("role"));

    secretInput.clear();
    secretInput.sendKeys(secret);
    button(tokenDialog, "Get token").click();
    wait.until(d -> byId("token-result").isDisplayed());
    String access = labelled(tokenDialog, "Access token").getDomProperty("value");
    String refresh = labelled(tokenDialog, "Refresh token").getDomProperty("value");
    assertEquals(3, access.split("\\.").length, access);
    assertFalse(refresh.isBlank());
    assertTrue(tokenDialog.getText().contains("expires in 1 hour"), tokenDialog::getText);
    screenshot("token-dialog");
    button(tokenDialog, "Download").click();
    JsonObject tokenJson = readJson(downloaded("token.json"));
    assertEquals(access, tokenJson.getString("access_token"));
    assertEquals(refresh, tokenJson.getString("refresh_token"));
    assertEquals("Bearer", tokenJson.getString("token_type"));
    assertEquals(3600, tokenJson.getInt("expires_in"));
    assertEquals(
        "alice", tokenJson.getJsonObject("data").getJsonObject("user").getString("user_login"));
    assertEquals(200, api.me(access).status(), "the token shown works");

    button(tokenDialog, "Close").click();
    dialogClosed();
    wait.until(d -> !cells(row("laptop")).get(3).equals(DASH)); // the table was reloaded
    assertTrue(cells(row("laptop")).get(3).matches(DATE), rows()::toString);
    assertEquals("127.0.0.1", cells(row("laptop")).get(4));

    // revoke: the confirmation names the key-pair; Cancel keeps it
    button(row("laptop"), "Revoke laptop").click();
    WebElement confirm = openDialog();
    assertEquals(
        "Revoke key-pair \u201claptop\u201d?", confirm.findElement(By.tagName("h2")).getText());
    assertTrue(
        confirm
            .getText()
            .contains("Revoke the key-pair \u201claptop\u201d (API key " + apiKey + ")"),
        confirm::getText);
    screenshot("confirm-revoke");
    button(confirm, "Cancel").click();
    dialogClosed();
    assertEquals(3, rows().size());
    button(row("laptop"), "Revoke laptop").click();
    button(openDialog(), "Revoke").click();
    dialogClosed();
    wait.until(d -> status().equals("Key-pair \u201claptop\u201d revoked."));
    assertEquals(List.of("CI server", "old phone"), rows().stream().map(r -> r.get(0)).toList());
    assertTrue(
        api.list("alice", null).getValuesAs(JsonObject.class).stream()
            .noneMatch(o -> o.getString("api_key").equals(apiKey)));
    assertEquals(401, api.me(access).status(), "its tokens stop working");

    // revoke all
    button(page(), "Revoke all").click();
    WebElement confirmAll = openDialog();
    assertEquals("Revoke all key-pairs?", confirmAll.findElement(By.tagName("h2")).getText());
    assertTrue(
        confirmAll.getText().contains("Revoke all 2 key-pairs of alice?"), confirmAll::getText);
    button(confirmAll, "Revoke all").click();
    dialogClosed();
    wait.until(d -> status().equals("Revoked 2 key-pairs."));
    assertTrue(rows().isEmpty());
    assertTrue(byId("kp-rows").getText().contains("No key-pairs yet."));
    assertFalse(byId("revoke-all").isEnabled(), "nothing left to revoke");
    assertEquals(0, api.list("alice", null).size());
    screenshot("flow");
    noAlert();
    noConsoleErrors();
  }

  // ------------------------------------------------------------------ expiry and roles

  /** Expires, Roles and the row's class of the row named name. */
  @SuppressWarnings("unchecked")
  List<String> termsOf(String name) {
    return (List<String>)
        driver.executeScript(
            "const tr = [...document.querySelectorAll('#kp-rows tr')]"
                + ".find(tr => tr.querySelector('th') && tr.querySelector('th').innerText.trim() === arguments[0]);"
                + "const c = tr.querySelectorAll('td');"
                + "return [c[4].innerText.trim(), c[5].innerText.trim(), tr.className];",
            name);
  }

  @Test
  void whenCreatedWithExpiryAndFewerRolesThenTheTableShowsThemAndHighlightsExpiringSoon() {
    Api.KeyPair soon =
        created(
            api.api("/key-pair")
                .basic("admin", Container.PASSWORD)
                .multipart("name", "expires soon", "expires_in", "3")
                .post());
    api.createKeyPair("admin", "never expires");
    open("admin", null);

    // one ticked checkbox per role the user holds
    @SuppressWarnings("unchecked")
    List<String> boxes =
        (List<String>)
            driver.executeScript(
                "return [...document.querySelectorAll('#kp-roles input[type=checkbox]')]"
                    + ".map(b => b.value + '=' + b.checked);");
    assertEquals(List.of("administrator=true", "user=true"), boxes);
    assertEquals(
        "Roles its tokens carry", driver.findElement(By.cssSelector("#kp-roles legend")).getText());

    List<String> soonRow = termsOf("expires soon");
    assertTrue(soonRow.get(0).matches(DATE + "\\s*expires soon"), soonRow::toString);
    assertEquals("all", soonRow.get(1));
    assertTrue(soonRow.get(2).contains("expiring"), soonRow::toString);
    assertEquals(List.of("never", "all", ""), termsOf("never expires"));

    // create in the page: 30 days, administrator unticked
    labelled(page(), "New key-pair name").sendKeys("deploy");
    new Select(labelled(page(), "Expires")).selectByVisibleText("in 30 days");
    driver.findElement(By.cssSelector("#kp-roles input[value=administrator]")).click();
    button(page(), "Create key-pair").click();
    WebElement created = openDialog();
    assertTrue(created.getText().contains("it cannot be shown again"), created::getText);
    String apiKey = labelled(created, "API key").getDomProperty("value");
    String secret = labelled(created, "API secret").getDomProperty("value");
    assertFalse(secret.isBlank(), "the secret is shown once");
    screenshot("created-with-terms");
    button(created, "Done").click();
    dialogClosed();
    assertFalse(driver.getPageSource().contains(secret), "and never again");
    List<String> deploy = termsOf("deploy");
    long expected = Instant.now().plus(Duration.ofDays(30)).getEpochSecond();
    JsonObject listed =
        api.list("admin", null).getValuesAs(JsonObject.class).stream()
            .filter(o -> o.getString("api_key").equals(apiKey))
            .findFirst()
            .orElseThrow();
    assertTrue(
        Math.abs(listed.getJsonNumber("expires_at").longValue() - expected) < 60, listed::toString);
    assertEquals(List.of("user"), listed.getJsonArray("roles").getValuesAs(JsonString::getString));
    assertTrue(deploy.get(0).matches(DATE), deploy::toString);
    assertEquals("user", deploy.get(1));
    assertEquals("", deploy.get(2), "30 days away: not highlighted");

    // an expiry date: the date field appears, and a date within 7 days is highlighted
    assertFalse(byId("kp-expires-at").isDisplayed(), "the date field shows only when asked for");
    new Select(labelled(page(), "Expires")).selectByVisibleText("on a date\u2026");
    WebElement date = labelled(page(), "Expiry date (UTC)");
    assertTrue(date.isDisplayed());
    String in2Days = LocalDate.now(ZoneOffset.UTC).plusDays(2).toString();
    driver.executeScript("arguments[0].value = arguments[1];", date, in2Days);
    labelled(page(), "New key-pair name").sendKeys("dated", Keys.ENTER);
    button(openDialog(), "Done").click();
    dialogClosed();
    List<String> dated = termsOf("dated");
    assertTrue(dated.get(0).startsWith(in2Days + " 00:00 UTC"), dated::toString);
    assertTrue(dated.get(2).contains("expiring"), dated::toString);

    // the token dialog says when the key-pair expires
    button(row("expires soon"), "New token for expires soon").click();
    WebElement tokenDialog = openDialog();
    labelled(tokenDialog, "API secret").sendKeys(soon.apiSecret(), Keys.ENTER);
    wait.until(d -> byId("token-result").isDisplayed());
    assertTrue(
        tokenDialog.getText().matches("(?s).*The key-pair expires on " + DATE + "\\..*"),
        tokenDialog::getText);
    screenshot("expiry");
    noAlert();
    noConsoleErrors();
  }

  static Api.KeyPair created(Http.Res r) {
    assertEquals(201, r.status(), r::toString);
    JsonObject b = r.json();
    return new Api.KeyPair("admin", b.getString("api_key"), b.getString("api_secret"), b);
  }

  // ------------------------------------------------------------------ markup stays text

  @Test
  void whenLoginAndKeyPairNameAreMarkupThenShownLiterallyAndNothingRuns() {
    String name = "<img src=x onerror=alert(3)><script>alert(4)</script>";
    open("admin", EVIL_USER); // an administrator on the page of a user whose login is a script
    noAlert();
    assertEquals("API key-pairs of " + EVIL_USER, driver.findElement(By.tagName("h1")).getText());
    assertEquals("API key-pairs of " + EVIL_USER, driver.getTitle());
    assertEquals(
        "You are managing the key-pairs of " + EVIL_USER + " as an administrator.",
        byId("admin-notice").getText());

    labelled(page(), "New key-pair name").sendKeys(name, Keys.ENTER);
    WebElement created = openDialog();
    noAlert();
    assertEquals(
        "Key-pair \u201c" + name + "\u201d created",
        created.findElement(By.tagName("h2")).getText());
    button(created, "Done").click();
    dialogClosed();
    noAlert();
    assertEquals(name, rows().get(0).get(0), "the name is shown literally");
    assertTrue(driver.findElements(By.cssSelector("#kp-rows img, #kp-rows script")).isEmpty());
    assertEquals(1, api.list("admin", EVIL_USER).size(), "created for that user, not for admin");

    button(row(name), "Revoke " + name).click();
    WebElement confirm = openDialog();
    assertTrue(
        confirm.getText().contains("Revoke the key-pair \u201c" + name + "\u201d"),
        confirm::getText);
    screenshot("markup");
    button(confirm, "Revoke").click();
    dialogClosed();
    wait.until(d -> rows().isEmpty());
    assertEquals(0, api.list("admin", EVIL_USER).size());
    noAlert();
    noConsoleErrors();
  }

  @Test
  void whenNotAdministratorOpensAnotherUsersPageThenForbidden() {
    open("alice", null);
    driver.get(pageUrl("admin"));
    assertEquals(
        "You do not have permission to edit this user.",
        driver.findElement(By.tagName("h1")).getText());
    assertEquals("rest_authentication_edit_user_error", byId("error-code").getText());
    assertTrue(driver.getTitle().startsWith("403"), driver::getTitle);
  }

  // ------------------------------------------------------------------ keyboard and labels

  @Test
  void whenUsedWithKeyboardOnlyThenEverythingIsReachableAndLabelled() {
    api.createKeyPair("bob", "server");
    open("bob", null);

    // every control is a native control with a name; every field has a label
    @SuppressWarnings("unchecked")
    List<String> unlabelled =
        (List<String>)
            driver.executeScript(
                "return [...document.querySelectorAll('input, textarea, select')]"
                    + ".filter(e => e.labels.length === 0).map(e => e.id || e.outerHTML);");
    assertEquals(List.of(), unlabelled, "inputs without <label>");
    @SuppressWarnings("unchecked")
    List<String> fakeButtons =
        (List<String>)
            driver.executeScript(
                "return [...document.querySelectorAll('[onclick], [role=button], a:not([href]), div[tabindex], span[tabindex]')]"
                    + ".map(e => e.outerHTML);");
    assertEquals(List.of(), fakeButtons, "clickable things that are not <button>s");
    for (WebElement b : driver.findElements(By.tagName("button"))) {
      if (b.isDisplayed()) {
        assertFalse(
            b.getAccessibleName().isBlank(),
            () -> "button without a name: " + b.getDomProperty("outerHTML"));
      }
    }

    // Tab from the name field passes the expiry and the role checkboxes and reaches the create
    // button, Enter submits
    WebElement name = labelled(page(), "New key-pair name");
    name.click();
    name.sendKeys("keyboard");
    driver.switchTo().activeElement().sendKeys(Keys.TAB);
    assertEquals("kp-expires", driver.switchTo().activeElement().getDomAttribute("id"));
    driver.switchTo().activeElement().sendKeys(Keys.TAB);
    assertEquals("user", driver.switchTo().activeElement().getAccessibleName(), "bob's one role");
    driver.switchTo().activeElement().sendKeys(Keys.TAB);
    assertEquals("Create key-pair", driver.switchTo().activeElement().getAccessibleName());
    driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    WebElement created = openDialog();
    assertEquals(
        "copy-secret",
        driver.switchTo().activeElement().getDomAttribute("id"),
        "focus moves into the dialog");
    String secret = labelled(created, "API secret").getDomProperty("value");
    driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    dialogClosed();
    assertEquals(
        "kp-name",
        driver.switchTo().activeElement().getDomAttribute("id"),
        "focus returns to the form");

    // Tab to the newest row's New token, Enter, type the secret, Enter
    WebElement active = driver.switchTo().activeElement();
    for (int i = 0; i < 10 && !"New token for keyboard".equals(active.getAccessibleName()); i++) {
      active.sendKeys(Keys.TAB);
      active = driver.switchTo().activeElement();
    }
    assertEquals("New token for keyboard", active.getAccessibleName());
    active.sendKeys(Keys.ENTER);
    openDialog();
    assertEquals("token-secret", driver.switchTo().activeElement().getDomAttribute("id"));
    driver.switchTo().activeElement().sendKeys(secret, Keys.ENTER);
    wait.until(d -> byId("token-result").isDisplayed());
    assertEquals("token-access", driver.switchTo().activeElement().getDomAttribute("id"));
    wait.until(d -> !cells(row("keyboard")).get(3).equals(DASH)); // the table has been reloaded
    driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    dialogClosed();
    assertEquals(
        "New token for keyboard",
        driver.switchTo().activeElement().getAccessibleName(),
        "focus returns to the button that opened the dialog");

    // Tab to Revoke; Escape cancels the confirmation, Shift+Tab from Cancel reaches Revoke
    driver.switchTo().activeElement().sendKeys(Keys.TAB);
    assertEquals("Revoke keyboard", driver.switchTo().activeElement().getAccessibleName());
    driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    openDialog();
    assertEquals(
        "Cancel",
        driver.switchTo().activeElement().getAccessibleName(),
        "the safe choice has focus");
    driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    dialogClosed();
    assertEquals(2, rows().size(), "Escape cancels");
    WebElement revoke = button(row("keyboard"), "Revoke keyboard");
    revoke.sendKeys(Keys.ENTER);
    openDialog();
    driver.switchTo().activeElement().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
    assertEquals("Revoke", driver.switchTo().activeElement().getAccessibleName());
    driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    dialogClosed();
    wait.until(d -> status().equals("Key-pair \u201ckeyboard\u201d revoked."));
    assertEquals(List.of("server"), rows().stream().map(r -> r.get(0)).toList());
    screenshot("keyboard");
    noConsoleErrors();
  }
}
