package io.github.jwtauth.it.attack;

import static io.github.jwtauth.testsupport.Expect.endpointError;
import static io.github.jwtauth.testsupport.Expect.errorOneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Api.KeyPair;
import io.github.jwtauth.testsupport.Api.Tokens;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.Deployment;
import io.github.jwtauth.testsupport.Expect;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.Json;
import io.github.jwtauth.testsupport.TestWebapp;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and malformed input on every field of {@code /token} and {@code /key-pair}: each gets a
 * clean 4xx JSON error with a stable code (never a 500, never a stack trace), and after every test
 * the key-pair table is unchanged (row count read straight from H2, the admin's listing, and a
 * reference key-pair and token that still work).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BadInputContract {
  static final String SECRET = "bad-input-test-secret-0123456789-abcdefghijklmnop";
  static final int MAX_BODY = 16384;

  static final String TEN_K = "x".repeat(10_000);

  /** label, value */
  static final List<String[]> EVIL =
      List.of(
          new String[] {"sql-or", "' OR '1'='1"},
          new String[] {"sql-drop", "\"; DROP TABLE jwt_auth_key_pair; --"},
          new String[] {"sql-comment", "admin'--"},
          new String[] {"sql-union", "x' UNION SELECT api_key, api_key FROM jwt_auth_key_pair --"},
          new String[] {"unicode", "ключ-🔑-ü-\u202e-漢字"},
          new String[] {"controls", "a\u0000b\r\nc\td"},
          new String[] {"10k", TEN_K});

  Container container;
  Databases.Db db;
  Deployment app;
  Api api;
  KeyPair reference;
  Tokens referenceTokens;
  long expectedRows;
  int adminRows;

  abstract Container.Kind containerKind();

  @BeforeAll
  void start() {
    db = Databases.h2(getClass().getSimpleName());
    container = containerKind().start();
    app =
        container
            .deploy(
                TestWebapp.named("bad-input")
                    .param("jwt-auth.secret", SECRET)
                    .param("jwt-auth.schema-create", "true")
                    .param("jwt-auth.max-token-size", "2048")
                    .lenientAttemptLimits()
                    .params(db.jdbcParams()))
            .requireStarted();
    api = new Api(app);
    reference = api.createKeyPair("admin", "reference");
    referenceTokens = api.tokens(reference);
    expectedRows = db.queryLong("SELECT COUNT(*) FROM jwt_auth_key_pair");
    adminRows = api.list("admin", null).size();
    assertEquals(1, expectedRows, "one key-pair after setup");
  }

  @AfterAll
  void stop() {
    try {
      if (container != null) {
        container.close();
      }
    } finally {
      if (db != null) {
        db.close();
      }
    }
  }

  @AfterEach
  void storeIsIntact() {
    assertEquals(
        expectedRows, db.queryLong("SELECT COUNT(*) FROM jwt_auth_key_pair"), "key-pair rows");
    db.queryLong("SELECT COUNT(*) FROM jwt_auth_refresh_token"); // still there
    assertEquals(adminRows, api.list("admin", null).size(), "admin's key-pairs");
    Expect.me(api.me(referenceTokens.access()), "admin", "Bearer", true);
    assertEquals(
        200, api.token(reference.apiKey(), reference.apiSecret()).status(), "reference key-pair");
  }

  enum Enc {
    MULTIPART,
    URLENCODED,
    JSON
  }

  Http.Res post(String route, Enc enc, String... pairs) {
    Http.Req req = api.api(route);
    int size = 0;
    for (String p : pairs) {
      size += p.length();
    }
    if (size > MAX_BODY - 512) {
      req.retryIfConnectionLost(); // refused unread: see Http.Req#retryIfConnectionLost
    }
    return switch (enc) {
      case MULTIPART -> req.multipart(pairs).post();
      case URLENCODED -> req.form(pairs).post();
      case JSON -> req.json(Json.obj(pairs)).post();
    };
  }

  static Stream<Arguments> evilByEncoding() {
    List<Arguments> out = new ArrayList<>();
    for (Enc e : Enc.values()) {
      for (String[] v : EVIL) {
        out.add(Arguments.of(e, v[0], v[1]));
      }
    }
    return out.stream();
  }

  static Stream<Arguments> evil() {
    return EVIL.stream().map(v -> Arguments.of(v[0], v[1]));
  }

  /** 10k values may also be refused as oversized input; everything else has exactly one answer. */
  static JsonObject expect(Http.Res r, String label, int status, String code) {
    if (label.equals("10k") && r.status() == 400) {
      return endpointError(r, 400, "rest_authentication_invalid_request");
    }
    return endpointError(r, status, code);
  }

  // ------------------------------------------------------------------ /token fields

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("evilByEncoding")
  void whenApiKeyIsHostileThen403InvalidKeyPair(Enc enc, String label, String value) {
    Http.Res r = post("/token", enc, "api_key", value, "api_secret", reference.apiSecret());
    expect(r, label, 403, "rest_authentication_invalid_api_key_secret");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("evilByEncoding")
  void whenApiSecretIsHostileThen403InvalidKeyPair(Enc enc, String label, String value) {
    Http.Res r = post("/token", enc, "api_key", reference.apiKey(), "api_secret", value);
    expect(r, label, 403, "rest_authentication_invalid_api_key_secret");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("evilByEncoding")
  void whenRefreshTokenIsHostileThen403TokenError(Enc enc, String label, String value) {
    Http.Res r = post("/token", enc, "refresh_token", value);
    expect(r, label, 403, "rest_authentication_token_error");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("evilByEncoding")
  void whenOAuthClientCredentialsAreHostileThen403InvalidKeyPair(
      Enc enc, String label, String value) {
    Http.Res r =
        post(
            "/token",
            enc,
            "grant_type",
            "client_credentials",
            "client_id",
            value,
            "client_secret",
            value);
    expect(r, label, 403, "rest_authentication_invalid_api_key_secret");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("evil")
  void whenGrantTypeIsHostileThenClean4xx(String label, String value) {
    Http.Res r =
        post(
            "/token",
            Enc.URLENCODED,
            "grant_type",
            value,
            "client_id",
            reference.apiKey(),
            "client_secret",
            "wrong");
    assertTrue(r.status() >= 400 && r.status() < 500, r::toString);
    String code = r.json().getString("code", "");
    assertTrue(code.startsWith("rest_authentication_"), r::toString);
    endpointError(r, r.status(), code);
  }

  // ------------------------------------------------------------------ /key-pair fields

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("evilByEncoding")
  void whenKeyPairNameIsHostileThenStoredVerbatimOrRefusedCleanly(
      Enc enc, String label, String value) {
    Http.Req req = api.api("/key-pair").basic("alice", "password");
    Http.Res r =
        switch (enc) {
          case MULTIPART -> req.multipart("name", value).post();
          case URLENCODED -> req.form("name", value).post();
          case JSON -> req.json(Json.obj("name", value)).post();
        };
    if (r.status() == 201) {
      expectedRows++;
      JsonObject b = r.json();
      String key = b.getString("api_key");
      String listed = null;
      for (JsonValue v : api.list("alice", null)) {
        if (v.asJsonObject().getString("api_key").equals(key)) {
          listed = v.asJsonObject().getString("name");
        }
      }
      assertEquals(value, listed, "a name is data: stored and listed verbatim");
      Expect.me(
          api.me(api.tokens(new KeyPair("alice", key, b.getString("api_secret"), b)).access()),
          "alice",
          "Bearer",
          false);
    } else {
      // a limit on names is fine, for the 10k value or control characters, if it is a clean 400
      assertTrue(label.equals("10k") || label.equals("controls"), r::toString);
      errorOneOf(
          r,
          new int[] {400},
          "rest_authentication_invalid_request",
          "rest_authentication_required_name_error");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("evil")
  void whenUserParamIsHostileForNonAdminThen403EditUserError(String label, String value) {
    Http.Res r = api.api("/key-pair?user=" + Http.enc(value)).basic("alice", "password").get();
    if (label.equals("10k") && r.status() != 403) {
      assertTrue(
          r.status() >= 400 && r.status() < 500, r::toString); // URI length limits of the container
      return;
    }
    endpointError(r, 403, "rest_authentication_edit_user_error");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("evil")
  void whenUserParamIsHostileForAdminThenNothingOfOthersIsListedOrRevoked(
      String label, String value) {
    Http.Res list = api.api("/key-pair?user=" + Http.enc(value)).basic("admin", "password").get();
    if (label.equals("10k")
        && list.status() >= 400
        && list.status() < 500
        && !list.body().startsWith("[")) {
      return; // URI length limits of the container (headers of 8 KiB)
    }
    if (list.status() == 200) {
      JsonArray rows = Json.parse(list.body()).asJsonArray();
      assertEquals(0, rows.size(), () -> "no such user, nothing to list: " + list);
    } else {
      endpointError(list, 404, "rest_authentication_invalid_user_error");
    }
    Http.Res revokeAll =
        api.api("/key-pair?user=" + Http.enc(value)).basic("admin", "password").delete();
    if (revokeAll.status() == 200) {
      JsonObject b = revokeAll.json();
      assertEquals(
          0, b.getJsonArray("revoked").size(), () -> "nothing may be revoked: " + revokeAll);
    } else {
      endpointError(revokeAll, 404, "rest_authentication_invalid_user_error");
    }
  }

  static Stream<Arguments> evilPathSegments() {
    // 10k: over the containers' 8 KiB request-line limit; controls: %00 and CR LF in a path are
    // refused by Jetty and Tomcat themselves (400 HTML) before any filter runs
    return Stream.concat(
        EVIL.stream()
            .filter(v -> !v[0].equals("10k") && !v[0].equals("controls"))
            .map(v -> Arguments.of(v[0], v[1])),
        Stream.of(Arguments.of("2k", "k".repeat(2000))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("evilPathSegments")
  void whenPathApiKeyIsHostileThen404NotFound(String label, String value) {
    Http.Res r = api.api("/key-pair/" + Http.enc(value)).basic("admin", "password").delete();
    endpointError(r, 404, "rest_authentication_key_pair_not_found");
  }

  // ------------------------------------------------------------------ malformed bodies

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"api_key\":",
        "{api_key: 'x'}",
        "[1,2]",
        "\"a string\"",
        "42",
        "null",
        "true",
        "",
        "{\"api_key\":\"a\"} trailing"
      })
  void whenTokenJsonIsMalformedOrNotAnObjectThen400InvalidRequest(String body) {
    endpointError(api.api("/token").json(body).post(), 400, "rest_authentication_invalid_request");
  }

  @Test
  void whenTokenJsonIsDeeplyNestedThen400InvalidRequest() {
    String nested = "{\"api_key\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    endpointError(
        api.api("/token").json(nested).post(), 400, "rest_authentication_invalid_request");
  }

  @Test
  void whenTokenJsonFieldsHaveWrongTypesThenClean4xx() {
    Http.Res r = api.api("/token").json("{\"api_key\":1,\"api_secret\":{\"$ne\":null}}").post();
    errorOneOf(
        r,
        new int[] {400, 403},
        "rest_authentication_invalid_request",
        "rest_authentication_invalid_api_key_secret",
        "rest_authentication_required_api_key_secret");
    Expect.noStore(r);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"name\":", "[\"name\"]", "\"name\"", "{\"name\":{\"$gt\":\"\"}}"})
  void whenKeyPairJsonIsMalformedOrNotAnObjectThen400(String body) {
    Http.Res r = api.api("/key-pair").basic("alice", "password").json(body).post();
    errorOneOf(
        r,
        new int[] {400},
        "rest_authentication_invalid_request",
        "rest_authentication_required_name_error");
    Expect.noStore(r);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "text/plain",
        "application/xml",
        "application/octet-stream",
        "text/html; charset=UTF-8"
      })
  void whenTokenContentTypeIsNotFormMultipartOrJsonThen400InvalidRequest(String type) {
    String body =
        type.contains("xml")
            ? "<token><api_key>" + reference.apiKey() + "</api_key></token>"
            : Http.urlencoded("api_key", reference.apiKey(), "api_secret", reference.apiSecret());
    endpointError(
        api.api("/token").body(type, body).post(), 400, "rest_authentication_invalid_request");
  }

  @Test
  void whenTokenBodyHasNoContentTypeThen400InvalidRequest() {
    Http.Res r =
        api.api("/token")
            .body(
                null,
                Http.urlencoded("api_key", reference.apiKey(), "api_secret", reference.apiSecret()))
            .post();
    endpointError(r, 400, "rest_authentication_invalid_request");
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "application/xml"})
  void whenKeyPairContentTypeIsWrongThen400(String type) {
    Http.Res r = api.api("/key-pair").basic("alice", "password").body(type, "name=typed").post();
    errorOneOf(
        r,
        new int[] {400},
        "rest_authentication_invalid_request",
        "rest_authentication_required_name_error");
  }

  @ParameterizedTest
  @ValueSource(strings = {"MULTIPART", "URLENCODED", "JSON"})
  void whenTokenBodyExceedsMaxBodySizeThen400InvalidRequest(String encoding) {
    String padding = "p".repeat(MAX_BODY + 1024);
    Http.Res r =
        post(
            "/token",
            Enc.valueOf(encoding),
            "api_key",
            reference.apiKey(),
            "api_secret",
            reference.apiSecret(),
            "padding",
            padding);
    endpointError(r, 400, "rest_authentication_invalid_request");
  }

  @Test
  void whenTokenBodyExceedsMaxBodySizeWithoutContentLengthThen400InvalidRequest() {
    // chunked transfer: the library cannot rely on Content-Length
    byte[] body =
        Http.urlencoded(
                "api_key",
                reference.apiKey(),
                "api_secret",
                reference.apiSecret(),
                "padding",
                "p".repeat(4 * MAX_BODY))
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Http.Res r =
        api.api("/token")
            .retryIfConnectionLost()
            .bodyStream("application/x-www-form-urlencoded", body)
            .post();
    endpointError(r, 400, "rest_authentication_invalid_request");
  }

  @Test
  void whenKeyPairBodyExceedsMaxBodySizeThen400InvalidRequest() {
    Http.Res r =
        api.api("/key-pair")
            .basic("alice", "password")
            .retryIfConnectionLost()
            .form("name", "n".repeat(MAX_BODY + 1024))
            .post();
    endpointError(r, 400, "rest_authentication_invalid_request");
  }

  @ParameterizedTest
  @ValueSource(strings = {"api_secret", "client_secret", "refresh_token", "password"})
  void whenCredentialsAreInTheQueryStringThen400InvalidRequest(String param) {
    Http.Res r =
        api.api("/token?" + param + "=" + Http.enc(reference.apiSecret()))
            .form("api_key", reference.apiKey(), "api_secret", reference.apiSecret())
            .post();
    endpointError(r, 400, "rest_authentication_invalid_request");
  }

  @Test
  void whenWholeKeyPairIsInTheQueryStringOnlyThen400InvalidRequest() {
    Http.Res r =
        api.api(
                "/token?"
                    + Http.urlencoded(
                        "api_key", reference.apiKey(), "api_secret", reference.apiSecret()))
            .form()
            .post();
    endpointError(r, 400, "rest_authentication_invalid_request");
  }

  // ------------------------------------------------------------------ Authorization header abuse

  @Test
  void whenBearerTokenExceedsMaxTokenSizeThenFast4xx() {
    String huge = "eyJ" + "A".repeat(4000) + "." + "B".repeat(100) + "." + "C".repeat(43);
    Http.Res r = api.me(huge);
    errorOneOf(
        r,
        new int[] {400, 401},
        "rest_authentication_token_error",
        "rest_authentication_invalid_request");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "' OR '1'='1",
        "\"; DROP TABLE jwt_auth_key_pair; --",
        "a b c",
        "{\"alg\":\"none\"}"
      })
  void whenBearerTokenIsHostileTextThen401TokenError(String value) {
    Http.Res r = api.app("/api/me").header("Authorization", "Bearer " + value).get();
    Expect.invalidToken(r, "rest_authentication_token_error");
  }

  @Test
  void whenAdminListsKeyPairsThenNoSecretOrHashFieldAppears() {
    Http.Res r = api.api("/key-pair").basic("admin", "password").get();
    assertFalse(r.body().contains(reference.apiSecret()), r::toString);
    for (JsonValue v : Json.parse(r.body()).asJsonArray()) {
      for (String k : v.asJsonObject().keySet()) {
        assertFalse(k.contains("secret") || k.contains("hash"), () -> "field " + k + " in " + r);
      }
      assertTrue(v.asJsonObject().get("api_key") instanceof JsonString);
    }
  }
}
