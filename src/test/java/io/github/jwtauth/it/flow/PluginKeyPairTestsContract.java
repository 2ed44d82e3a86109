package io.github.jwtauth.it.flow;

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
import io.github.jwtauth.testsupport.Json;
import io.github.jwtauth.testsupport.Jwts;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The WordPress plugin's PHPUnit classes {@code Test_WP_REST_Key_Pair}
 * (tests/wp-includes/rest-api/auth/class-test-wp-rest-key-pair.php) and {@code
 * Test_WP_Key_Pair_List_Table} (tests/wp-admin/includes/class-test-wp-key-pair-list-table.php),
 * ported method by method to HTTP as in {@link PluginTokenTestsContract}: each test is named after
 * the plugin's method; "same" means the plugin's answer, a difference names its README row
 * ("Differences from the WordPress plugin"). The plugin's key-pair routes are ours too ({@code
 * /key-pair/{user_id}…}, with the login as {@code user_id}); its profile section and list table are
 * our profile page ({@code GET /profile}) and the rows of {@code GET /key-pair}.
 *
 * <p>Methods without an HTTP meaning, not ported:
 *
 * <ul>
 *   <li>{@code Test_WP_REST_Key_Pair::test_init}: asserts WordPress hook registrations ({@code
 *       has_action}).
 *   <li>{@code test_after_password_reset} and {@code test_profile_update}: WordPress deletes a
 *       user's key-pairs from its password-reset and profile-update hooks; a container's realm
 *       tells a web application nothing when a password changes, so there is no request to send
 *       (README row "key-pair routes authenticate with the WordPress login cookie": the operator
 *       revokes, or configures a user directory).
 *   <li>The plugin's bootstrap tests (tests/test-jwt-auth.php) {@code test_jwt_auth_version_check}
 *       (a PHP-version notice in wp-admin) and {@code test_jwt_auth_loader} (the plugin loader
 *       hook): WordPress plugin plumbing.
 * </ul>
 */
interface PluginKeyPairTestsContract {
  String PASSWORD = Container.PASSWORD;

  PluginSite site();

  private Api api() {
    return site().api;
  }

  private JsonArray list(String caller, String user) {
    Http.Res r = api().api("/key-pair/" + user).basic(caller, PASSWORD).get();
    assertEquals(200, r.status(), r::toString);
    return Json.parse(r.body()).asJsonArray();
  }

  private static Set<String> keys(JsonArray rows) {
    return Set.copyOf(
        rows.getValuesAs(JsonObject.class).stream().map(r -> r.getString("api_key")).toList());
  }

  private Http.Res profile(String user) {
    Http.Res r = api().api("/profile").basic(user, PASSWORD).get();
    assertEquals(200, r.status(), r::toString);
    return r;
  }

  /** A login an administrator provisions (issue 16 item 2), with no key-pair yet. */
  private static String freshLogin() {
    return unique("testeditor");
  }

  private Http.Res createAs(String caller, String user, String name) {
    return api().api("/key-pair/" + user).basic(caller, PASSWORD).form("name", name).post();
  }

  // ================================================================== Test_WP_REST_Key_Pair

  // Different path, same route: README row "routes under /wp-json/wp/v2/".
  @Test
  default void test_get_rest_uri() {
    assertEquals(
        "/jwt-auth/v1/key-pair", api().api("/key-pair").options().json().getString("route"));
    Http.Res wp = api().app("/wp-json/wp/v2/key-pair").get();
    assertEquals(404, wp.status(), wp::toString);
  }

  // Same: the plugin's three routes exist (user_id is the login here: row "the token's user").
  @Test
  default void test_register_routes() {
    for (String path :
        List.of("/key-pair/alice", "/key-pair/alice/revoke-all", "/key-pair/alice/k/revoke")) {
      Http.Res r = api().api(path).options();
      assertEquals(200, r.status(), r::toString);
      assertTrue(
          r.header("Allow").contains("DELETE") || r.header("Allow").contains("POST"), r::toString);
    }
  }

  // Different: OPTIONS describes the parameters, not the answer (row "OPTIONS on a route").
  @Test
  default void test_get_item_schema() {
    JsonObject body = api().api("/key-pair/alice").options().json();
    assertFalse(body.containsKey("schema"), body::toString);
    JsonObject post = body.getJsonArray("endpoints").getJsonObject(1);
    assertEquals(
        Set.of("name", "expires_in", "expires_at", "roles", "user_id"),
        post.getJsonObject("args").keySet());
  }

  // Different: key-pairs are managed on our profile page, a self-contained page under a strict CSP
  // instead of key-pair.js and key-pair.css in wp-admin (row "key-pair management in the user's
  // WordPress profile").
  @Test
  default void test_show_user_profile() {
    Http.Res r = profile("alice");
    assertTrue(r.header("Content-Type").startsWith("text/html"), r::toString);
    assertTrue(r.header("Content-Security-Policy").contains("script-src 'nonce-"), r::toString);
    assertTrue(r.body().contains("<script nonce="), "the page's own script");
  }

  // Different: a container login manages key-pairs without a token (as the plugin: POST/DELETE
  // need none), and a Bearer identity may not (row "key-pair routes authenticate with the
  // WordPress login cookie").
  @Test
  default void test_require_token() {
    assertEquals(200, createAs("alice", "alice", unique("no-token")).status());
    Api.Tokens t = site().tokens("alice");
    endpointError(
        api().api("/key-pair/alice").bearer(t.access()).form("name", "x").post(),
        401,
        "rest_not_logged_in");
    endpointError(
        api().api("/key-pair/alice/revoke-all").bearer(t.access()).delete(),
        401,
        "rest_not_logged_in");
    endpointError(api().api("/key-pair/alice").bearer(t.access()).get(), 401, "rest_not_logged_in");
  }

  // Same codes and status (403): a key alone is no key-pair; unknown or wrong → invalid; revoked
  // → revoked; right → the key-pair's user.
  @Test
  default void test_authenticate() {
    Api.KeyPair kp = api().createKeyPair("alice", unique("authenticate"));
    endpointError(
        api().api("/token").form("api_key", kp.apiKey()).post(),
        403,
        "rest_authentication_required_api_key_secret");
    endpointError(
        api().token(unique("12345"), "54321"), 403, "rest_authentication_invalid_api_key_secret");
    endpointError(
        api().token(kp.apiKey(), "54321"), 403, "rest_authentication_invalid_api_key_secret");
    Api.KeyPair gone = api().createKeyPair("alice", unique("revoked"));
    assertEquals(
        "true",
        api()
            .api("/key-pair/alice/" + gone.apiKey() + "/revoke")
            .basic("alice", PASSWORD)
            .delete()
            .body());
    endpointError(
        api().token(gone.apiKey(), gone.apiSecret()), 403, "rest_authentication_revoked_api_key");
    Http.Res ok = api().token(kp.apiKey(), kp.apiSecret());
    assertEquals(200, ok.status(), ok::toString);
    assertEquals(
        "alice", ok.json().getJsonObject("data").getJsonObject("user").getString("user_login"));
  }

  // Same: the token carries the key-pair's api_key in data.user.
  @Test
  default void test_payload() {
    Api.KeyPair kp = api().createKeyPair("alice", unique("payload"));
    Api.Tokens t = api().tokens(kp);
    for (String token : List.of(t.access(), t.refresh())) {
      assertEquals(
          kp.apiKey(),
          Jwts.payload(token).getJsonObject("data").getJsonObject("user").getString("api_key"));
    }
  }

  // Same code, 401 instead of 403 (row "a refused Bearer token on a REST request").
  @Test
  default void test_validate_token() {
    Api.KeyPair kp = api().createKeyPair("alice", unique("validate"));
    Api.Tokens t = api().tokens(kp);
    Expect.me(api().me(t.access()), "alice", "Bearer", false);
    assertEquals(
        "true",
        api()
            .api("/key-pair/alice/" + kp.apiKey() + "/revoke")
            .basic("alice", PASSWORD)
            .delete()
            .body());
    invalidToken(api().me(t.access()), "rest_authentication_revoked_api_key");
  }

  // Same codes; statuses 400/404/403 instead of all 403 (row "key-pair errors all 403"). A user
  // who is not an administrator naming another user gets …_edit_user_error even when that user
  // does not exist (the plugin: …_invalid_user_error), so nobody but an administrator learns which
  // users exist (README "Key-pair routes"). Success is the plugin's 200 {api_secret, row}; the row
  // holds no hash (row "key-pair routes POST /key-pair/{user_id}").
  @Test
  default void test_generate_key_pair() {
    endpointError(
        api().api("/key-pair/alice").basic("alice", PASSWORD).form("other", "x").post(),
        400,
        "rest_authentication_required_name_error");
    endpointError(
        site()
            .dirApi
            .api("/key-pair/nobody")
            .basic("alice", PASSWORD)
            .form("name", "Custom Key-pair")
            .post(),
        403,
        "rest_authentication_edit_user_error");
    endpointError(
        site()
            .dirApi
            .api("/key-pair/nobody")
            .basic("admin", PASSWORD)
            .form("name", "Custom Key-pair")
            .post(),
        404,
        "rest_authentication_invalid_user_error");
    endpointError(
        createAs("alice", "admin", "Custom Key-pair"), 403, "rest_authentication_edit_user_error");
    Http.Res r = createAs("alice", "alice", "Custom Key-pair");
    assertEquals(200, r.status(), r::toString);
    assertEquals(Set.of("api_secret", "row"), Json.keys(r.json()));
    assertEquals("Custom Key-pair", r.json().getJsonObject("row").getString("name"));
  }

  // Same: another user's key-pair without permission → …_edit_user_error (403); an unknown key →
  // 200 false; a known one → true, and the user's other key-pair stays.
  @Test
  default void test_delete_key_pair() {
    String user = freshLogin();
    String k1 = createAs("admin", user, "one").json().getJsonObject("row").getString("api_key");
    String k2 = createAs("admin", user, "two").json().getJsonObject("row").getString("api_key");
    endpointError(
        api().api("/key-pair/" + user + "/" + k1 + "/revoke").basic("bob", PASSWORD).delete(),
        403,
        "rest_authentication_edit_user_error");
    Http.Res unknown =
        api().api("/key-pair/" + user + "/1234567890/revoke").basic("admin", PASSWORD).delete();
    assertEquals(200, unknown.status(), unknown::toString);
    assertEquals("false", unknown.body());
    assertEquals(
        "true",
        api()
            .api("/key-pair/" + user + "/" + k1 + "/revoke")
            .basic("admin", PASSWORD)
            .delete()
            .body());
    assertEquals(Set.of(k2), keys(list("admin", user)));
  }

  // Same: another user's without permission → …_edit_user_error (403); then the count, 0 and 1.
  @Test
  default void test_delete_all_key_pairs() {
    endpointError(
        api().api("/key-pair/alice/revoke-all").basic("bob", PASSWORD).delete(),
        403,
        "rest_authentication_edit_user_error");
    api().api("/key-pair/bob/revoke-all").basic("bob", PASSWORD).delete(); // from earlier tests
    Http.Res none = api().api("/key-pair/bob/revoke-all").basic("bob", PASSWORD).delete();
    assertEquals(200, none.status(), none::toString);
    assertEquals("0", none.body());
    api().createKeyPair("bob", unique("one"));
    assertEquals("1", api().api("/key-pair/bob/revoke-all").basic("bob", PASSWORD).delete().body());
  }

  // Same: a user without key-pairs has an empty list (the plugin's unreadable user meta too).
  @Test
  default void test_get_user_key_pairs() {
    assertEquals(0, list("admin", freshLogin()).size());
  }

  // Same: what is stored is what the list returns.
  @Test
  default void test_set_user_key_pairs() {
    String user = freshLogin();
    String key = createAs("admin", user, "stored").json().getJsonObject("row").getString("api_key");
    assertEquals(Set.of(key), keys(list("admin", user)));
  }

  // Different page, same parts (row "key-pair management in the user's WordPress profile"): the
  // key-pair section (create form, table) …
  @Test
  default void test_show_key_pair_section() {
    String page = profile("alice").body();
    assertTrue(page.contains("id=\"create-form\"") && page.contains("id=\"kp-table\""), page);
  }

  // … the dialog that shows a new secret once …
  @Test
  default void test_template_new_key_pair() {
    assertTrue(profile("alice").body().contains("id=\"created-dialog\""));
  }

  // … the dialog that exchanges a key-pair for tokens …
  @Test
  default void test_template_new_token_key_pair() {
    assertTrue(profile("alice").body().contains("id=\"token-dialog\""));
  }

  // … and the rows, which the page fills from GET /key-pair.
  @Test
  default void test_template_key_pair_row() {
    assertTrue(profile("alice").body().contains("id=\"kp-rows\""));
  }

  // ================================================================== Test_WP_Key_Pair_List_Table

  // Same columns (the plugin's Token and Revoke columns are the page's actions column); the rows
  // of GET /key-pair carry the data columns.
  @Test
  default void test_get_columns() {
    String page = profile("alice").body();
    for (String column :
        List.of("Name", "API key", "Created", "Last used", "Last IP", "Expires", "Roles")) {
      assertTrue(page.contains("<th scope=\"col\">" + column + "</th>"), column);
    }
    api().createKeyPair("alice", unique("columns"));
    JsonObject row = list("alice", "alice").getJsonObject(0);
    assertEquals(
        Set.of("name", "api_key", "created", "last_used", "last_ip", "expires_at", "roles"),
        row.keySet());
  }

  // Same: every key-pair is listed with its api_key and name, newest first (array_reverse).
  @Test
  default void test_prepare_items() {
    String user = freshLogin();
    createAs("admin", user, "First");
    createAs("admin", user, "Second");
    JsonArray rows = list("admin", user);
    assertEquals(2, rows.size(), rows::toString);
    assertEquals(
        Set.of("First", "Second"),
        Set.copyOf(
            rows.getValuesAs(JsonObject.class).stream().map(r -> r.getString("name")).toList()));
    assertTrue(
        rows.getJsonObject(0).getJsonNumber("created").longValue()
            >= rows.getJsonObject(1).getJsonNumber("created").longValue());
  }

  // Different values (row "key-pair routes POST /key-pair/{user_id}"): created is epoch seconds,
  // not "February 1, 2019 12:00 am", and an empty last_used / last_ip is null, not "&mdash;" (the
  // profile page shows "—"); a used key-pair shows its time and address.
  @Test
  default void test_column_default() {
    String user = freshLogin();
    Http.Res created = createAs("admin", user, "First");
    JsonObject row = created.json().getJsonObject("row");
    assertEquals("First", row.getString("name"));
    assertTrue(row.getJsonNumber("created").longValue() > 1_500_000_000L, row::toString);
    assertTrue(isNull(row, "last_used") && isNull(row, "last_ip"), row::toString);
    api()
        .tokens(
            new Api.KeyPair(
                user, row.getString("api_key"), created.json().getString("api_secret"), null));
    JsonObject used = list("admin", user).getJsonObject(0);
    assertEquals(row.getString("api_key"), used.getString("api_key"));
    assertTrue(
        used.getJsonNumber("last_used").longValue() >= row.getJsonNumber("created").longValue());
    assertEquals("127.0.0.1", used.getString("last_ip"));
  }

  // Same: a "Revoke all" control under the table.
  @Test
  default void test_display_tablenav() {
    assertTrue(profile("alice").body().contains("id=\"revoke-all\""));
  }

  // Same: a row names its key-pair's api_key and name.
  @Test
  default void test_single_row() {
    String user = freshLogin();
    String key = createAs("admin", user, "First").json().getJsonObject("row").getString("api_key");
    JsonObject row = list("admin", user).getJsonObject(0);
    assertEquals(key, row.getString("api_key"));
    assertEquals("First", row.getString("name"));
  }
}
