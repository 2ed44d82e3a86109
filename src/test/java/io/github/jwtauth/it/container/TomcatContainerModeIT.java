package io.github.jwtauth.it.container;

import static io.github.jwtauth.it.container.ContainerModeWebapp.CONTAINER_MODE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.Deployment;
import io.github.jwtauth.testsupport.Expect;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.TestWebapp;
import io.github.jwtauth.testsupport.TomcatContainer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Container mode on Tomcat 11: the container authenticates Bearer requests through jwt-auth's
 * Jakarta Authentication module before it enforces the web.xml security-constraints, so a legacy
 * webapp with constraints and a BASIC login-config serves Bearer tokens unchanged, and BASIC keeps
 * working against the container's realm.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TomcatContainerModeIT {
  Databases.Db db;
  Container tomcat;
  ContainerModeWebapp.Logged auto;
  ContainerModeWebapp.Logged filterMode;
  Deployment shortLived;
  ContainerModeWebapp.Logged oauth;
  Api api;
  Api.Tokens admin;
  Api.Tokens alice;

  @BeforeAll
  void start() {
    db = Databases.h2("TomcatContainerModeIT");
    tomcat = new TomcatContainer();
    auto = ContainerModeWebapp.deploy(tomcat, ContainerModeWebapp.constrained("auto", db));
    auto.deployment().requireStarted();
    filterMode =
        ContainerModeWebapp.deploy(
            tomcat, ContainerModeWebapp.constrained("filter", db).param("jwt-auth.mode", "filter"));
    filterMode.deployment().requireStarted();
    shortLived =
        tomcat
            .deploy(
                ContainerModeWebapp.constrained("short", db)
                    .param("jwt-auth.access-token-ttl", "1")
                    .param("jwt-auth.leeway", "0"))
            .requireStarted();
    oauth =
        ContainerModeWebapp.deploy(
            tomcat,
            ContainerModeWebapp.constrained("oauth", db)
                .param("jwt-auth.introspection-role", "administrator")
                .withTomcatDefaultServlet());
    oauth.deployment().requireStarted();
    api = new Api(auto.deployment());
    admin = api.tokens(api.createKeyPair("admin", "container mode")); // BASIC, unconstrained
    alice = api.tokens(api.createKeyPair("alice", "container mode"));
  }

  @AfterAll
  void stop() {
    try {
      if (tomcat != null) {
        tomcat.close();
      }
    } finally {
      if (db != null) {
        db.close();
      }
    }
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void whenStartedThenOneLineSaysWhichMode() {
    assertEquals(List.of(CONTAINER_MODE), auto.modeLines());
    assertEquals(List.of("jwt-auth: filter mode (jwt-auth.mode=filter)"), filterMode.modeLines());
  }

  /**
   * Issue 14: the discovery documents, introspection and revocation work through the module too: a
   * bad Bearer header does not refuse the public metadata, and HTTP Basic client credentials (a
   * key-pair, not a realm user) are left to the endpoints on these unconstrained URLs.
   */
  @Test
  void whenStandardOAuthEndpointsUsedInContainerModeThenTheyAnswerAsInFilterMode() {
    assertEquals(List.of(CONTAINER_MODE), oauth.modeLines());
    Api o = new Api(oauth.deployment());
    Http.Res meta = o.app("/.well-known/oauth-authorization-server").bearer("bad").get();
    assertEquals(200, meta.status(), meta::toString);
    String base = oauth.deployment().baseUri() + Api.BASE_PATH;
    assertEquals(base + "/introspect", meta.json().getString("introspection_endpoint"));
    assertEquals(
        200, o.app("/.well-known/oauth-protected-resource").get().status(), "RFC 9728 document");

    Api.KeyPair rs = o.createKeyPair("admin", unique("resource-server"));
    Api.Tokens t = o.tokens(o.createKeyPair("alice", unique("client")));
    Http.Res live =
        o.api("/introspect").basic(rs.apiKey(), rs.apiSecret()).form("token", t.access()).post();
    assertEquals(200, live.status(), live::toString);
    assertTrue(live.json().getBoolean("active"), live::toString);
    assertEquals("alice", live.json().getString("username"));

    assertEquals(200, o.api("/revoke").form("token", t.refresh()).post().status());
    Expect.endpointError(o.refresh(t.refresh()), 403, "rest_authentication_refresh_token_reused");
  }

  @Test
  void whenAdminTokenOnAdminConstraintThen200() {
    Http.Res r = api.app("/api/admin/reports").bearer(admin.access()).get();
    assertEquals(200, r.status(), r::toString);
    assertEquals("hello", r.body());
  }

  @Test
  void whenUserTokenOnAdminConstraintThen403() {
    Http.Res r = api.app("/api/admin/reports").bearer(alice.access()).get();
    assertEquals(403, r.status(), r::toString);
  }

  /**
   * A key-pair restricted to some of its owner's roles: the module hands the container only those
   * (GroupPrincipalCallback), so the constraint refuses its token where the owner's BASIC login
   * passes.
   */
  @Test
  void whenAdminKeyPairRestrictedToUserThenItsTokenGets403WhereTheAdminsBasicLoginGets200() {
    Http.Res basic = api.app("/api/admin/reports").basic("admin", "password").get();
    assertEquals(200, basic.status(), basic::toString);
    Http.Res created =
        api.api("/key-pair")
            .basic("admin", "password")
            .multipart("name", unique("deploy"), "roles", "user")
            .post();
    assertEquals(201, created.status(), created::toString);
    JsonObject b = created.json();
    String token =
        api.tokens(new Api.KeyPair("admin", b.getString("api_key"), b.getString("api_secret"), b))
            .access();
    Http.Res refused = api.app("/api/admin/reports").bearer(token).get();
    assertEquals(403, refused.status(), refused::toString);
    Expect.me(api.me(token), "admin", "Bearer", false);
    Http.Res unrestricted = api.app("/api/admin/reports").bearer(admin.access()).get();
    assertEquals(200, unrestricted.status(), unrestricted::toString);
  }

  @Test
  void whenTokenOnConstrainedLegacyServletThenItSeesTheTokensUser() {
    Expect.me(api.me(admin.access()), "admin", "Bearer", true);
    Expect.me(api.me(alice.access()), "alice", "Bearer", false);
  }

  @Test
  void whenTokenOnUnconstrainedUrlThenServedAsInFilterMode() {
    Http.Res r = api.app("/api/hello").bearer(admin.access()).get();
    assertEquals(200, r.status(), r::toString);
    assertEquals("hello", r.body());
  }

  @Test
  void whenInvalidTokenThen401BearerChallengeOnEveryUrl() {
    for (String path : List.of("/api/admin/reports", "/api/me", "/api/hello")) {
      Expect.invalidToken(api.app(path).bearer("garbage").get(), "rest_authentication_token_error");
    }
  }

  /**
   * The module refuses a bad token before any filter runs; with CORS on, that 401 carries the CORS
   * headers for an allowed origin, so a page on that origin can read it.
   */
  @Test
  void whenCorsOnAndBadTokenRefusedByTheModuleThenThe401CarriesCorsHeaders() {
    ContainerModeWebapp.Logged cors =
        ContainerModeWebapp.deploy(
            tomcat,
            ContainerModeWebapp.constrained("cors", db)
                .param("jwt-auth.cors-allowed-origins", "http://localhost:5173"));
    cors.deployment().requireStarted();
    Api corsApi = new Api(cors.deployment());
    Http.Res allowed =
        corsApi
            .app("/api/admin/reports")
            .header("Origin", "http://localhost:5173")
            .bearer("garbage")
            .get();
    Expect.invalidToken(allowed, "rest_authentication_token_error");
    assertEquals(
        "http://localhost:5173", allowed.header("Access-Control-Allow-Origin"), allowed::toString);
    assertEquals(
        "WWW-Authenticate", allowed.header("Access-Control-Expose-Headers"), allowed::toString);
    Http.Res other =
        corsApi
            .app("/api/admin/reports")
            .header("Origin", "http://evil.test")
            .bearer("garbage")
            .get();
    Expect.invalidToken(other, "rest_authentication_token_error");
    assertEquals(null, other.header("Access-Control-Allow-Origin"), other::toString);
  }

  /** The module, like the filter, takes no Bearer header as a credential of the token endpoint. */
  @Test
  void whenAStaleBearerHeaderIsSentToTheTokenEndpointThenTheRefreshWorks() {
    Api.Tokens t = api.tokens(api.createKeyPair("admin", unique("stale")));
    Http.Res r = api.api("/token").bearer("garbage").multipart("refresh_token", t.refresh()).post();
    assertEquals(200, r.status(), r::toString);
  }

  @Test
  void whenRefreshTokenUsedAsAccessTokenThen401InvalidTokenType() {
    Expect.invalidToken(
        api.app("/api/admin/reports").bearer(admin.refresh()).get(),
        "rest_authentication_invalid_token_type");
  }

  @Test
  void whenKeyPairRevokedThenItsTokenIs401Revoked() {
    Api.KeyPair kp = api.createKeyPair("admin", unique("revoked"));
    Api.Tokens t = api.tokens(kp);
    assertEquals(200, api.app("/api/admin/reports").bearer(t.access()).get().status());
    Http.Res del = api.api("/key-pair/" + kp.apiKey()).basic("admin", "password").delete();
    assertEquals(200, del.status(), del::toString);
    Expect.invalidToken(
        api.app("/api/admin/reports").bearer(t.access()).get(),
        "rest_authentication_revoked_api_key");
  }

  @Test
  void whenTokenExpiredThen401TokenExpired() throws InterruptedException {
    Api shortApi = new Api(shortLived);
    Api.Tokens t = shortApi.tokens(shortApi.createKeyPair("admin", unique("short")));
    Thread.sleep(2500);
    Expect.invalidToken(shortApi.me(t.access()), "rest_authentication_token_expired");
  }

  @Test
  void whenBasicWithTheRightPasswordThenTheContainerRealmAuthenticates() {
    Expect.me(api.app("/api/me").basic("admin", "password").get(), "admin", "BASIC", true);
    Expect.me(api.app("/api/me").basic("alice", "password").get(), "alice", "BASIC", false);
    Http.Res r = api.app("/api/admin/reports").basic("admin", "password").get();
    assertEquals(200, r.status(), r::toString);
    assertEquals(403, api.app("/api/admin/reports").basic("alice", "password").get().status());
  }

  @Test
  void whenBasicWithAWrongPasswordThen401BasicChallenge() {
    Http.Res r = api.app("/api/me").basic("admin", "wrong").get();
    assertEquals(401, r.status(), r::toString);
    Expect.basicChallenge(r);
  }

  @Test
  void whenAnonymousOnConstrainedUrlThen401BasicChallenge() {
    for (String path : List.of("/api/me", "/api/admin/reports")) {
      Http.Res r = api.app(path).get();
      assertEquals(401, r.status(), r::toString);
      Expect.basicChallenge(r);
    }
    Http.Res open = api.app("/api/hello").get();
    assertEquals(200, open.status(), open::toString);
  }

  @Test
  void whenTokenOnKeyPairRoutesThenTheSameAnswerAsInFilterMode() {
    Api filterApi = new Api(filterMode.deployment());
    Api.Tokens t = filterApi.tokens(filterApi.createKeyPair("admin", unique("filter")));
    Http.Res container = api.api("/key-pair").bearer(admin.access()).get();
    Http.Res filter = filterApi.api("/key-pair").bearer(t.access()).get();
    assertEquals(filter.status(), container.status(), container::toString);
    JsonObject c = container.json();
    assertEquals(filter.json().getString("code"), c.getString("code"), container::toString);
  }

  @Test
  void whenFilterModeThenTheConstraintRefusesTheToken() {
    Api filterApi = new Api(filterMode.deployment());
    Api.Tokens t = filterApi.tokens(filterApi.createKeyPair("admin", unique("filter")));
    Http.Res r = filterApi.app("/api/admin/reports").bearer(t.access()).get();
    assertEquals(401, r.status(), r::toString);
    Expect.basicChallenge(r);
    assertEquals(200, filterApi.app("/api/hello").bearer(t.access()).get().status());
    Expect.me(filterApi.app("/api/me").basic("admin", "password").get(), "admin", "BASIC", true);
  }

  @Test
  void whenModeContainerWithoutConstraintsThenContainerModeAndFlowsWork() {
    ContainerModeWebapp.Logged d =
        ContainerModeWebapp.deploy(
            tomcat, ContainerModeWebapp.plain("forced", db).param("jwt-auth.mode", "container"));
    d.deployment().requireStarted();
    assertEquals(List.of(CONTAINER_MODE), d.modeLines());
    Api forced = new Api(d.deployment());
    Api.Tokens t = forced.tokens(forced.createKeyPair("admin", unique("forced")));
    Expect.me(forced.me(t.access()), "admin", "Bearer", true);
    Expect.me(forced.app("/api/me").get(), null, null, false);
    tomcat.undeploy(d.deployment());
  }

  @Test
  void whenAutoWithoutConstraintsThenFilterMode() {
    ContainerModeWebapp.Logged d =
        ContainerModeWebapp.deploy(tomcat, ContainerModeWebapp.plain("unconstrained", db));
    d.deployment().requireStarted();
    assertEquals(
        List.of("jwt-auth: filter mode (no security-constraint in web.xml or its web-fragments)"),
        d.modeLines());
    tomcat.undeploy(d.deployment());
  }

  /** A jar for WEB-INF/lib holding only {@code META-INF/web-fragment.xml} with these elements. */
  static Path fragmentJar(String name, String elements) {
    try {
      Path jar = TestWebapp.targetDir().resolve("fragments").resolve(name + ".jar");
      Files.createDirectories(jar.getParent());
      try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
        zip.putNextEntry(new ZipEntry("META-INF/web-fragment.xml"));
        zip.write(
            ("<web-fragment xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">"
                    + "<name>"
                    + name
                    + "</name>"
                    + elements
                    + "</web-fragment>")
                .getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Servlet 6.0 §8.2.3: without one in web.xml, a web-fragment's login-config applies. */
  @Test
  void whenTheLoginConfigIsInAWebFragmentThenContainerModeCarriesItOver() {
    ContainerModeWebapp.Logged d =
        ContainerModeWebapp.deploy(
            tomcat,
            ContainerModeWebapp.constrained("fragment-login", db)
                .loginConfig("")
                .lib(
                    fragmentJar(
                        "legacy-login",
                        "<login-config><auth-method>BASIC</auth-method>"
                            + "<realm-name>fragment realm</realm-name></login-config>")));
    d.deployment().requireStarted();
    assertEquals(List.of(CONTAINER_MODE), d.modeLines());
    Api a = new Api(d.deployment());
    Http.Res anonymous = a.app("/api/admin/reports").get();
    assertEquals(401, anonymous.status(), anonymous::toString);
    assertEquals(
        "Basic realm=\"fragment realm\", charset=UTF-8", anonymous.header("WWW-Authenticate"));
    assertEquals(200, a.app("/api/admin/reports").basic("admin", "password").get().status());
    Api.Tokens t = a.tokens(a.createKeyPair("admin", unique("fragment")));
    assertEquals(200, a.app("/api/admin/reports").bearer(t.access()).get().status());
    tomcat.undeploy(d.deployment());
  }

  /** Servlet 6.0 §8.2.3: a web-fragment's security-constraints are the application's too. */
  @Test
  void whenTheOnlyConstraintIsInAWebFragmentThenAutoChoosesContainerMode() {
    ContainerModeWebapp.Logged d =
        ContainerModeWebapp.deploy(
            tomcat,
            ContainerModeWebapp.plain("fragment-constraint", db)
                .lib(
                    fragmentJar(
                        "legacy-constraint",
                        "<security-constraint><web-resource-collection>"
                            + "<web-resource-name>me</web-resource-name>"
                            + "<url-pattern>/api/me</url-pattern></web-resource-collection>"
                            + "<auth-constraint><role-name>administrator</role-name>"
                            + "</auth-constraint></security-constraint>")));
    d.deployment().requireStarted();
    assertEquals(List.of(CONTAINER_MODE), d.modeLines());
    Api a = new Api(d.deployment());
    Http.Res anonymous = a.app("/api/me").get();
    assertEquals(401, anonymous.status(), anonymous::toString);
    Expect.basicChallenge(anonymous);
    Api.Tokens t = a.tokens(a.createKeyPair("admin", unique("fragment")));
    Expect.me(a.me(t.access()), "admin", "Bearer", true);
    tomcat.undeploy(d.deployment());
  }

  @Test
  void whenModeIsNotAKnownValueThenTheWebappDoesNotStart() {
    Deployment d =
        tomcat.deploy(ContainerModeWebapp.constrained("bad-mode", db).param("jwt-auth.mode", "x"));
    assertTrue(d.failed(), d::toString);
    assertTrue(
        d.failure().contains("Parameter jwt-auth.mode must be auto, container or filter, not 'x'"),
        d::failure);
  }
}
