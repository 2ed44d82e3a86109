package io.github.jwtauth.it.flow;

import static io.github.jwtauth.testsupport.Expect.endpointError;
import static io.github.jwtauth.testsupport.Expect.invalidToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.Deployment;
import io.github.jwtauth.testsupport.Expect;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.Json;
import io.github.jwtauth.testsupport.RoleGateServlet;
import io.github.jwtauth.testsupport.TestWebapp;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Key-pairs as personal access tokens, over HTTP in filter mode: an expiry (asked for, by default,
 * capped), refused exchange, refresh and Bearer use once it has passed; a restriction to some of
 * the owner's roles that the application's {@code isUserInRole} obeys; and signing out everywhere
 * with one call. Subclasses choose the container.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KeyPairTermsContract {
  static final String SECRET = "integration-test-secret-0123456789-abcdefghijklmnop";

  Container container;
  Databases.Db db;
  Api api;
  Api capped;

  abstract Container.Kind containerKind();

  TestWebapp webapp(String name) {
    return TestWebapp.named(name)
        .param("jwt-auth.secret", SECRET)
        .param("jwt-auth.schema-create", "true")
        .params(db.jdbcParams())
        .webXml(RoleGateServlet.WEB_XML)
        .lenientAttemptLimits();
  }

  @BeforeAll
  void start() {
    db = Databases.h2(getClass().getSimpleName());
    container = containerKind().start();
    Deployment app = container.deploy(webapp("terms")).requireStarted();
    Deployment cap =
        container
            .deploy(webapp("capped").param("jwt-auth.key-pair-max-lifetime", "30d"))
            .requireStarted();
    api = new Api(app);
    capped = new Api(cap);
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

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  Http.Res create(Api on, String user, String... fields) {
    return on.api("/key-pair").basic(user, Container.PASSWORD).multipart(fields).post();
  }

  static Api.KeyPair created(String user, Http.Res r) {
    assertEquals(201, r.status(), r::toString);
    JsonObject b = r.json();
    return new Api.KeyPair(user, b.getString("api_key"), b.getString("api_secret"), b);
  }

  static JsonObject rowOf(JsonArray rows, String apiKey) {
    return rows.stream()
        .map(JsonValue::asJsonObject)
        .filter(o -> o.getString("api_key").equals(apiKey))
        .findFirst()
        .orElseThrow(() -> new AssertionError(apiKey + " not listed: " + rows));
  }

  static Set<String> strings(JsonArray a) {
    return a.getValuesAs(jakarta.json.JsonString.class).stream()
        .map(jakarta.json.JsonString::getString)
        .collect(Collectors.toSet());
  }

  // ------------------------------------------------------------------ expiry

  @Test
  void whenCreatedWithExpiresInThenTheRowTheListAndEveryTokenAnswerCarryTheExpiry() {
    long before = Instant.now().getEpochSecond();
    Api.KeyPair kp =
        created("alice", create(api, "alice", "name", unique("ci"), "expires_in", "30"));
    long after = Instant.now().getEpochSecond();
    long expiresAt = kp.body().getJsonObject("row").getJsonNumber("expires_at").longValue();
    long thirtyDays = Duration.ofDays(30).toSeconds();
    assertTrue(
        expiresAt >= before + thirtyDays && expiresAt <= after + thirtyDays, () -> "" + expiresAt);
    assertTrue(kp.body().getJsonObject("row").isNull("roles"), "no role restriction");
    JsonObject listed = rowOf(api.list("alice", null), kp.apiKey());
    assertEquals(expiresAt, listed.getJsonNumber("expires_at").longValue());
    Api.Tokens t = api.tokens(kp);
    assertEquals(expiresAt, t.body().getJsonNumber("key_pair_expires_at").longValue());
    assertEquals(3600, t.body().getInt("expires_in"), "the key-pair outlives the access token");
    Http.Res refreshed = api.refresh(t.refresh());
    assertEquals(200, refreshed.status(), refreshed::toString);
    assertEquals(expiresAt, refreshed.json().getJsonNumber("key_pair_expires_at").longValue());
  }

  @Test
  void whenCreatedWithoutExpiryThenNoneAndTheTokenAnswerSaysNull() {
    Api.KeyPair kp = created("alice", create(api, "alice", "name", unique("laptop")));
    assertTrue(kp.body().getJsonObject("row").isNull("expires_at"));
    Api.Tokens t = api.tokens(kp);
    assertTrue(t.body().isNull("key_pair_expires_at"), t.body()::toString);
    assertEquals(3600, t.body().getInt("expires_in"));
  }

  @Test
  void whenCreatedWithExpiresAtDateAsJsonThenMidnightUtcOfThatDate() {
    Http.Res r =
        api.api("/key-pair")
            .basic("alice", Container.PASSWORD)
            .json("{\"name\":\"" + unique("json") + "\",\"expires_at\":\"2030-01-31\"}")
            .post();
    assertEquals(
        Instant.parse("2030-01-31T00:00:00Z").getEpochSecond(),
        created("alice", r).body().getJsonObject("row").getJsonNumber("expires_at").longValue());
    Http.Res number =
        api.api("/key-pair")
            .basic("alice", Container.PASSWORD)
            .json("{\"name\":\"" + unique("json") + "\",\"expires_in\":7}")
            .post();
    assertEquals(201, number.status(), "expires_in may be a JSON number: " + number);
  }

  @Test
  void whenBothExpiryFieldsThen400ConflictAndNothingCreated() {
    String name = unique("both");
    endpointError(
        create(api, "alice", "name", name, "expires_in", "30", "expires_at", "2030-01-31"),
        400,
        "rest_authentication_key_pair_expiry_conflict");
    assertTrue(
        api.list("alice", null).stream()
            .noneMatch(v -> v.asJsonObject().getString("name").equals(name)));
  }

  @Test
  void whenExpiryMalformedOrPastThen400InvalidExpiry() {
    for (String[] bad :
        List.of(
            new String[] {"expires_in", "0"},
            new String[] {"expires_in", "thirty"},
            new String[] {"expires_in", "3651"},
            new String[] {"expires_at", "2020-01-01"},
            new String[] {"expires_at", "31/01/2030"},
            new String[] {"expires_at", "2030-01-31T12:00:00"})) {
      JsonObject e =
          endpointError(
              create(api, "alice", "name", unique("bad"), bad[0], bad[1]),
              400,
              "rest_authentication_invalid_key_pair_expiry");
      assertEquals("invalid_request", e.getString("error"), bad[1]);
    }
  }

  @Test
  void whenMaxLifetimeSetThenALaterExpiryIsRefusedAndNoExpiryGetsTheMaximum() {
    endpointError(
        create(capped, "alice", "name", unique("long"), "expires_in", "31"),
        400,
        "rest_authentication_key_pair_expiry_too_long");
    created("alice", create(capped, "alice", "name", unique("max"), "expires_in", "30"));
    long before = Instant.now().getEpochSecond();
    Api.KeyPair byDefault = created("alice", create(capped, "alice", "name", unique("default")));
    long expiresAt = byDefault.body().getJsonObject("row").getJsonNumber("expires_at").longValue();
    assertTrue(
        Math.abs(expiresAt - (before + Duration.ofDays(30).toSeconds())) <= 5,
        () -> "" + expiresAt);
  }

  @Test
  void whenKeyPairExpiresThenExchangeRefreshAndItsAccessTokensAreRefused() throws Exception {
    Instant expiry = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(4);
    Api.KeyPair kp =
        created(
            "alice",
            create(api, "alice", "name", unique("short"), "expires_at", expiry.toString()));
    Api.Tokens t = api.tokens(kp);
    assertEquals(
        expiry.getEpochSecond(), t.body().getJsonNumber("key_pair_expires_at").longValue());
    int expiresIn = t.body().getInt("expires_in");
    assertTrue(expiresIn >= 1 && expiresIn <= 4, "capped at the key-pair expiry: " + expiresIn);
    Expect.me(api.me(t.access()), "alice", "Bearer", false);
    while (Instant.now().isBefore(expiry.plusMillis(200))) {
      Thread.sleep(100);
    }
    // the access token is past its exp too, but within the default 30 s leeway: the key-pair
    // status is what refuses it
    invalidToken(api.me(t.access()), "rest_authentication_key_pair_expired");
    endpointError(
        api.token(kp.apiKey(), kp.apiSecret()), 403, "rest_authentication_key_pair_expired");
    endpointError(api.refresh(t.refresh()), 403, "rest_authentication_key_pair_expired");
    JsonObject row = rowOf(api.list("alice", null), kp.apiKey());
    assertEquals(expiry.getEpochSecond(), row.getJsonNumber("expires_at").longValue());
  }

  // ------------------------------------------------------------------ roles

  @Test
  void whenRestrictedToUserThenItsTokenIsRefusedWhereTheOwnersBasicLoginPasses() {
    Http.Res basic = api.app("/api/role/administrator").basic("admin", Container.PASSWORD).get();
    assertEquals(200, basic.status(), basic::toString);
    Api.KeyPair restricted =
        created("admin", create(api, "admin", "name", unique("deploy"), "roles", "user"));
    assertEquals(
        Set.of("user"), strings(restricted.body().getJsonObject("row").getJsonArray("roles")));
    String token = api.tokens(restricted).access();
    Http.Res refused = api.app("/api/role/administrator").bearer(token).get();
    assertEquals(403, refused.status(), refused::toString);
    Http.Res allowed = api.app("/api/role/user").bearer(token).get();
    assertEquals(200, allowed.status(), allowed::toString);
    Expect.me(api.me(token), "admin", "Bearer", false);
    Api.KeyPair full = created("admin", create(api, "admin", "name", unique("full")));
    Http.Res unrestricted =
        api.app("/api/role/administrator").bearer(api.tokens(full).access()).get();
    assertEquals(200, unrestricted.status(), "no restriction: today's roles " + unrestricted);
  }

  @Test
  void whenRolesAreAJsonArrayOrRepeatedThenAllAreKept() {
    Http.Res json =
        api.api("/key-pair")
            .basic("admin", Container.PASSWORD)
            .json("{\"name\":\"" + unique("arr") + "\",\"roles\":[\"user\",\"administrator\"]}")
            .post();
    assertEquals(
        Set.of("user", "administrator"),
        strings(created("admin", json).body().getJsonObject("row").getJsonArray("roles")));
    Http.Res repeated =
        api.api("/key-pair")
            .basic("admin", Container.PASSWORD)
            .form("name", unique("rep"), "roles", "user", "roles", "administrator")
            .post();
    assertEquals(
        Set.of("user", "administrator"),
        strings(created("admin", repeated).body().getJsonObject("row").getJsonArray("roles")));
    Http.Res none =
        api.api("/key-pair")
            .basic("admin", Container.PASSWORD)
            .json("{\"name\":\"" + unique("none") + "\",\"roles\":[]}")
            .post();
    Api.KeyPair noRoles = created("admin", none);
    assertEquals(Set.of(), strings(noRoles.body().getJsonObject("row").getJsonArray("roles")));
    Http.Res userGate = api.app("/api/role/user").bearer(api.tokens(noRoles).access()).get();
    assertEquals(403, userGate.status(), "restricted to no role: " + userGate);
  }

  @Test
  void whenRestrictedToARoleTheUserDoesNotHoldThen400AndNothingCreated() {
    endpointError(
        create(api, "alice", "name", unique("escalate"), "roles", "administrator"),
        400,
        "rest_authentication_invalid_key_pair_role");
    endpointError(
        create(api, "admin", "name", unique("unknown"), "roles", "user,manager"),
        400,
        "rest_authentication_invalid_key_pair_role");
    Http.Res bad =
        api.api("/key-pair")
            .basic("admin", Container.PASSWORD)
            .json("{\"name\":\"x\",\"roles\":[1]}")
            .post();
    endpointError(bad, 400, "rest_authentication_invalid_request");
  }

  // ------------------------------------------------------------------ sign out everywhere

  @Test
  void whenSignedOutEverywhereThenEveryKeyPairAndEveryRefreshChainIsRevokedAtOnce() {
    List<Api.KeyPair> pairs =
        List.of(
            api.createKeyPair("bob", unique("a")),
            api.createKeyPair("bob", unique("b")),
            created("bob", create(api, "bob", "name", unique("c"), "expires_in", "1")));
    List<Api.Tokens> tokens = pairs.stream().map(api::tokens).toList();
    List<Api.Tokens> second = pairs.stream().map(api::tokens).toList(); // a second chain each
    Api.KeyPair alices = api.createKeyPair("alice", unique("untouched"));
    Api.Tokens alicesTokens = api.tokens(alices);
    Http.Res r = api.api("/key-pair").basic("bob", Container.PASSWORD).delete();
    assertEquals(200, r.status(), r::toString);
    assertEquals(
        pairs.stream().map(Api.KeyPair::apiKey).collect(Collectors.toSet()),
        strings(r.json().getJsonArray("revoked")));
    for (List<Api.Tokens> chain : List.of(tokens, second)) {
      for (Api.Tokens t : chain) {
        invalidToken(api.me(t.access()), "rest_authentication_revoked_api_key");
        endpointError(api.refresh(t.refresh()), 403, "rest_authentication_revoked_api_key");
      }
    }
    for (Api.KeyPair kp : pairs) {
      endpointError(
          api.token(kp.apiKey(), kp.apiSecret()), 403, "rest_authentication_revoked_api_key");
    }
    assertEquals(0, api.list("bob", null).size());
    Expect.me(api.me(alicesTokens.access()), "alice", "Bearer", false);
    assertEquals(200, api.refresh(alicesTokens.refresh()).status(), "another user is untouched");
    assertEquals(
        0,
        Json.parse(api.api("/key-pair").basic("bob", Container.PASSWORD).delete().body())
            .asJsonObject()
            .getJsonArray("revoked")
            .size(),
        "nothing left to revoke");
  }
}
