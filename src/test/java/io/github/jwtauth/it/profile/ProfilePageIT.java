package io.github.jwtauth.it.profile;

import static io.github.jwtauth.testsupport.ProfileFixture.EVIL_USER;
import static io.github.jwtauth.testsupport.ProfileFixture.EVIL_USER_BREAKOUT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Expect;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.ProfileFixture;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /profile} over HTTP on Jetty 12 (Tomcat in {@link ProfilePageTomcatIT}) with H2:
 * response headers (strict CSP with a fresh nonce), server-side escaping of logins, who may open
 * whose page, and the CSRF defence of the key-pair routes (foreign {@code Origin}, {@code
 * Sec-Fetch-Site}, missing or wrong {@code X-CSRF-Token} are refused with 403 {@code
 * rest_cookie_invalid_nonce} and change nothing, while curl-style requests keep working). The page
 * itself is driven in a browser by {@link ProfileBrowserIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfilePageIT {
  private static final Pattern CSP =
      Pattern.compile(
          "default-src 'none'; script-src 'nonce-([A-Za-z0-9+/=]{22,})'; style-src 'nonce-([A-Za-z0-9+/=]{22,})';"
              + " connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self';"
              + " frame-ancestors 'none'");
  private static final String FOREIGN_ORIGIN = "http://evil.example";

  ProfileFixture f;
  Api api;

  /** The container this suite runs on. */
  Container.Kind containerKind() {
    return Container.Kind.JETTY;
  }

  @BeforeAll
  void start() {
    f = ProfileFixture.start("profile-page", containerKind());
    api = f.api;
  }

  @AfterAll
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The CSP nonce of a response, after checking the whole policy. */
  static String nonce(Http.Res r) {
    String csp = r.header("Content-Security-Policy");
    assertNotNull(csp, () -> "no CSP: " + r);
    Matcher m = CSP.matcher(csp);
    assertTrue(m.matches(), () -> "CSP: " + csp);
    assertEquals(m.group(1), m.group(2), "one nonce for scripts and styles");
    return m.group(1);
  }

  static void htmlHeaders(Http.Res r) {
    assertAll(
        "headers of " + r,
        () ->
            assertEquals(
                "text/html;charset=utf-8",
                r.header("Content-Type").replace(" ", "").toLowerCase(Locale.ROOT)),
        () -> assertEquals("no-store", r.header("Cache-Control")),
        () -> assertEquals("nosniff", r.header("X-Content-Type-Options")),
        () -> assertEquals("no-referrer", r.header("Referrer-Policy")),
        () -> nonce(r));
  }

  static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  boolean listed(String user, String apiKey) {
    return api.list(user, null).getValuesAs(JsonObject.class).stream()
        .anyMatch(o -> o.getString("api_key").equals(apiKey));
  }

  boolean listedByName(String user, String name) {
    return api.list(user, null).getValuesAs(JsonObject.class).stream()
        .anyMatch(o -> o.getString("name").equals(name));
  }

  // ------------------------------------------------------------------ the page

  @Test
  void whenUserOpensProfileThenSelfContainedHtmlWithStrictHeaders() {
    Http.Res r = f.page("alice", null);
    assertEquals(200, r.status(), r::toString);
    htmlHeaders(r);
    String nonce = nonce(r);
    String body = r.body();
    assertAll(
        () -> assertTrue(body.startsWith("<!DOCTYPE html>"), "doctype"),
        () ->
            assertTrue(body.contains("<style nonce=\"" + nonce + "\">"), "style carries the nonce"),
        () ->
            assertTrue(
                body.contains("<script nonce=\"" + nonce + "\">"), "script carries the nonce"),
        () -> assertEquals(2, count(body, "<script"), "exactly the data block and the page script"),
        () ->
            assertFalse(
                body.contains("http://") || body.contains("https://") || body.contains("src="),
                "no external resource (works offline, no CDN)"),
        () ->
            assertFalse(body.contains(" style=\""), "no inline style attributes (CSP blocks them)"),
        () -> assertFalse(body.contains(" onclick="), "no inline handlers (CSP blocks them)"),
        () -> assertTrue(body.contains("<strong id=\"login\">alice</strong>"), "login shown"),
        () -> assertTrue(body.contains("API key-pairs"), "section heading"));
    JsonObject cfg = ProfileFixture.config(r);
    assertAll(
        () -> assertEquals(f.app.contextPath() + "/jwt-auth/v1", cfg.getString("api")),
        () -> assertEquals("alice", cfg.getString("login")),
        () -> assertEquals("alice", cfg.getString("user")),
        () -> assertEquals("X-CSRF-Token", cfg.getString("csrfHeader")),
        () -> assertTrue(cfg.getString("csrf").matches("[A-Za-z0-9_-]{43}"), "256-bit token"));
    assertTrue(
        r.headers("Set-Cookie").stream().anyMatch(c -> c.startsWith("JSESSIONID=")),
        () -> "the page starts a session for the CSRF token: " + r);
  }

  @Test
  void whenPageServedTwiceThenFreshNonceEachTimeAndOneTokenPerSession() {
    ProfileFixture.Session s = f.session("alice");
    Http.Res again = s.send(f.api.api("/profile").basic("alice", "password"), "GET");
    Http.Res other = f.page("alice", null);
    assertEquals(200, again.status(), again::toString);
    assertNotEquals(nonce(again), nonce(other), "a fresh nonce per response");
    assertEquals(
        s.csrf(), ProfileFixture.config(again).getString("csrf"), "same session, same token");
    assertNotEquals(
        s.csrf(), ProfileFixture.config(other).getString("csrf"), "new session, new token");
  }

  @Test
  void whenNobodyLoggedInThenContainerBasicChallenge() {
    Http.Res r = api.api("/profile").get();
    assertEquals(401, r.status(), r::toString);
    Expect.basicChallenge(r);
  }

  @Test
  void whenBearerIdentityThen401NotLoggedIn() {
    Api.KeyPair kp = api.createKeyPair("alice", unique("bearer"));
    Api.Tokens t = api.tokens(kp);
    Http.Res r = api.api("/profile").bearer(t.access()).get();
    assertEquals(401, r.status(), r::toString);
    htmlHeaders(r);
    assertTrue(r.body().contains("<code id=\"error-code\">rest_not_logged_in</code>"), r::toString);
  }

  @Test
  void whenAdministratorOpensAlicesPageThenPageForAlice() {
    Http.Res r = f.page("admin", "alice");
    assertEquals(200, r.status(), r::toString);
    htmlHeaders(r);
    JsonObject cfg = ProfileFixture.config(r);
    assertEquals("admin", cfg.getString("login"));
    assertEquals("alice", cfg.getString("user"));
    assertTrue(r.body().contains("<span id=\"target-user\">alice</span>"), r::toString);
  }

  @Test
  void whenAliceOpensAdminsPageThen403() {
    Http.Res r = f.page("alice", "admin");
    assertEquals(403, r.status(), r::toString);
    htmlHeaders(r);
    assertTrue(
        r.body().contains("<code id=\"error-code\">rest_authentication_edit_user_error</code>"),
        r::toString);
    assertFalse(r.body().contains("jwt-auth-config"), "no page, no CSRF token");
  }

  @Test
  void whenAdministratorOpensUnknownUserThen404() {
    Http.Res r = f.page("admin", "nobody-" + UUID.randomUUID());
    assertEquals(404, r.status(), r::toString);
    assertTrue(r.body().contains("rest_authentication_invalid_user_error"), r::toString);
  }

  @Test
  void whenProfileRequestedWithPostThenNoRoute() {
    Http.Res r = api.api("/profile").basic("alice", "password").form("a", "b").post();
    Expect.error(r, 404, "rest_no_route");
  }

  @ParameterizedTest
  @ValueSource(strings = {EVIL_USER, EVIL_USER_BREAKOUT})
  void whenLoginIsMarkupThenEscapedInHtmlAndInJson(String login) {
    Http.Res r = f.page("admin", login);
    assertEquals(200, r.status(), r::toString);
    String body = r.body();
    String escaped = login.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    assertAll(
        () -> assertFalse(body.contains(login), "the login never appears raw"),
        () -> assertFalse(body.contains("<script>alert"), "no script element from the login"),
        () ->
            assertTrue(
                body.contains("<span id=\"target-user\">" + escaped + "</span>"),
                "escaped in HTML"),
        () ->
            assertTrue(
                body.contains("<title>API key-pairs of " + escaped + "</title>"),
                "escaped in title"),
        () -> assertEquals(2, count(body, "<script"), "no injected script element"),
        () -> assertEquals(2, count(body, "</script"), "no early end of the data block"),
        () -> assertFalse(body.contains("<!--"), "no comment opened inside the data block"),
        () ->
            assertEquals(
                login, ProfileFixture.config(r).getString("user"), "JSON keeps the value"));
  }

  @Test
  void whenKeyPairNameIsMarkupThenPageHtmlNeverContainsIt() {
    String name = "<script>alert('kp')</script>";
    Api.KeyPair kp = api.createKeyPair("bob", name);
    assertEquals(name, kp.body().getJsonObject("row").getString("name"));
    Http.Res r = f.page("bob", null);
    assertEquals(200, r.status(), r::toString);
    assertFalse(r.body().contains("alert('kp')"), "names are rendered by the page as text only");
    assertTrue(
        api.list("bob", null).getValuesAs(JsonObject.class).stream()
            .map(o -> o.get("name"))
            .map(v -> ((JsonString) v).getString())
            .anyMatch(name::equals));
  }

  // ------------------------------------------------------------------ CSRF

  @Test
  void whenCreateWithForeignOriginThen403AndNothingCreated() {
    ProfileFixture.Session s = f.session("alice");
    String name = unique("csrf-origin");
    Http.Res r =
        s.send(
            api.api("/key-pair")
                .basic("alice", "password")
                .header("Origin", FOREIGN_ORIGIN)
                .header("X-CSRF-Token", s.csrf())
                .form("name", name),
            "POST");
    Expect.endpointError(r, 403, "rest_cookie_invalid_nonce");
    assertEquals("Cookie check failed.", r.json().getString("message"));
    assertFalse(listedByName("alice", name), "nothing created");
  }

  @Test
  void whenRevokeWithForeignOriginThen403AndNothingRevoked() {
    ProfileFixture.Session s = f.session("alice");
    Api.KeyPair kp = api.createKeyPair("alice", unique("csrf-revoke"));
    for (String path : List.of("/key-pair/" + kp.apiKey(), "/key-pair")) {
      Http.Res r =
          s.send(
              api.api(path)
                  .basic("alice", "password")
                  .header("Origin", FOREIGN_ORIGIN)
                  .header("Sec-Fetch-Site", "cross-site")
                  .header("X-CSRF-Token", s.csrf()),
              "DELETE");
      Expect.endpointError(r, 403, "rest_cookie_invalid_nonce");
    }
    assertTrue(listed("alice", kp.apiKey()), "still active");
    api.tokens(kp); // still buys tokens
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "missing-token",
        "wrong-token",
        "empty-token",
        "no-session",
        "other-session",
        "null-origin"
      })
  void whenSameOriginButTokenCheckFailsThen403AndNothingChanged(String variant) {
    ProfileFixture.Session s = f.session("alice");
    ProfileFixture.Session other = f.session("admin");
    String name = unique("csrf-" + variant);
    Http.Req req = api.api("/key-pair").basic("alice", "password").form("name", name);
    switch (variant) {
      case "missing-token" -> req.header("Origin", f.origin()).header("Cookie", s.cookie());
      case "wrong-token" ->
          req.header("Origin", f.origin())
              .header("Cookie", s.cookie())
              .header(
                  "X-CSRF-Token", s.csrf().substring(1) + (s.csrf().charAt(0) == 'A' ? 'B' : 'A'));
      case "empty-token" ->
          req.header("Origin", f.origin()).header("Cookie", s.cookie()).header("X-CSRF-Token", "");
      case "no-session" -> req.header("Origin", f.origin()).header("X-CSRF-Token", s.csrf());
      case "other-session" ->
          req.header("Origin", f.origin())
              .header("Cookie", other.cookie())
              .header("X-CSRF-Token", s.csrf());
      case "null-origin" ->
          req.header("Origin", "null")
              .header("Cookie", s.cookie())
              .header("X-CSRF-Token", s.csrf());
      default -> throw new AssertionError(variant);
    }
    Http.Res r = req.post();
    Expect.endpointError(r, 403, "rest_cookie_invalid_nonce");
    assertFalse(listedByName("alice", name), "nothing created");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cross-site", "same-site"})
  void whenSecFetchSiteNotSameOriginThen403EvenWithToken(String site) {
    ProfileFixture.Session s = f.session("alice");
    Api.KeyPair kp = api.createKeyPair("alice", unique("csrf-site"));
    Http.Res del =
        s.send(
            api.api("/key-pair/" + kp.apiKey())
                .basic("alice", "password")
                .header("Sec-Fetch-Site", site)
                .header("X-CSRF-Token", s.csrf()),
            "DELETE");
    Expect.endpointError(del, 403, "rest_cookie_invalid_nonce");
    String name = unique("csrf-site");
    Http.Res post =
        s.send(
            api.api("/key-pair")
                .basic("alice", "password")
                .header("Origin", f.origin())
                .header("Sec-Fetch-Site", site)
                .header("X-CSRF-Token", s.csrf())
                .json("{\"name\":\"" + name + "\"}"),
            "POST");
    Expect.endpointError(post, 403, "rest_cookie_invalid_nonce");
    assertTrue(listed("alice", kp.apiKey()), "nothing revoked");
    assertFalse(listedByName("alice", name), "nothing created");
  }

  @Test
  void whenSameOriginWithSessionTokenThenCreateRevokeAndRevokeAllWork() {
    ProfileFixture.Session s = f.session("bob");
    Http.Res created =
        s.send(
            api.api("/key-pair")
                .basic("bob", "password")
                .header("Origin", f.origin())
                .header("Sec-Fetch-Site", "same-origin")
                .header("X-CSRF-Token", s.csrf())
                .json("{\"name\":\"from the page\"}"),
            "POST");
    assertEquals(201, created.status(), created::toString);
    String key = created.json().getString("api_key");
    Http.Res revoked =
        s.send(
            api.api("/key-pair/" + key)
                .basic("bob", "password")
                .header("Origin", f.origin())
                .header("X-CSRF-Token", s.csrf()),
            "DELETE");
    assertEquals(200, revoked.status(), revoked::toString);
    assertFalse(listed("bob", key));
    api.createKeyPair("bob", unique("all"));
    Http.Res all =
        s.send(
            api.api("/key-pair")
                .basic("bob", "password")
                .header("Sec-Fetch-Site", "same-origin")
                .header("X-CSRF-Token", s.csrf()),
            "DELETE");
    assertEquals(200, all.status(), all::toString);
    assertEquals(0, api.list("bob", null).size());
  }

  @Test
  void whenAdministratorActsForAliceFromThePageThenTokenChecksApplyToo() {
    ProfileFixture.Session s = f.session("admin");
    String name = unique("for-alice");
    Http.Res foreign =
        s.send(
            api.api("/key-pair?user=alice")
                .basic("admin", "password")
                .header("Origin", FOREIGN_ORIGIN)
                .header("X-CSRF-Token", s.csrf())
                .form("name", name),
            "POST");
    Expect.endpointError(foreign, 403, "rest_cookie_invalid_nonce");
    Http.Res ok =
        s.send(
            api.api("/key-pair?user=alice")
                .basic("admin", "password")
                .header("Origin", f.origin())
                .header("X-CSRF-Token", s.csrf())
                .form("name", name),
            "POST");
    assertEquals(201, ok.status(), ok::toString);
    assertTrue(listedByName("alice", name));
  }

  @Test
  void whenNoBrowserHeadersThenCurlStyleRequestsWorkUnchanged() {
    // curl -u alice:password -X POST -F name=laptop …/key-pair, then DELETE, with no cookie or
    // token
    Http.Res created =
        api.api("/key-pair").basic("alice", "password").multipart("name", "laptop").post();
    assertEquals(201, created.status(), created::toString);
    String key = created.json().getString("api_key");
    Http.Res revoked = api.api("/key-pair/" + key).basic("alice", "password").delete();
    assertEquals(200, revoked.status(), revoked::toString);
    assertFalse(listed("alice", key));
  }

  @Test
  void whenReadingKeyPairsFromAnotherOriginThenNotBlockedButNotReadableByThePage() {
    // GET changes nothing; the browser's same-origin policy keeps the JSON from a foreign page.
    Http.Res r =
        api.api("/key-pair").basic("alice", "password").header("Origin", FOREIGN_ORIGIN).get();
    assertEquals(200, r.status(), r::toString);
    assertTrue(r.header("Access-Control-Allow-Origin") == null, "no CORS grant");
  }
}
