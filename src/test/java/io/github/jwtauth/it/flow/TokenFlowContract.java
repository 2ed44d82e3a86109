package io.github.jwtauth.it.flow;

import static io.github.jwtauth.testsupport.Expect.endpointError;
import static io.github.jwtauth.testsupport.Expect.invalidToken;
import static io.github.jwtauth.testsupport.Expect.isNull;
import static io.github.jwtauth.testsupport.Expect.jsonContentType;
import static io.github.jwtauth.testsupport.Expect.noStore;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import io.github.jwtauth.testsupport.Jwts;
import io.github.jwtauth.testsupport.TestWebapp;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole flow of issue 2 over HTTP against a real container and a real database: key-pairs made
 * with container BASIC login, token exchange in every encoding, Bearer authentication of a legacy
 * servlet, validation, refresh rotation, revocation, key-pair management and forged tokens.
 * Subclasses choose the container, the database and how the DataSource is configured.
 *
 * <p>One container and three deployments per class sharing one database: the main one, one with
 * {@code access-token-ttl=1}/{@code leeway=0} (expiry) and one without Tomcat preemptive BASIC
 * (OAuth client_secret_basic, see {@link #whenClientCredentialsSentWithHttpBasicThenTokenIssued}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TokenFlowContract {
  static final String SECRET = "integration-test-secret-0123456789-abcdefghijklmnop";
  static final String JNDI_NAME = "jdbc/jwtauth";
  static final int ACCESS_TTL = 3600;
  static final int REFRESH_TTL = 14 * 24 * 3600;

  Container container;
  Databases.Db db;
  Deployment app;
  Deployment shortLived;
  Deployment nonPreemptive;
  Api api;

  /** An admin key-pair and tokens made once for read-only tests. */
  KeyPair adminKeys;

  Tokens adminTokens;

  /** Which container runs this suite. */
  abstract Container.Kind containerKind();

  /** A fresh database for this class. */
  abstract Databases.Db database();

  /**
   * Whether the webapps get their DataSource through JNDI ({@code jwt-auth.datasource}) or a JDBC
   * URL.
   */
  abstract boolean viaJndi();

  TestWebapp webapp(String name) {
    TestWebapp w =
        TestWebapp.named(name)
            .param("jwt-auth.secret", SECRET)
            .param("jwt-auth.schema-create", "true")
            .param("jwt-auth.token-required", "/api/hello")
            .lenientAttemptLimits();
    if (viaJndi()) {
      w.jndiDataSource(JNDI_NAME, db).param("jwt-auth.datasource", JNDI_NAME);
    } else {
      w.params(db.jdbcParams());
    }
    return w;
  }

  @BeforeAll
  void startContainer() {
    db = database();
    container = containerKind().start();
    app = container.deploy(webapp("flow")).requireStarted();
    shortLived =
        container
            .deploy(
                webapp("short")
                    .param("jwt-auth.access-token-ttl", "1")
                    .param("jwt-auth.leeway", "0"))
            .requireStarted();
    nonPreemptive =
        container.deploy(webapp("oauth-basic").containerPreemptiveBasic(false)).requireStarted();
    api = new Api(app);
    adminKeys = api.createKeyPair("admin", "read-only tests");
    adminTokens = api.tokens(adminKeys);
  }

  @AfterAll
  void stopContainer() {
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

  static long now() {
    return System.currentTimeMillis() / 1000;
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  // ------------------------------------------------------------------ key-pair creation

  @Test
  void whenAdminCreatesKeyPairWithCurlMultipartThenCreatedWithKeySecretAndRow() {
    long before = now();
    Http.Res r = api.api("/key-pair").basic("admin", "password").multipart("name", "laptop").post();

    assertEquals(201, r.status(), r::toString);
    jsonContentType(r);
    noStore(r);
    JsonObject b = r.json();
    assertEquals(Set.of("api_key", "api_secret", "row"), Json.keys(b), r::toString);
    String key = b.getString("api_key");
    String secret = b.getString("api_secret");
    JsonObject row = b.getJsonObject("row");
    assertAll(
        () ->
            assertTrue(
                key.matches("[A-Za-z0-9_-]{16,}"), () -> "api_key not URL-safe/random: " + key),
        () ->
            assertTrue(
                secret.matches("jwtas_[0-9A-Za-z]{49}"),
                () -> "api_secret not in the leak-detectable format: " + secret),
        () -> assertNotEquals(key, secret),
        () ->
            assertEquals(
                Set.of("name", "api_key", "created", "last_used", "last_ip", "expires_at", "roles"),
                Json.keys(row)),
        () -> assertEquals("laptop", row.getString("name")),
        () -> assertEquals(key, row.getString("api_key")),
        () ->
            assertTrue(
                row.getJsonNumber("created").longValueExact() >= before - 5
                    && row.getJsonNumber("created").longValueExact() <= now() + 5,
                () -> "created " + row),
        () -> assertTrue(isNull(row, "last_used"), "last_used"),
        () -> assertTrue(isNull(row, "last_ip"), "last_ip"),
        () -> assertTrue(isNull(row, "expires_at"), "expires_at: never, by default"),
        () -> assertTrue(isNull(row, "roles"), "roles: not restricted, by default"));
    Http.Res list = api.api("/key-pair").basic("admin", "password").get();
    assertFalse(list.body().contains(secret), "the secret is shown once, never listed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"urlencoded", "json"})
  void whenKeyPairCreatedWithFormOrJsonThenCreated(String encoding) {
    String name = unique("enc-" + encoding);
    Http.Req req = api.api("/key-pair").basic("alice", "password");
    Http.Res r =
        encoding.equals("json")
            ? req.json(Json.obj("name", name)).post()
            : req.form("name", name).post();
    assertEquals(201, r.status(), r::toString);
    assertEquals(name, r.json().getJsonObject("row").getString("name"));
    assertEquals(
        200, api.token(r.json().getString("api_key"), r.json().getString("api_secret")).status());
  }

  // ------------------------------------------------------------------ token exchange

  enum Encoding {
    MULTIPART,
    URLENCODED,
    JSON,
    OAUTH_BODY,
    OAUTH_BASIC
  }

  Http.Res exchange(Encoding e, String key, String secret) {
    return switch (e) {
      case MULTIPART -> api.api("/token").multipart("api_key", key, "api_secret", secret).post();
      case URLENCODED -> api.api("/token").form("api_key", key, "api_secret", secret).post();
      case JSON -> api.api("/token").json(Json.obj("api_key", key, "api_secret", secret)).post();
      case OAUTH_BODY ->
          api.api("/token")
              .form("grant_type", "client_credentials", "client_id", key, "client_secret", secret)
              .post();
      case OAUTH_BASIC ->
          new Api(nonPreemptive)
              .api("/token")
              .basic(key, secret)
              .form("grant_type", "client_credentials")
              .post();
    };
  }

  /**
   * Asserts the exact token response (the WordPress JWT Auth plugin's wire format, see README) and
   * the tokens' headers, claims and signatures.
   */
  static void assertTokenResponse(Http.Res r, String login, String apiKey, int accessTtl) {
    assertEquals(200, r.status(), r::toString);
    jsonContentType(r);
    noStore(r);
    JsonObject b = r.json();
    assertEquals(
        Set.of(
            "access_token",
            "token_type",
            "expires_in",
            "exp",
            "refresh_token",
            "key_pair_expires_at",
            "data"),
        Json.keys(b),
        r::toString);
    assertEquals(Set.of("user"), Json.keys(b.getJsonObject("data")), r::toString);
    assertTrue(isNull(b, "key_pair_expires_at"), "these key-pairs never expire: " + r);
    JsonObject user = b.getJsonObject("data").getJsonObject("user");
    String at = b.getString("access_token");
    String rt = b.getString("refresh_token");
    assertAll(
        "token response " + r,
        () -> assertEquals("Bearer", b.getString("token_type")),
        () -> assertEquals(accessTtl, b.getInt("expires_in")),
        () -> assertEquals(accessTtl, b.getInt("exp")),
        () ->
            assertEquals(
                Set.of("id", "type", "user_login", "user_email", "api_key"), Json.keys(user)),
        () ->
            assertEquals(
                Json.quote(login),
                user.get("id").toString(),
                "id is the login without a directory"),
        () -> assertEquals("user", user.getString("type")),
        () -> assertEquals(login, user.getString("user_login")),
        () -> assertTrue(isNull(user, "user_email"), "user_email is null without a directory"),
        () -> assertEquals(apiKey, user.getString("api_key")),
        () -> assertNotEquals(at, rt));

    JsonObject ah = Jwts.header(at);
    JsonObject ap = Jwts.payload(at);
    JsonObject rh = Jwts.header(rt);
    JsonObject rp = Jwts.payload(rt);
    assertAll(
        "access token " + ah + ap,
        () -> assertEquals("HS256", ah.getString("alg")),
        () -> assertEquals("at+jwt", ah.getString("typ")),
        () -> assertTrue(Jwts.verifies(at, SECRET), "signed with the configured secret"),
        () -> assertEquals("jwt-auth", ap.getString("iss")),
        () -> assertEquals(login, ap.getString("sub")),
        () -> assertFalse(ap.getString("jti").isBlank()),
        () -> assertTrue(ap.containsKey("nbf")),
        () -> assertTrue(Math.abs(ap.getJsonNumber("iat").longValue() - now()) <= 5, "iat is now"),
        () ->
            assertEquals(
                accessTtl,
                ap.getJsonNumber("exp").longValue() - ap.getJsonNumber("iat").longValue()),
        () ->
            assertEquals(user, ap.getJsonObject("data").getJsonObject("user"), "data.user claim"));
    assertAll(
        "refresh token " + rh + rp,
        () -> assertEquals("rt+jwt", rh.getString("typ")),
        () -> assertTrue(Jwts.verifies(rt, SECRET)),
        () ->
            assertEquals(
                "refresh", rp.getJsonObject("data").getJsonObject("user").getString("token_type")),
        () ->
            assertEquals(
                apiKey, rp.getJsonObject("data").getJsonObject("user").getString("api_key")),
        () ->
            assertEquals(
                REFRESH_TTL,
                rp.getJsonNumber("exp").longValue() - rp.getJsonNumber("iat").longValue()),
        () -> assertNotEquals(ap.getString("jti"), rp.getString("jti")));
  }

  @ParameterizedTest
  @EnumSource(
      value = Encoding.class,
      names = {"MULTIPART", "URLENCODED", "JSON", "OAUTH_BODY"})
  void whenKeyPairExchangedThenTokenResponseHasSeedShape(Encoding encoding) {
    KeyPair kp = api.createKeyPair("admin", unique("exchange"));
    Http.Res r = exchange(encoding, kp.apiKey(), kp.apiSecret());
    assertTokenResponse(r, "admin", kp.apiKey(), ACCESS_TTL);
    Expect.me(api.me(r.json().getString("access_token")), "admin", "Bearer", true);
  }

  /**
   * OAuth client_secret_basic. Runs on a deployment without Tomcat's preemptive authentication:
   * with it, Tomcat's BasicAuthenticator valve would try api_key:api_secret against the container
   * realm and answer its own 401 before any filter runs (container behaviour, documented in the
   * report).
   */
  @Test
  void whenClientCredentialsSentWithHttpBasicThenTokenIssued() {
    KeyPair kp = api.createKeyPair("admin", unique("oauth-basic"));
    Http.Res r = exchange(Encoding.OAUTH_BASIC, kp.apiKey(), kp.apiSecret());
    assertTokenResponse(r, "admin", kp.apiKey(), ACCESS_TTL);
  }

  @ParameterizedTest
  @EnumSource(
      value = Encoding.class,
      names = {"MULTIPART", "URLENCODED", "JSON"})
  void whenUsernameAndPasswordSentThen403KeyPairRequired(Encoding encoding) {
    Http.Req req = api.api("/token");
    Http.Res r =
        switch (encoding) {
          case MULTIPART -> req.multipart("username", "admin", "password", "password").post();
          case JSON -> req.json(Json.obj("username", "admin", "password", "password")).post();
          default -> req.form("username", "admin", "password", "password").post();
        };
    JsonObject b = endpointError(r, 403, "rest_authentication_required_api_key_secret");
    assertEquals("An API key-pair is required to generate a token.", b.getString("message"));
  }

  @Test
  void whenTokenRequestHasNoCredentialsAtAllThen403KeyPairRequired() {
    endpointError(
        api.api("/token").form().post(), 403, "rest_authentication_required_api_key_secret");
    endpointError(
        api.api("/token").json("{}").post(), 403, "rest_authentication_required_api_key_secret");
  }

  @Test
  void whenSecretWrongOrKeyUnknownThenIdentical403InvalidKeyPair() {
    KeyPair kp = api.createKeyPair("admin", unique("wrong-secret"));
    Http.Res wrongSecret = api.token(kp.apiKey(), kp.apiSecret() + "x");
    Http.Res unknownKey = api.token(unique("no-such-key"), kp.apiSecret());

    JsonObject b = endpointError(wrongSecret, 403, "rest_authentication_invalid_api_key_secret");
    endpointError(unknownKey, 403, "rest_authentication_invalid_api_key_secret");
    assertEquals("The API key-pair is invalid.", b.getString("message"));
    assertEquals("invalid_client", b.getString("error"));
    assertEquals(wrongSecret.body(), unknownKey.body(), "one answer for both");
    assertEquals(
        200, api.token(kp.apiKey(), kp.apiSecret()).status(), "the right secret still works");
  }

  /**
   * The same key-pair exchanged again within {@code jwt-auth.secret-cache-ttl} skips bcrypt (shown
   * by ExchangeBenchmark); what must hold either way: fresh tokens each time, and a wrong secret
   * still refused and counted.
   */
  @Test
  void whenTheSameKeyPairIsExchangedAgainThenFreshTokensAndAWrongSecretIsStillRefused() {
    KeyPair kp = api.createKeyPair("admin", unique("again"));
    Http.Res first = api.token(kp.apiKey(), kp.apiSecret());
    assertTokenResponse(first, "admin", kp.apiKey(), ACCESS_TTL);
    Http.Res again = api.token(kp.apiKey(), kp.apiSecret());
    assertTokenResponse(again, "admin", kp.apiKey(), ACCESS_TTL);
    assertNotEquals(
        first.json().getString("refresh_token"),
        again.json().getString("refresh_token"),
        "a new chain");
    for (String wrong :
        new String[] {
          kp.apiSecret() + "x", kp.apiSecret().substring(1), kp.apiSecret().toUpperCase(), ""
        }) {
      Http.Res r = api.token(kp.apiKey(), wrong);
      if (wrong.isEmpty()) {
        endpointError(r, 403, "rest_authentication_required_api_key_secret");
      } else {
        endpointError(r, 403, "rest_authentication_invalid_api_key_secret");
      }
    }
    assertTokenResponse(api.token(kp.apiKey(), kp.apiSecret()), "admin", kp.apiKey(), ACCESS_TTL);
  }

  // ------------------------------------------------------------------ Bearer on a legacy servlet

  @Test
  void whenAdminBearerTokenThenLegacyServletSeesAdminWithBearerAuthType() {
    Expect.me(api.me(adminTokens.access()), "admin", "Bearer", true);
  }

  @Test
  void whenAliceBearerTokenThenLegacyServletSeesAliceWithoutAdministratorRole() {
    Tokens t = api.tokens(api.createKeyPair("alice", unique("alice-me")));
    Expect.me(api.me(t.access()), "alice", "Bearer", false);
  }

  @Test
  void whenBasicCredentialsThenFilterLeavesThemToTheContainer() {
    Expect.me(api.app("/api/me").basic("admin", "password").get(), "admin", "BASIC", true);
    Expect.me(api.app("/api/me").basic("alice", "password").get(), "alice", "BASIC", false);
  }

  @Test
  void whenNoAuthorizationHeaderThenLegacyServletSeesAnonymous() {
    Expect.me(api.app("/api/me").get(), null, null, false);
  }

  Stream<Arguments> malformedTokens() {
    String t = adminTokens.access();
    String[] p = t.split("\\.");
    return Stream.of(
        Arguments.of("not a JWT", "garbage"),
        Arguments.of("two parts", p[0] + "." + p[1]),
        Arguments.of("four parts", t + ".AAAA"),
        Arguments.of("truncated signature", t.substring(0, t.length() - 6)),
        Arguments.of("stripped signature", p[0] + "." + p[1] + "."),
        Arguments.of(
            "signature of another token",
            p[0] + "." + p[1] + "." + adminTokens.refresh().split("\\.")[2]),
        Arguments.of("payload not JSON", p[0] + "." + Jwts.b64("not json") + "." + p[2]),
        Arguments.of("header not JSON", Jwts.b64("{") + "." + p[1] + "." + p[2]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedTokens")
  void whenBearerTokenIsMalformedThen401TokenError(String label, String token) {
    invalidToken(api.me(token), "rest_authentication_token_error");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer", "Bearer ", "Bearer    "})
  void whenBearerSchemeHasNoTokenThen400NoToken(String header) {
    Http.Res r = api.app("/api/me").header("Authorization", header).get();
    JsonObject b = Expect.error(r, 400, "rest_authentication_no_token");
    assertEquals("invalid_request", b.getString("error"));
    r.optHeader("WWW-Authenticate")
        .ifPresent(
            h ->
                assertTrue(
                    h.startsWith("Bearer realm=\"jwt-auth\", error=\"invalid_request\""),
                    () -> "WWW-Authenticate: " + h));
  }

  @Test
  void whenTokenRequiredPathHasNoAuthorizationThen401NoHeaderWithBareChallenge() {
    Http.Res r = api.app("/api/hello").get();
    Expect.error(r, 401, "rest_authentication_no_header");
    assertEquals("Bearer realm=\"jwt-auth\"", r.header("WWW-Authenticate"), r::toString);
  }

  /**
   * On the deployment without Tomcat's preemptive BASIC: with it, Tomcat checks the password itself
   * and answers its own 401 before any filter runs.
   */
  @Test
  void whenTokenRequiredPathHasAWrongBasicPasswordThen401NoHeaderSayingSo() {
    Http.Res r = new Api(nonPreemptive).app("/api/hello").basic("admin", "wrong-password").get();
    JsonObject b = Expect.error(r, 401, "rest_authentication_no_header");
    assertEquals(
        "The credentials sent were not accepted: sign in, or send a Bearer token.",
        b.getString("message"),
        r::toString);
    assertEquals("Bearer realm=\"jwt-auth\"", r.header("WWW-Authenticate"), r::toString);
  }

  @Test
  void whenTokenRequiredPathHasValidTokenThenServed() {
    Http.Res r = api.app("/api/hello").bearer(adminTokens.access()).get();
    assertEquals(200, r.status(), r::toString);
    assertEquals("hello", r.body());
  }

  /** A CORS preflight (Fetch standard §3.2.2) carries no credentials: it passes token-required. */
  @Test
  void whenCorsPreflightThenPassesTokenRequiredWithoutToken() {
    Http.Res r =
        api.app("/api/hello")
            .header("Origin", "http://localhost:1")
            .header("Access-Control-Request-Method", "GET")
            .options();
    assertEquals(200, r.status(), r::toString);
    assertNull(r.header("WWW-Authenticate"), r::toString);
  }

  /** Any other OPTIONS request follows token-required and the Bearer rules like every method. */
  @Test
  void whenPlainOptionsThenTokenRequiredAndBearerRulesApply() {
    Http.Res plain = api.app("/api/hello").options();
    endpointError(plain, 401, "rest_authentication_no_header");
    assertEquals("Bearer realm=\"jwt-auth\"", plain.header("WWW-Authenticate"), plain::toString);
    Http.Res withOrigin = api.app("/api/hello").header("Origin", "http://localhost:1").options();
    endpointError(withOrigin, 401, "rest_authentication_no_header");
    invalidToken(
        api.app("/api/hello").bearer("garbage").options(), "rest_authentication_token_error");
    Http.Res ok = api.app("/api/hello").bearer(adminTokens.access()).options();
    assertEquals(200, ok.status(), ok::toString);
  }

  /**
   * A BASIC client that already has a session calls a token-required URL: Jetty 12's deferred login
   * then throws from {@code getUserPrincipal()} ("Response committed"); the answer must be the
   * container's judgement of the credentials, never a 500 echoing the exception.
   */
  @Test
  void whenBasicClientWithSessionCallsTokenRequiredUrlThenServedNever500() {
    Http.Res page = api.api("/profile").basic("admin", Container.PASSWORD).get();
    assertEquals(200, page.status(), page::toString);
    String cookie = null;
    for (String h : page.headers("Set-Cookie")) {
      if (h.startsWith("JSESSIONID=")) {
        cookie = h.substring(0, h.indexOf(';') > 0 ? h.indexOf(';') : h.length());
      }
    }
    assertTrue(cookie != null, () -> "no session: " + page);
    for (int i = 0; i < 2; i++) {
      Http.Res r =
          api.app("/api/hello").basic("admin", Container.PASSWORD).header("Cookie", cookie).get();
      Expect.noLeak(r);
      assertEquals(200, r.status(), r::toString);
      assertEquals("hello", r.body());
    }
    Http.Res wrong =
        api.app("/api/hello").basic("admin", "wrong-password").header("Cookie", cookie).get();
    Expect.noLeak(wrong);
    assertEquals(401, wrong.status(), wrong::toString);
  }

  // ------------------------------------------------------------------ validate

  @ParameterizedTest
  @ValueSource(strings = {"GET", "POST"})
  void whenValidateCalledWithAccessTokenThen200ExactSeedBody(String method) {
    Http.Res r = api.api("/token/validate").bearer(adminTokens.access()).send(method);
    assertEquals(200, r.status(), r::toString);
    jsonContentType(r);
    JsonObject b = r.json();
    assertEquals(Set.of("code", "message", "data"), Json.keys(b), r::toString);
    assertEquals("rest_authentication_valid_access_token", b.getString("code"));
    assertEquals("Valid access token.", b.getString("message"));
    JsonObject data = b.getJsonObject("data");
    assertEquals(Set.of("status", "exp"), Json.keys(data), r::toString);
    assertEquals(200, data.getInt("status"));
    long left = Jwts.payload(adminTokens.access()).getJsonNumber("exp").longValue() - now();
    assertTrue(
        Math.abs(data.getJsonNumber("exp").longValue() - left) <= 5,
        () -> "exp must be the seconds left (" + left + "): " + r);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "POST"})
  void whenValidateCalledWithRefreshTokenThen401InvalidTokenType(String method) {
    Http.Res r = api.api("/token/validate").bearer(adminTokens.refresh()).send(method);
    invalidToken(r, "rest_authentication_invalid_token_type");
  }

  @Test
  void whenValidateCalledWithoutTokenThenNotValid() {
    Http.Res r = api.api("/token/validate").get();
    assertTrue(r.status() >= 400 && r.status() < 500, r::toString);
    assertNotEquals("rest_authentication_valid_access_token", r.json().getString("code", null));
    Expect.noLeak(r);
  }

  // ------------------------------------------------------------------ refresh

  /**
   * Many HTTP clients keep {@code Authorization: Bearer <access token>} on every call, the refresh
   * included, and refresh exactly when that token has expired. The token endpoint authenticates by
   * key-pair or refresh token (RFC 6749 §6): a stale, expired or garbage Bearer header must not
   * refuse the refresh or the exchange.
   */
  @Test
  void whenAStaleBearerHeaderIsSentToTheTokenEndpointThenItIsIgnored() {
    KeyPair kp = api.createKeyPair("admin", "stale bearer");
    Tokens t = api.tokens(kp);
    // a refused token (garbage, or a refresh token as Bearer) and a valid access token alike
    for (String stale : List.of("garbage", adminTokens.refresh(), t.access())) {
      Http.Res r = api.api("/token").bearer(stale).multipart("refresh_token", t.refresh()).post();
      assertEquals(200, r.status(), () -> "refresh with a stale Bearer header: " + r);
      t =
          new Tokens(
              r.json().getString("access_token"), r.json().getString("refresh_token"), r.json());
      Http.Res x =
          api.api("/token")
              .bearer(stale)
              .multipart("api_key", kp.apiKey(), "api_secret", kp.apiSecret())
              .post();
      assertEquals(200, x.status(), () -> "exchange with a stale Bearer header: " + x);
    }
    // elsewhere the header still counts
    invalidToken(api.app("/api/hello").bearer("garbage").get(), "rest_authentication_token_error");
  }

  @Test
  void whenRefreshTokenExchangedThenNewPairAndReuseRevokesTheChain() {
    KeyPair kp = api.createKeyPair("admin", unique("refresh"));
    Tokens first = api.tokens(kp);
    Http.Res r = api.refresh(first.refresh());
    assertTokenResponse(r, "admin", kp.apiKey(), ACCESS_TTL);
    String secondAccess = r.json().getString("access_token");
    String secondRefresh = r.json().getString("refresh_token");
    assertNotEquals(first.refresh(), secondRefresh);
    assertNotEquals(first.access(), secondAccess);
    Expect.me(api.me(secondAccess), "admin", "Bearer", true);

    endpointError(api.refresh(first.refresh()), 403, "rest_authentication_refresh_token_reused");

    Http.Res successor = api.refresh(secondRefresh);
    assertEquals(
        403, successor.status(), () -> "the live successor must die with the chain: " + successor);
    String code = successor.json().getString("code", null);
    assertTrue(
        Set.of(
                "rest_authentication_refresh_token_reused",
                "rest_authentication_invalid_refresh_token",
                "rest_authentication_token_error")
            .contains(code),
        successor::toString);
    assertFalse(successor.json().containsKey("access_token"));
  }

  /**
   * A stolen refresh token raced against its owner (README, "Security model"): two concurrent
   * refreshes with the same token, exactly one wins (per database).
   */
  @Test
  void whenSameRefreshTokenIsSentTwiceConcurrentlyThenExactlyOneWins() throws Exception {
    KeyPair kp = api.createKeyPair("admin", unique("concurrent"));
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 5; round++) {
        Tokens t = api.tokens(kp);
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.Callable<Http.Res> refresh =
            () -> {
              start.await();
              return api.refresh(t.refresh());
            };
        List<java.util.concurrent.Future<Http.Res>> results =
            pool.invokeAll(List.of(refresh, refresh));
        Http.Res a = results.get(0).get();
        Http.Res b = results.get(1).get();
        int wins = (a.status() == 200 ? 1 : 0) + (b.status() == 200 ? 1 : 0);
        int r = round;
        assertEquals(1, wins, () -> "round " + r + ": exactly one refresh wins:\n" + a + "\n" + b);
        Http.Res loser = a.status() == 200 ? b : a;
        endpointError(loser, 403, "rest_authentication_refresh_token_reused");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"urlencoded", "json", "oauth"})
  void whenRefreshTokenSentInOtherEncodingsThenNewPair(String encoding) {
    KeyPair kp = api.createKeyPair("admin", unique("refresh-" + encoding));
    Tokens t = api.tokens(kp);
    Http.Req req = api.api("/token");
    Http.Res r =
        switch (encoding) {
          case "json" -> req.json(Json.obj("refresh_token", t.refresh())).post();
          case "oauth" ->
              req.form("grant_type", "refresh_token", "refresh_token", t.refresh()).post();
          default -> req.form("refresh_token", t.refresh()).post();
        };
    assertTokenResponse(r, "admin", kp.apiKey(), ACCESS_TTL);
  }

  @Test
  void whenRefreshTokenAndKeyPairBothSentThenRefreshTokenWins() {
    KeyPair a = api.createKeyPair("admin", unique("wins-a"));
    KeyPair b = api.createKeyPair("alice", unique("wins-b"));
    Tokens t = api.tokens(a);
    Http.Res r =
        api.api("/token")
            .multipart("api_key", b.apiKey(), "api_secret", "wrong", "refresh_token", t.refresh())
            .post();
    assertTokenResponse(r, "admin", a.apiKey(), ACCESS_TTL);
  }

  @Test
  void whenAccessTokenSentAsRefreshTokenThen403InvalidTokenType() {
    endpointError(api.refresh(adminTokens.access()), 403, "rest_authentication_invalid_token_type");
  }

  @Test
  void whenRefreshTokenUsedAsBearerThen401InvalidTokenType() {
    invalidToken(api.me(adminTokens.refresh()), "rest_authentication_invalid_token_type");
  }

  @Test
  void whenRefreshTokenIsGarbageThen403TokenError() {
    endpointError(api.refresh("garbage.garbage.garbage"), 403, "rest_authentication_token_error");
  }

  // ------------------------------------------------------------------ revocation

  @Test
  void whenOneKeyPairRevokedThenItsTokensAreRefusedImmediatelyAndOthersStillWork() {
    KeyPair a = api.createKeyPair("admin", unique("revoke-a"));
    KeyPair b = api.createKeyPair("admin", unique("revoke-b"));
    Tokens ta = api.tokens(a);
    Tokens tb = api.tokens(b);
    Expect.me(api.me(ta.access()), "admin", "Bearer", true); // status now cached as active

    Http.Res del = api.api("/key-pair/" + a.apiKey()).basic("admin", "password").delete();
    assertEquals(200, del.status(), del::toString);
    jsonContentType(del);
    noStore(del);
    assertEquals(
        Json.parse("{\"revoked\":[" + Json.quote(a.apiKey()) + "]}"), del.json(), del::toString);

    invalidToken(api.me(ta.access()), "rest_authentication_revoked_api_key");
    invalidToken(
        api.api("/token/validate").bearer(ta.access()).get(),
        "rest_authentication_revoked_api_key");
    endpointError(api.refresh(ta.refresh()), 403, "rest_authentication_revoked_api_key");
    endpointError(api.token(a.apiKey(), a.apiSecret()), 403, "rest_authentication_revoked_api_key");

    Expect.me(api.me(tb.access()), "admin", "Bearer", true);
    assertTokenResponse(api.refresh(tb.refresh()), "admin", b.apiKey(), ACCESS_TTL);
  }

  /** Only this test uses bob, so "all of bob's key-pairs" is known exactly. */
  @Test
  void whenAllKeyPairsRevokedThenEveryTokenOfTheUserIsRefused() {
    KeyPair one = api.createKeyPair("bob", unique("bob-1"));
    KeyPair two = api.createKeyPair("bob", unique("bob-2"));
    Tokens t1 = api.tokens(one);
    Tokens t2 = api.tokens(two);
    Expect.me(api.me(t1.access()), "bob", "Bearer", false);
    Expect.me(api.me(t2.access()), "bob", "Bearer", false);

    Http.Res del = api.api("/key-pair").basic("bob", "password").delete();
    assertEquals(200, del.status(), del::toString);
    noStore(del);
    JsonObject b = del.json();
    assertEquals(Set.of("revoked"), Json.keys(b), del::toString);
    Set<String> revoked = new HashSet<>();
    b.getJsonArray("revoked")
        .getValuesAs(JsonString.class)
        .forEach(s -> revoked.add(s.getString()));
    assertEquals(Set.of(one.apiKey(), two.apiKey()), revoked, del::toString);

    invalidToken(api.me(t1.access()), "rest_authentication_revoked_api_key");
    invalidToken(api.me(t2.access()), "rest_authentication_revoked_api_key");
    endpointError(api.refresh(t2.refresh()), 403, "rest_authentication_revoked_api_key");
    Expect.me(api.me(adminTokens.access()), "admin", "Bearer", true);
  }

  @Test
  void whenRevokingUnknownOrSomeoneElsesKeyPairThen404AndNothingChanges() {
    Http.Res unknown = api.api("/key-pair/" + unique("nope")).basic("admin", "password").delete();
    endpointError(unknown, 404, "rest_authentication_key_pair_not_found");
    Http.Res foreign =
        api.api("/key-pair/" + adminKeys.apiKey()).basic("alice", "password").delete();
    endpointError(foreign, 404, "rest_authentication_key_pair_not_found");
    Expect.me(api.me(adminTokens.access()), "admin", "Bearer", true);
  }

  // ------------------------------------------------------------------ listing and access control

  @Test
  void whenUserListsKeyPairsThenOnlyOwnRowsWithoutSecretsNewestFirst() {
    KeyPair p1 = api.createKeyPair("alice", unique("alice-phone"));
    KeyPair p2 = api.createKeyPair("alice", unique("alice-laptop"));
    Http.Res r = api.api("/key-pair").basic("alice", "password").get();
    assertEquals(200, r.status(), r::toString);
    jsonContentType(r);
    noStore(r);
    JsonArray rows = Json.parse(r.body()).asJsonArray();
    Set<String> keys = new HashSet<>();
    long previous = Long.MAX_VALUE;
    for (JsonValue v : rows) {
      JsonObject row = v.asJsonObject();
      assertEquals(
          Set.of("name", "api_key", "created", "last_used", "last_ip", "expires_at", "roles"),
          Json.keys(row),
          row::toString);
      long created = row.getJsonNumber("created").longValue();
      assertTrue(created <= previous, () -> "newest first: " + r);
      previous = created;
      keys.add(row.getString("api_key"));
    }
    assertTrue(keys.containsAll(List.of(p1.apiKey(), p2.apiKey())), r::toString);
    assertFalse(keys.contains(adminKeys.apiKey()), "another user's key-pair must not be listed");
    for (String secret : List.of(p1.apiSecret(), p2.apiSecret())) {
      assertFalse(r.body().contains(secret), "secret listed");
    }
    assertFalse(
        r.body().contains("$2a$") || r.body().contains("$2b$") || r.body().contains("$2y$"),
        "bcrypt hash listed");
  }

  @Test
  void whenTokensIssuedThenRowRecordsLastUsedAndLastIp() {
    KeyPair kp = api.createKeyPair("alice", unique("last-used"));
    long before = now();
    api.tokens(kp);
    JsonObject row = null;
    for (JsonValue v : api.list("alice", null)) {
      if (v.asJsonObject().getString("api_key").equals(kp.apiKey())) {
        row = v.asJsonObject();
      }
    }
    assertTrue(row != null, "row listed");
    JsonObject found = row;
    assertFalse(isNull(found, "last_used"), found::toString);
    assertTrue(found.getJsonNumber("last_used").longValue() >= before - 5, found::toString);
    assertEquals("127.0.0.1", found.getString("last_ip"), found::toString);
  }

  @Test
  void whenKeyPairRoutesCalledWithBearerIdentityThen401NotLoggedIn() {
    Tokens alice = api.tokens(api.createKeyPair("alice", unique("bearer-on-keypair")));
    endpointError(api.api("/key-pair").bearer(alice.access()).get(), 401, "rest_not_logged_in");
    endpointError(
        api.api("/key-pair").bearer(alice.access()).multipart("name", "x").post(),
        401,
        "rest_not_logged_in");
    endpointError(
        api.api("/key-pair/" + adminKeys.apiKey()).bearer(alice.access()).delete(),
        401,
        "rest_not_logged_in");
    endpointError(api.api("/key-pair").bearer(alice.access()).delete(), 401, "rest_not_logged_in");
    Expect.me(api.me(alice.access()), "alice", "Bearer", false);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "POST", "DELETE"})
  void whenKeyPairRoutesCalledWithoutCredentialsThenContainerBasicChallenge(String method) {
    Http.Req req = api.api("/key-pair");
    if (method.equals("POST")) {
      req.multipart("name", "anonymous");
    }
    Http.Res r = req.send(method);
    assertEquals(401, r.status(), r::toString);
    Expect.basicChallenge(r);
  }

  @Test
  void whenKeyPairRoutesCalledWithWrongBasicPasswordThen401() {
    Http.Res r = api.api("/key-pair").basic("admin", "wrong").get();
    assertEquals(401, r.status(), r::toString);
    Expect.basicChallenge(r);
  }

  @Test
  void whenNonAdminActsOnAnotherUserThen403EditUserError() {
    String msg = "You do not have permission to edit this user.";
    JsonObject b =
        endpointError(
            api.api("/key-pair?user=admin").basic("alice", "password").get(),
            403,
            "rest_authentication_edit_user_error");
    assertEquals(msg, b.getString("message"));
    endpointError(
        api.api("/key-pair?user=admin").basic("alice", "password").multipart("name", "x").post(),
        403,
        "rest_authentication_edit_user_error");
    endpointError(
        api.api("/key-pair/" + adminKeys.apiKey() + "?user=admin")
            .basic("alice", "password")
            .delete(),
        403,
        "rest_authentication_edit_user_error");
    endpointError(
        api.api("/key-pair?user=admin").basic("alice", "password").delete(),
        403,
        "rest_authentication_edit_user_error");
    Expect.me(api.me(adminTokens.access()), "admin", "Bearer", true);
  }

  @Test
  void whenAdminListsAliceKeyPairsThenAliceRowsAreReturned() {
    KeyPair kp = api.createKeyPair("alice", unique("seen-by-admin"));
    Set<String> keys = new HashSet<>();
    api.list("admin", "alice").forEach(v -> keys.add(v.asJsonObject().getString("api_key")));
    assertTrue(keys.contains(kp.apiKey()), keys::toString);
    assertFalse(keys.contains(adminKeys.apiKey()), keys::toString);
  }

  @Test
  void whenUserParamNamesTheCallerThenAllowed() {
    assertEquals(200, api.api("/key-pair?user=alice").basic("alice", "password").get().status());
  }

  @Test
  void whenKeyPairNameMissingOrEmptyThen400RequiredName() {
    String msg = "The key-pair name is required.";
    JsonObject b =
        endpointError(
            api.api("/key-pair").basic("admin", "password").multipart("other", "x").post(),
            400,
            "rest_authentication_required_name_error");
    assertEquals(msg, b.getString("message"));
    endpointError(
        api.api("/key-pair").basic("admin", "password").form("name", "").post(),
        400,
        "rest_authentication_required_name_error");
    endpointError(
        api.api("/key-pair").basic("admin", "password").json("{}").post(),
        400,
        "rest_authentication_required_name_error");
    endpointError(
        api.api("/key-pair").basic("admin", "password").json(Json.obj("name", "")).post(),
        400,
        "rest_authentication_required_name_error");
  }

  // ------------------------------------------------------------------ expiry and forged tokens

  @Test
  void whenAccessTokenOutlivesItsOneSecondTtlThen401TokenExpired() throws InterruptedException {
    Api shortApi = new Api(shortLived);
    KeyPair kp = shortApi.createKeyPair("admin", unique("short"));
    Tokens t = shortApi.tokens(kp);
    assertEquals(1, t.body().getInt("expires_in"), t.body()::toString);
    Thread.sleep(2500);
    invalidToken(shortApi.me(t.access()), "rest_authentication_token_expired");
    invalidToken(
        shortApi.api("/token/validate").bearer(t.access()).get(),
        "rest_authentication_token_expired");
  }

  /** The admin access token's payload, for forging variants of a genuine token. */
  JsonObject genuinePayload() {
    return Jwts.payload(adminTokens.access());
  }

  JsonObject genuineHeader() {
    return Jwts.header(adminTokens.access());
  }

  static JsonObject with(JsonObject o, UnaryOperator<jakarta.json.JsonObjectBuilder> change) {
    return change.apply(jakarta.json.Json.createObjectBuilder(o)).build();
  }

  @Test
  void whenGenuineClaimsResignedWithDeploymentSecretThenAccepted() {
    // control for the forgery tests below: the forging itself is sound
    String token =
        Jwts.hmac(
            genuineHeader(),
            with(genuinePayload(), b -> b.add("jti", UUID.randomUUID().toString())),
            SECRET);
    Expect.me(api.me(token), "admin", "Bearer", true);
  }

  @Test
  void whenTokenSignedWithAnotherSecretThen401TokenError() {
    String token =
        Jwts.hmac(genuineHeader(), genuinePayload(), "another-secret-of-enough-length-0123456789");
    invalidToken(api.me(token), "rest_authentication_token_error");
  }

  @Test
  void whenTokenSignedWithAnotherHmacAlgorithmThen401TokenError() {
    JsonObject header = with(genuineHeader(), b -> b.add("alg", "HS512"));
    invalidToken(
        api.me(Jwts.hmac(header, genuinePayload(), SECRET)), "rest_authentication_token_error");
  }

  @Test
  void whenIssuerDiffersThen401InvalidTokenIssuer() {
    String token =
        Jwts.hmac(
            genuineHeader(), with(genuinePayload(), b -> b.add("iss", "someone-else")), SECRET);
    invalidToken(api.me(token), "rest_authentication_invalid_token_issuer");
  }

  @Test
  void whenExpClaimMissingThen401MissingTokenExpiration() {
    String token = Jwts.hmac(genuineHeader(), with(genuinePayload(), b -> b.remove("exp")), SECRET);
    invalidToken(api.me(token), "rest_authentication_missing_token_expiration");
  }

  @Test
  void whenExpInThePastBeyondLeewayThen401TokenExpired() {
    long past = now() - 600;
    String token =
        Jwts.hmac(
            genuineHeader(),
            with(
                genuinePayload(),
                b -> b.add("iat", past - 3600).add("nbf", past - 3600).add("exp", past)),
            SECRET);
    invalidToken(api.me(token), "rest_authentication_token_expired");
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
  void whenAlgNoneThen401TokenError(String alg) {
    String header = with(genuineHeader(), b -> b.add("alg", alg)).toString();
    String payload = genuinePayload().toString();
    invalidToken(api.me(Jwts.unsigned(header, payload)), "rest_authentication_token_error");
    String withOldSignature =
        Jwts.b64(header) + "." + Jwts.b64(payload) + "." + adminTokens.access().split("\\.")[2];
    invalidToken(api.me(withOldSignature), "rest_authentication_token_error");
  }
}
