package io.github.jwtauth.it.flow;

import static io.github.jwtauth.testsupport.Expect.endpointError;
import static io.github.jwtauth.testsupport.Expect.invalidToken;
import static io.github.jwtauth.testsupport.Expect.jsonContentType;
import static io.github.jwtauth.testsupport.Expect.noStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Api.Tokens;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.Deployment;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.TestWebapp;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code OPTIONS} and CORS (README "CORS") over HTTP on a real container: every route answers
 * {@code OPTIONS} with {@code Allow} and its JSON description; with {@code
 * jwt-auth.cors-allowed-origins}, preflights and real answers from an allowed origin carry the
 * {@code Access-Control-*} headers, on jwt-auth's routes and on the application's URLs (the
 * filter's own 401 included), and a disallowed origin gets none; {@code *} never comes with
 * credentials; a value that is no origin stops the webapp. Three deployments: CORS for two origins,
 * for {@code *}, and off.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CorsContract {
  static final String SECRET = "integration-test-secret-0123456789-abcdefghijklmnop";
  static final String APP = "https://app.example.com";
  static final String DEV = "http://localhost:5173";
  static final String EVIL = "https://evil.example";

  Container container;
  Databases.Db db;
  Deployment listed;
  Deployment any;
  Deployment off;
  Api api;
  Tokens tokens;

  abstract Container.Kind containerKind();

  TestWebapp webapp(String name, String origins) {
    TestWebapp w =
        TestWebapp.named(name)
            .param("jwt-auth.secret", SECRET)
            .param("jwt-auth.schema-create", "true")
            .param("jwt-auth.token-required", "/api/hello")
            .params(db.jdbcParams())
            .lenientAttemptLimits();
    return origins == null ? w : w.param("jwt-auth.cors-allowed-origins", origins);
  }

  @BeforeAll
  void start() {
    db = Databases.h2(getClass().getSimpleName());
    container = containerKind().start();
    listed = container.deploy(webapp("cors", APP + ", " + DEV)).requireStarted();
    any = container.deploy(webapp("cors-any", "*")).requireStarted();
    off = container.deploy(webapp("cors-off", null)).requireStarted();
    api = new Api(listed);
    tokens = api.tokens(api.createKeyPair("alice", "cors"));
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

  // ------------------------------------------------------------------ helpers

  static boolean varyOrigin(Http.Res r) {
    return r.headers("Vary").stream()
        .flatMap(v -> Arrays.stream(v.split(",")))
        .anyMatch(v -> v.trim().equalsIgnoreCase("Origin"));
  }

  static void noCorsHeaders(Http.Res r) {
    assertTrue(
        r.headers().keySet().stream().noneMatch(k -> k.toLowerCase().startsWith("access-control-")),
        r::toString);
  }

  /** The CORS headers of a real (not preflight) answer to origin. */
  static void allowed(Http.Res r, String origin) {
    assertEquals(origin, r.header("Access-Control-Allow-Origin"), r::toString);
    assertEquals("WWW-Authenticate", r.header("Access-Control-Expose-Headers"), r::toString);
    assertTrue(varyOrigin(r), r::toString);
    assertNull(r.header("Access-Control-Allow-Credentials"), r::toString);
  }

  static Http.Req preflight(Http.Req req, String origin, String method, String headers) {
    req.header("Origin", origin).header("Access-Control-Request-Method", method);
    return headers == null ? req : req.header("Access-Control-Request-Headers", headers);
  }

  static List<String> strings(JsonObject o, String key) {
    return o.getJsonArray(key).getValuesAs(JsonString.class).stream()
        .map(JsonString::getString)
        .toList();
  }

  // ------------------------------------------------------------------ OPTIONS

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/token | POST, OPTIONS | /jwt-auth/v1/token",
        "/token/validate | GET, POST, OPTIONS | /jwt-auth/v1/token/validate",
        "/key-pair | GET, POST, DELETE, OPTIONS | /jwt-auth/v1/key-pair",
        "/key-pair/someKey | GET, POST, DELETE, OPTIONS | '/jwt-auth/v1/key-pair/{user_id|api_key}'",
        "/key-pair/alice/revoke-all | DELETE, OPTIONS | /jwt-auth/v1/key-pair/{user_id}/revoke-all",
        "/key-pair/alice/someKey/revoke | DELETE, OPTIONS"
            + " | /jwt-auth/v1/key-pair/{user_id}/{api_key}/revoke",
        "/keys | GET, OPTIONS | /jwt-auth/v1/keys",
        "/profile | GET, OPTIONS | /jwt-auth/v1/profile"
      })
  void whenOptionsOnARouteThenAllowAndItsDescription(String path, String allow, String route) {
    for (Deployment d : List.of(listed, off)) {
      Http.Res r = new Api(d).api(path).options();
      assertEquals(200, r.status(), r::toString);
      assertEquals(allow, r.header("Allow"), r::toString);
      jsonContentType(r);
      noStore(r);
      JsonObject body = r.json();
      assertEquals("jwt-auth/v1", body.getString("namespace"));
      assertEquals(route, body.getString("route"));
      assertEquals(List.of(allow.split(", ")), strings(body, "methods"));
      for (JsonObject e : body.getJsonArray("endpoints").getValuesAs(JsonObject.class)) {
        assertFalse(strings(e, "methods").isEmpty(), body::toString);
        for (var arg : e.getJsonObject("args").values()) {
          assertEquals("string", arg.asJsonObject().getString("type"), body::toString);
        }
      }
      if (d == off) {
        noCorsHeaders(r);
      }
    }
  }

  @Test
  void whenOptionsOnTokenThenItsParametersAreDescribed() {
    JsonObject body = api.api("/token").options().json();
    JsonObject post = body.getJsonArray("endpoints").getJsonObject(0);
    assertEquals(List.of("POST"), strings(post, "methods"));
    JsonObject args = post.getJsonObject("args");
    assertEquals(
        List.of(
            "api_key", "api_secret", "client_id", "client_secret", "grant_type", "refresh_token"),
        List.copyOf(args.keySet()));
    assertEquals(
        List.of("client_credentials", "refresh_token"),
        strings(args.getJsonObject("grant_type"), "enum"));
    assertFalse(args.getJsonObject("api_key").getBoolean("required"));
  }

  @Test
  void whenOptionsOnKeyPairThenCreationNeedsAName() {
    JsonObject body = api.api("/key-pair").options().json();
    JsonObject post = body.getJsonArray("endpoints").getJsonObject(1);
    assertEquals(List.of("POST"), strings(post, "methods"));
    JsonObject name = post.getJsonObject("args").getJsonObject("name");
    assertTrue(name.getBoolean("required"));
    assertEquals(200, name.getInt("maxLength"));
    assertEquals(
        List.of("name", "expires_in", "expires_at", "roles", "user"),
        List.copyOf(post.getJsonObject("args").keySet()));
    assertFalse(post.getJsonObject("args").getJsonObject("roles").getBoolean("required"));
    assertEquals(
        "^[0-9]{1,4}$",
        post.getJsonObject("args").getJsonObject("expires_in").getString("pattern"));
  }

  @Test
  void whenOptionsOnNoRouteThenNoRoute() {
    endpointError(api.api("/nope").options(), 404, "rest_no_route");
    endpointError(api.api("/key-pair/a/b").options(), 404, "rest_no_route");
  }

  // ------------------------------------------------------------------ preflights

  @Test
  void whenPreflightToTokenFromAllowedOriginThenGranted() {
    Http.Res r = preflight(api.api("/token"), APP, "POST", "content-type").options();
    assertEquals(200, r.status(), r::toString);
    assertEquals(APP, r.header("Access-Control-Allow-Origin"), r::toString);
    assertEquals("POST", r.header("Access-Control-Allow-Methods"), r::toString);
    assertEquals("content-type", r.header("Access-Control-Allow-Headers"), r::toString);
    assertEquals("1800", r.header("Access-Control-Max-Age"), r::toString);
    assertTrue(varyOrigin(r), r::toString);
    assertNull(r.header("Access-Control-Allow-Credentials"), r::toString);
    assertEquals("POST, OPTIONS", r.header("Allow"), r::toString);
  }

  @Test
  void whenPreflightToValidateAsksForAuthorizationThenOnlyAllowedHeadersGranted() {
    Http.Res r =
        preflight(api.api("/token/validate"), DEV, "GET", "authorization,x-custom").options();
    assertEquals(200, r.status(), r::toString);
    assertEquals(DEV, r.header("Access-Control-Allow-Origin"), r::toString);
    assertEquals("GET, POST", r.header("Access-Control-Allow-Methods"), r::toString);
    assertEquals("authorization", r.header("Access-Control-Allow-Headers"), r::toString);
  }

  @Test
  void whenPreflightFromDisallowedOriginOrWithCorsOffThenNoCorsHeaders() {
    for (Http.Req req :
        List.of(
            preflight(api.api("/token"), EVIL, "POST", "content-type"),
            preflight(api.api("/token"), APP + ":8443", "POST", "content-type"),
            preflight(new Api(off).api("/token"), APP, "POST", "content-type"))) {
      Http.Res r = req.options();
      assertEquals(200, r.status(), r::toString);
      noCorsHeaders(r);
    }
  }

  @Test
  void whenPreflightToAppUrlFromAllowedOriginThenTheFilterAnswers204() {
    Http.Res r = preflight(api.app("/api/hello"), APP, "GET", "authorization").options();
    assertEquals(204, r.status(), r::toString);
    assertEquals(APP, r.header("Access-Control-Allow-Origin"), r::toString);
    assertEquals(
        "GET, HEAD, POST, PUT, PATCH, DELETE",
        r.header("Access-Control-Allow-Methods"),
        r::toString);
    assertEquals("authorization", r.header("Access-Control-Allow-Headers"), r::toString);
    assertEquals("1800", r.header("Access-Control-Max-Age"), r::toString);
    assertTrue(varyOrigin(r), r::toString);
    assertNull(r.header("WWW-Authenticate"), "token-required does not apply to a preflight");
    assertTrue(r.body().isEmpty(), r::toString);
  }

  @Test
  void whenPreflightToAppUrlFromDisallowedOriginThenTheAppAnswersWithoutCorsHeaders() {
    Http.Res r = preflight(api.app("/api/hello"), EVIL, "GET", "authorization").options();
    assertEquals(200, r.status(), "HttpServlet's own OPTIONS answer: " + r);
    noCorsHeaders(r);
    assertTrue(varyOrigin(r), r::toString);
  }

  @Test
  void whenPlainOptionsOnTokenRequiredUrlThenStillRefusedButReadable() {
    Http.Res r = api.app("/api/hello").header("Origin", APP).options();
    endpointError(r, 401, "rest_authentication_no_header");
    allowed(r, APP);
  }

  // ------------------------------------------------------------------ real answers

  @Test
  void whenTokenFetchedFromAllowedOriginThenReadable() {
    Http.Res r =
        api.api("/token")
            .header("Origin", APP)
            .json(
                "{\"api_key\":\"nope\",\"api_secret\":\"nope\"}") // an error answer is readable too
            .post();
    assertEquals(403, r.status(), r::toString);
    allowed(r, APP);
    Http.Res ok = api.api("/token/validate").header("Origin", DEV).bearer(tokens.access()).get();
    assertEquals(200, ok.status(), ok::toString);
    allowed(ok, DEV);
  }

  @Test
  void whenAppCalledFromAllowedOriginThenItsAnswerAndTheFiltersRefusalsAreReadable() {
    Http.Res me = api.app("/api/me").header("Origin", APP).bearer(tokens.access()).get();
    assertEquals(200, me.status(), me::toString);
    allowed(me, APP);

    Http.Res noToken = api.app("/api/hello").header("Origin", APP).get();
    endpointError(noToken, 401, "rest_authentication_no_header");
    assertEquals("Bearer realm=\"jwt-auth\"", noToken.header("WWW-Authenticate"));
    allowed(noToken, APP);

    Http.Res badToken = api.app("/api/me").header("Origin", DEV).bearer("garbage").get();
    invalidToken(badToken, "rest_authentication_token_error");
    allowed(badToken, DEV);
  }

  @Test
  void whenCalledFromDisallowedOriginOrWithoutOriginThenNoCorsHeaders() {
    for (Http.Req req :
        List.of(
            api.app("/api/me").header("Origin", EVIL).bearer(tokens.access()),
            api.app("/api/hello").header("Origin", EVIL),
            api.api("/keys").header("Origin", EVIL),
            api.app("/api/me").bearer(tokens.access()))) {
      Http.Res r = req.get();
      noCorsHeaders(r);
      assertTrue(varyOrigin(r), r::toString);
    }
    Http.Res corsOff = new Api(off).app("/api/hello").header("Origin", APP).get();
    noCorsHeaders(corsOff);
    assertFalse(varyOrigin(corsOff), corsOff::toString);
  }

  @Test
  void whenAnyOriginThenStarWithoutCredentials() {
    Api star = new Api(any);
    Http.Res r = star.app("/api/hello").header("Origin", EVIL).get();
    assertEquals(401, r.status(), r::toString);
    allowed(r, "*");
    Http.Res p = preflight(star.api("/token"), EVIL, "POST", "content-type").options();
    assertEquals("*", p.header("Access-Control-Allow-Origin"), p::toString);
    assertNull(p.header("Access-Control-Allow-Credentials"), p::toString);
    Http.Res app = preflight(star.app("/api/me"), EVIL, "GET", "authorization").options();
    assertEquals(204, app.status(), app::toString);
    assertEquals("*", app.header("Access-Control-Allow-Origin"), app::toString);
  }

  // ------------------------------------------------------------------ start-up

  @Test
  void whenAllowedOriginIsNoOriginThenTheWebappDoesNotStart() {
    Deployment d = container.deploy(webapp("cors-bad", APP + "/app"));
    try {
      assertTrue(d.failed(), d::toString);
      assertTrue(
          d.failure()
              .contains(
                  "Parameter jwt-auth.cors-allowed-origins has '"
                      + APP
                      + "/app', which is not an origin"),
          d::failure);
    } finally {
      container.undeploy(d);
    }
  }
}
