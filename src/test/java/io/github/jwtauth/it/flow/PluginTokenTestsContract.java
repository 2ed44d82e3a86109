package io.github.jwtauth.it.flow;

import static io.github.jwtauth.it.flow.PluginSite.forge;
import static io.github.jwtauth.it.flow.PluginSite.forgeUser;
import static io.github.jwtauth.it.flow.PluginSite.unique;
import static io.github.jwtauth.testsupport.Expect.endpointError;
import static io.github.jwtauth.testsupport.Expect.invalidToken;
import static io.github.jwtauth.testsupport.Expect.isNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Expect;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.Jwts;
import jakarta.json.JsonObject;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The WordPress plugin's PHPUnit class {@code Test_WP_REST_Token}
 * (tests/wp-includes/rest-api/auth/class-test-wp-rest-token.php), ported method by method to HTTP:
 * each test is named after the plugin's method and sends what that method's cases mean for a
 * client, asserting our answer. Where it is the plugin's, the test says "same"; where it differs, a
 * comment names the README row ("Differences from the WordPress plugin") that explains why. The
 * plugin's mocks of internal steps (a failing {@code get_auth_header}, {@code decode_token}, …)
 * become requests that make that step fail, and its hand-made tokens become tokens forged with the
 * deployment's own secret.
 *
 * <p>Methods without an HTTP meaning, not ported:
 *
 * <ul>
 *   <li>{@code test_init}: asserts WordPress hook registrations ({@code has_action}); what the
 *       hooks wire is tested through {@code test_register_routes} and {@code test_authenticate}.
 *   <li>{@code test_generate_token_rest_authentication_user}: replaces the user through the
 *       WordPress filter {@code rest_authentication_user} with objects lacking an ID, login or
 *       e-mail ({@code rest_authentication_missing_user_id}, {@code …_missing_user_login}, {@code
 *       …_missing_user_email}); jwt-auth has no such extension point: its users are container
 *       logins or {@code user-sql} rows, whose missing id or e-mail become JSON null (README row
 *       "the token's user").
 * </ul>
 *
 * <p>Runs on the two deployments of {@link PluginSite}: without a user directory, and with one
 * where the plugin's test changes a user's e-mail.
 */
interface PluginTokenTestsContract {
  String PASSWORD = Container.PASSWORD;
  String TOKEN_ERROR = "rest_authentication_token_error";

  PluginSite site();

  private Api api() {
    return site().api;
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** A token-required URL of the test webapp, as the plugin's REST routes required tokens. */
  private Http.Req hello() {
    return api().app("/api/hello");
  }

  private static void served(Http.Res r) {
    assertEquals(200, r.status(), r::toString);
    assertEquals("hello", r.body(), r::toString);
  }

  /** 401 {@code rest_authentication_no_header} with a bare challenge. */
  private static void noHeader(Http.Res r) {
    Expect.error(r, 401, "rest_authentication_no_header");
    assertEquals("Bearer realm=\"jwt-auth\"", r.header("WWW-Authenticate"), r::toString);
  }

  private static String expired(String genuine) {
    long past = now() - 600;
    return forge(genuine, b -> b.add("iat", past - 60).add("nbf", past - 60).add("exp", past));
  }

  // The routes are under jwt-auth.base-path, not /wp-json/wp/v2: README row "routes under
  // /wp-json/wp/v2/".
  @Test
  default void test_get_rest_uri() {
    JsonObject route = api().api("/token").options().json();
    assertEquals("/jwt-auth/v1/token", route.getString("route"));
    Http.Res wp = api().app("/wp-json/wp/v2/token").get();
    assertEquals(404, wp.status(), wp::toString);
    Http.Res query = api().app("/index.php?rest_route=/wp/v2/token").get();
    assertEquals(404, query.status(), query::toString);
  }

  // Same: the token route is registered (POST), and so is validate (ours also takes POST).
  @Test
  default void test_register_routes() {
    Http.Res token = api().api("/token").options();
    assertEquals(200, token.status(), token::toString);
    assertEquals("POST, OPTIONS", token.header("Allow"));
    assertEquals("GET, POST, OPTIONS", api().api("/token/validate").options().header("Allow"));
  }

  // Different: OPTIONS describes the parameters, not the answer; README row "OPTIONS on a route".
  @Test
  default void test_get_item_schema() {
    JsonObject body = api().api("/token").options().json();
    assertFalse(body.containsKey("schema"), body::toString);
    JsonObject args = body.getJsonArray("endpoints").getJsonObject(0).getJsonObject("args");
    assertTrue(args.keySet().containsAll(Set.of("api_key", "api_secret", "refresh_token")));
    assertEquals("string", args.getJsonObject("api_key").getString("type"));
  }

  // Same outcome with a different status: another authentication method (BASIC) is left to the
  // container, no token → anonymous, a valid token → its user; an invalid one is 401, not 403
  // (README row "a refused Bearer token on a REST request").
  @Test
  default void test_authenticate() {
    Expect.me(api().app("/api/me").basic("admin", PASSWORD).get(), "admin", "BASIC", true);
    Expect.me(api().app("/api/me").get(), null, null, false);
    Api.Tokens t = site().tokens("alice");
    Expect.me(api().me(t.access()), "alice", "Bearer", false);
    String otherKey =
        Jwts.hmac(
            Jwts.header(t.access()),
            Jwts.payload(t.access()),
            "another-secret-of-enough-length-0123456789");
    invalidToken(api().me(otherKey), TOKEN_ERROR);
  }

  // Same codes and status (403) for every case; the plugin's refresh token without token_type is
  // ours with the typ header of an access token (README row "one token format").
  @Test
  default void test_authenticate_refresh_token() {
    Api.KeyPair kp = api().createKeyPair("alice", unique("refresh"));
    Api.Tokens t = api().tokens(kp);
    // no refresh_token: the key-pair path answers
    endpointError(
        api().api("/token").form("other", "x").post(),
        403,
        "rest_authentication_required_api_key_secret");
    endpointError(api().refresh("54321"), 403, TOKEN_ERROR);
    endpointError(
        api().refresh(forgeUser(t.refresh(), u -> u.remove("api_key"))),
        403,
        "rest_authentication_missing_refresh_token_api_key");
    endpointError(
        api().refresh(forgeUser(t.refresh(), u -> u.remove("id"))),
        403,
        "rest_authentication_missing_refresh_token_user_id");
    endpointError(api().refresh(t.access()), 403, "rest_authentication_invalid_token_type");
    endpointError(
        api().refresh(forgeUser(t.refresh(), u -> u.add("id", "bob").add("user_login", "bob"))),
        403,
        "rest_authentication_invalid_refresh_token");
    Api.KeyPair gone = api().createKeyPair("alice", unique("revoked"));
    Api.Tokens goneTokens = api().tokens(gone);
    assertEquals(
        200, api().api("/key-pair/" + gone.apiKey()).basic("alice", PASSWORD).delete().status());
    endpointError(api().refresh(goneTokens.refresh()), 403, "rest_authentication_revoked_api_key");
    Http.Res ok = api().refresh(t.refresh());
    assertEquals(200, ok.status(), ok::toString);
    assertEquals(
        kp.apiKey(),
        ok.json().getJsonObject("data").getJsonObject("user").getString("api_key"),
        ok::toString);
  }

  // Different where the README says: a logged-in user needs no token (same); GET without a header
  // passes (same); "Bearer: Test" is not the Bearer scheme, so anonymous, where the plugin required
  // a token (row "Authorization: Bearer with nothing after it"); the token route needs no token
  // (same); a POST without a header is refused only where jwt-auth.token-required lists the URL,
  // 401 instead of the plugin's 403 for every REST POST (row "a REST request without
  // Authorization").
  @Test
  default void test_require_token() {
    served(hello().basic("alice", PASSWORD).get());
    Expect.me(api().app("/api/me").get(), null, null, false);
    Expect.me(
        api().app("/api/me").header("Authorization", "Bearer: Test").get(), null, null, false);
    Api.KeyPair kp = api().createKeyPair("alice", unique("require"));
    assertEquals(200, api().token(kp.apiKey(), kp.apiSecret()).status());
    noHeader(hello().form("a", "b").post());
    Expect.me(api().app("/api/me").form("a", "b").post(), null, null, false);
  }

  // Same codes. Different values: data.user.id is the login without a user directory, and
  // user_email null (row "the token's user"); with one, the directory's id and e-mail.
  @Test
  default void test_generate_token() {
    endpointError(
        api().api("/token").form("username", "alice", "password", PASSWORD).post(),
        403,
        "rest_authentication_required_api_key_secret");
    Api.KeyPair kp = api().createKeyPair("alice", unique("generate"));
    Http.Res r = api().token(kp.apiKey(), kp.apiSecret());
    assertEquals(200, r.status(), r::toString);
    JsonObject b = r.json();
    assertFalse(b.getString("access_token").isEmpty());
    assertFalse(b.getString("refresh_token").isEmpty());
    JsonObject user = b.getJsonObject("data").getJsonObject("user");
    assertEquals("alice", user.getString("id"));
    assertEquals("alice", user.getString("user_login"));
    assertTrue(isNull(user, "user_email"), user::toString);
    assertEquals(kp.apiKey(), user.getString("api_key"));

    Api.KeyPair dir = site().dirApi.createKeyPair("alice", unique("generate"));
    JsonObject dirUser =
        site().dirApi.tokens(dir).body().getJsonObject("data").getJsonObject("user");
    assertEquals(2, dirUser.getInt("id"));
    assertEquals("alice", dirUser.getString("user_login"));
    assertEquals("alice@example.org", dirUser.getString("user_email"));
    assertEquals(dir.apiKey(), dirUser.getString("api_key"));
  }

  // Same: every token answer carries a refresh_token, and it buys new tokens. (The plugin's case of
  // a payload filter failing has no HTTP meaning.)
  @Test
  default void test_append_refresh_token() {
    Api.Tokens t = site().tokens("alice");
    assertEquals("rt+jwt", Jwts.header(t.refresh()).getString("typ"));
    assertEquals(
        "refresh",
        Jwts.payload(t.refresh())
            .getJsonObject("data")
            .getJsonObject("user")
            .getString("token_type"));
    Http.Res r = api().refresh(t.refresh());
    assertEquals(200, r.status(), r::toString);
    assertFalse(r.json().getString("refresh_token").isEmpty());
  }

  // Same: an undecodable token is rest_authentication_token_error (403 on the token route).
  @Test
  default void test_decode_token() {
    endpointError(api().refresh("bad-token"), 403, TOKEN_ERROR);
  }

  // Different but for a valid access token: /token/validate answers a refused token with 401 and
  // its own code instead of 200 with rest_authentication_invalid_bearer_token or
  // …_expired_bearer_token (row "GET /token/validate always answers 200"); a refresh token is
  // refused there (row "one token format").
  @Test
  default void test_validate() {
    noHeader(api().api("/token/validate").get());
    Api.Tokens t = site().tokens("alice");
    invalidToken(api().api("/token/validate").bearer("12345").get(), TOKEN_ERROR);
    invalidToken(
        api()
            .api("/token/validate")
            .bearer(forge(t.access(), b -> b.add("iss", "http://nope.com")))
            .get(),
        "rest_authentication_invalid_token_issuer");
    invalidToken(
        api().api("/token/validate").bearer(forgeUser(t.access(), u -> u.add("id", 10))).get(),
        "rest_authentication_invalid_token_wp_user");
    invalidToken(
        api().api("/token/validate").bearer(expired(t.access())).get(),
        "rest_authentication_token_expired");
    Http.Res valid = api().api("/token/validate").bearer(t.access()).get();
    assertEquals(200, valid.status(), valid::toString);
    assertEquals("rest_authentication_valid_access_token", valid.json().getString("code"));
    assertEquals(200, valid.json().getJsonObject("data").getInt("status"));
    invalidToken(
        api().api("/token/validate").bearer(t.refresh()).get(),
        "rest_authentication_invalid_token_type");
  }

  // Same codes, 401 instead of 403 (row "a refused Bearer token on a REST request"); a bare
  // "Bearer" is 400 (row "Authorization: Bearer with nothing after it").
  @Test
  default void test_validate_token() {
    noHeader(hello().get());
    Expect.error(
        hello().header("Authorization", "Bearer ").get(), 400, "rest_authentication_no_token");
    Api.Tokens t = site().tokens("alice");
    invalidToken(
        hello().bearer(forge(t.access(), b -> b.add("iss", "http://nope.com"))).get(),
        "rest_authentication_invalid_token_issuer");
    invalidToken(
        hello().bearer(forgeUser(t.access(), u -> u.add("id", 10))).get(),
        "rest_authentication_invalid_token_wp_user");
    invalidToken(hello().bearer(expired(t.access())).get(), "rest_authentication_token_expired");
    served(hello().bearer(t.access()).get());
    invalidToken(hello().bearer("garbage").get(), TOKEN_ERROR);

    // the user's e-mail changes in the directory, as the plugin's wp_update_user
    String login = unique("testuser");
    site().addDirectoryUser(login, login + "@sample.org", "administrator");
    Api.Tokens d = site().directoryTokens(login);
    served(site().dirApi.app("/api/hello").bearer(d.access()).get());
    PluginSite.update(
        site().dirDb,
        "UPDATE app_users SET email = ? WHERE login = ?",
        "x" + login + "@sample.org",
        login);
    invalidToken(
        site().dirApi.app("/api/hello").bearer(d.access()).get(),
        "rest_authentication_invalid_token_user_email");
    invalidToken(
        hello().bearer(forgeUser(t.access(), u -> u.add("user_login", "alice1"))).get(),
        "rest_authentication_invalid_token_user_login");
  }

  // Same: the header is read (REDIRECT_HTTP_AUTHORIZATION is an Apache CGI variable with no HTTP
  // meaning); none where a token is required → rest_authentication_no_header, 401 instead of 403
  // (row "a REST request without Authorization").
  @Test
  default void test_get_auth_header() {
    Api.Tokens t = site().tokens("alice");
    served(hello().bearer(t.access()).get());
    noHeader(hello().get());
  }

  // Same codes: "Bearer " → rest_authentication_no_token, 400 not 403 (row "Authorization: Bearer
  // with nothing after it"); "Bearer 12345" is read as the token, which is then no JWT (401).
  @Test
  default void test_get_token() {
    Expect.error(
        api().app("/api/me").header("Authorization", "Bearer ").get(),
        400,
        "rest_authentication_no_token");
    invalidToken(api().app("/api/me").header("Authorization", "Bearer 12345").get(), TOKEN_ERROR);
  }

  // Same code, 401 (row "a refused Bearer token on a REST request"); the issuer is
  // jwt-auth.issuer, not the site URL (row "the token's user").
  @Test
  default void test_validate_issuer() {
    Api.Tokens t = site().tokens("alice");
    invalidToken(
        api().me(forge(t.access(), b -> b.add("iss", "http://nope.com"))),
        "rest_authentication_invalid_token_issuer");
    assertEquals("jwt-auth", Jwts.payload(t.access()).getString("iss"));
    Expect.me(api().me(t.access()), "alice", "Bearer", false);
  }

  // Same codes, 401 (rows "a token without data.user.id" and "looks the token's user up"):
  // without a user directory the id is the login, so an unknown id is a forged one.
  @Test
  default void test_validate_user() {
    Api.Tokens t = site().tokens("alice");
    invalidToken(
        api().me(forgeUser(t.access(), u -> u.remove("id"))),
        "rest_authentication_missing_token_user_id");
    invalidToken(
        api().me(forgeUser(t.access(), u -> u.add("id", 10))),
        "rest_authentication_invalid_token_wp_user");
    invalidToken(
        api().me(forgeUser(t.access(), u -> u.add("user_login", "alice1"))),
        "rest_authentication_invalid_token_user_login");
    invalidToken(
        api().me(forgeUser(t.access(), u -> u.add("user_email", "alice1@sample.org"))),
        "rest_authentication_invalid_token_user_email");
    Expect.me(
        api().me(forgeUser(t.access(), u -> u.addNull("user_email"))), "alice", "Bearer", false);
  }

  // Same codes, 401 (row "a refused Bearer token on a REST request"); the plugin's mocked
  // rest_authentication_token_expired is what an expired token gets here (row "an expired token").
  @Test
  default void test_validate_expiration() {
    Api.Tokens t = site().tokens("alice");
    invalidToken(
        api().me(forge(t.access(), b -> b.remove("exp"))),
        "rest_authentication_missing_token_expiration");
    invalidToken(api().me(expired(t.access())), "rest_authentication_token_expired");
    Expect.me(
        api().me(forge(t.access(), b -> b.add("exp", now() + 100))), "alice", "Bearer", false);
  }
}
