package io.github.jwtauth.it.flow;

import static io.github.jwtauth.it.flow.PluginSite.unique;
import static io.github.jwtauth.testsupport.Expect.endpointError;
import static io.github.jwtauth.testsupport.Expect.invalidToken;
import static io.github.jwtauth.testsupport.Expect.isNull;
import static io.github.jwtauth.testsupport.Expect.jsonContentType;
import static io.github.jwtauth.testsupport.Expect.noStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.AuditLine;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Expect;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.Json;
import io.github.jwtauth.testsupport.LogCapture;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Key-pair routes over HTTP (README "Key-pair routes"): an administrator provisioning users with
 * and without a user directory (issue 16 item 2), and the WordPress plugin's routes beside ours
 * with the plugin's answers, the same permission and CSRF rules, and the precedence between {@code
 * /key-pair/{user_id}} and our {@code /key-pair/{api_key}} (item 3). Runs on the two deployments of
 * {@link PluginSite}.
 */
interface KeyPairRoutesContract {
  String PASSWORD = Container.PASSWORD;

  PluginSite site();

  private Api api() {
    return site().api;
  }

  /** The audit lines about user captured so far. */
  private static List<AuditLine> audit(LogCapture log, String user) {
    return log.linesStartingWith(AuditLine.PREFIX).stream()
        .map(AuditLine::parse)
        .filter(l -> l.get("user").equals(user))
        .toList();
  }

  private static Set<String> keys(JsonArray rows) {
    return Set.copyOf(
        rows.getValuesAs(JsonObject.class).stream().map(r -> r.getString("api_key")).toList());
  }

  private static JsonArray rows(Http.Res r) {
    assertEquals(200, r.status(), r::toString);
    return Json.parse(r.body()).asJsonArray();
  }

  // ------------------------------------------------------------------ admin provisioning

  @Test
  default void whenAdminProvisionsALoginWithoutKeyPairsAndNoDirectoryThenCreatedWithoutRoles() {
    String carol = unique("carol");
    try (LogCapture log = LogCapture.start()) {
      Http.Res r =
          api()
              .api("/key-pair?user=" + carol)
              .basic("admin", PASSWORD)
              .multipart("name", "provisioned")
              .post();
      assertEquals(201, r.status(), r::toString);
      String key = r.json().getString("api_key");
      // no role can be confirmed for another user without a directory, and carol has no key-pair
      assertEquals("", site().recordedRoles(key));
      Api.Tokens t =
          api().tokens(new Api.KeyPair(carol, key, r.json().getString("api_secret"), null));
      Expect.me(api().me(t.access()), carol, "Bearer", false);
      AuditLine created =
          audit(log, carol).stream()
              .filter(l -> l.event().equals("authn_keypair_created"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no authn_keypair_created: " + log.lines()));
      assertEquals(key, created.get("api_key"));
      assertEquals("admin", created.get("by"), created::toString);
      assertEquals("127.0.0.1", created.get("ip"), created::toString);
    }
    assertEquals(
        Set.of(),
        keys(rows(api().api("/key-pair?user=" + unique("dave")).basic("admin", PASSWORD).get())));
    Http.Res none = api().api("/key-pair?user=" + unique("erin")).basic("admin", PASSWORD).delete();
    assertEquals(Json.parse("{\"revoked\":[]}"), none.json(), none::toString);
  }

  @Test
  default void whenAdminProvisionsAUserWhoHasAKeyPairThenItsRolesAreRecordedAgain() {
    Api.KeyPair own = api().createKeyPair("alice", unique("own"));
    assertEquals("user", site().recordedRoles(own.apiKey())); // confirmed by the container
    Http.Res r =
        api().api("/key-pair?user=alice").basic("admin", PASSWORD).form("name", "by admin").post();
    assertEquals(201, r.status(), r::toString);
    assertEquals("user", site().recordedRoles(r.json().getString("api_key")));
  }

  @Test
  default void whenAdminNamesALoginNoUserCanHaveThen404InvalidUser() {
    for (String bad : List.of("u".repeat(256), "bob%0Aevent%3Dforged", "bob%00")) {
      endpointError(
          api().api("/key-pair?user=" + bad).basic("admin", PASSWORD).form("name", "x").post(),
          404,
          "rest_authentication_invalid_user_error");
      endpointError(
          api().api("/key-pair?user=" + bad).basic("admin", PASSWORD).get(),
          404,
          "rest_authentication_invalid_user_error");
    }
  }

  @Test
  default void whenNonAdminNamesALoginWithoutKeyPairsThen403EditUserNot404() {
    // permission first: a non-administrator learns nothing about which users exist
    endpointError(
        api().api("/key-pair?user=" + unique("frank")).basic("alice", PASSWORD).get(),
        403,
        "rest_authentication_edit_user_error");
    endpointError(
        site().dirApi.api("/key-pair?user=nobody").basic("alice", PASSWORD).get(),
        403,
        "rest_authentication_edit_user_error");
  }

  @Test
  default void whenDirectoryKnowsAUserThenAdminProvisionsThemAndTheirRolesComeFromIt() {
    String dora = unique("dora");
    site().addDirectoryUser(dora, dora + "@example.org", "administrator");
    Api.Tokens t = site().directoryTokens(dora); // dora is no container login at all
    Expect.me(site().dirApi.me(t.access()), dora, "Bearer", true);
    assertEquals(
        dora + "@example.org",
        t.body().getJsonObject("data").getJsonObject("user").getString("user_email"));
  }

  @Test
  default void whenDirectoryDoesNotKnowAUserThen404InvalidUserOnEveryRoute() {
    Api dir = site().dirApi;
    String nobody = unique("nobody");
    for (Http.Res r :
        List.of(
            dir.api("/key-pair?user=" + nobody).basic("admin", PASSWORD).get(),
            dir.api("/key-pair?user=" + nobody).basic("admin", PASSWORD).form("name", "x").post(),
            dir.api("/key-pair?user=" + nobody).basic("admin", PASSWORD).delete(),
            dir.api("/key-pair/" + nobody).basic("admin", PASSWORD).form("name", "x").post(),
            dir.api("/key-pair/" + nobody).basic("admin", PASSWORD).get(),
            dir.api("/key-pair/" + nobody + "/revoke-all").basic("admin", PASSWORD).delete())) {
      endpointError(r, 404, "rest_authentication_invalid_user_error");
    }
    // a directory user without key-pairs is known
    assertEquals(Set.of(), keys(rows(dir.api("/key-pair/bob").basic("admin", PASSWORD).get())));
  }

  // ------------------------------------------------------------------ the plugin's routes

  @Test
  default void whenUserCreatesOnThePluginRouteThen200WithSecretAndRowAsThePlugin() {
    long before = System.currentTimeMillis() / 1000;
    Http.Res r =
        api().api("/key-pair/alice").basic("alice", PASSWORD).multipart("name", "plugin").post();
    assertEquals(200, r.status(), r::toString);
    jsonContentType(r);
    noStore(r);
    JsonObject b = r.json();
    assertEquals(Set.of("api_secret", "row"), Json.keys(b), r::toString);
    JsonObject row = b.getJsonObject("row");
    assertEquals(
        Set.of("name", "api_key", "created", "last_used", "last_ip", "expires_at", "roles"),
        Json.keys(row));
    assertEquals("plugin", row.getString("name"));
    assertTrue(row.getJsonNumber("created").longValue() >= before - 5, row::toString);
    assertTrue(isNull(row, "last_used") && isNull(row, "last_ip"), row::toString);
    assertFalse(r.body().contains("$2"), "no bcrypt hash in the row: " + r);
    Api.Tokens t =
        api()
            .tokens(
                new Api.KeyPair("alice", row.getString("api_key"), b.getString("api_secret"), b));
    Expect.me(api().me(t.access()), "alice", "Bearer", false);
    assertTrue(
        keys(rows(api().api("/key-pair/alice").basic("alice", PASSWORD).get()))
            .contains(row.getString("api_key")));
  }

  @Test
  default void whenAdminUsesThePluginRoutesForAnotherUserThenTheyActForThatUserAndAreAudited() {
    String gina = unique("gina");
    try (LogCapture log = LogCapture.start()) {
      Http.Res one =
          api().api("/key-pair/" + gina).basic("admin", PASSWORD).form("name", "one").post();
      Http.Res two =
          api().api("/key-pair/" + gina).basic("admin", PASSWORD).form("name", "two").post();
      assertEquals(200, one.status(), one::toString);
      assertEquals(200, two.status(), two::toString);
      String k1 = one.json().getJsonObject("row").getString("api_key");
      String k2 = two.json().getJsonObject("row").getString("api_key");
      assertEquals(
          Set.of(k1, k2),
          keys(rows(api().api("/key-pair/" + gina).basic("admin", PASSWORD).get())));

      Http.Res revoked =
          api().api("/key-pair/" + gina + "/" + k1 + "/revoke").basic("admin", PASSWORD).delete();
      assertEquals(200, revoked.status(), revoked::toString);
      jsonContentType(revoked);
      noStore(revoked);
      assertEquals("true", revoked.body());

      Http.Res all =
          api().api("/key-pair/" + gina + "/revoke-all").basic("admin", PASSWORD).delete();
      assertEquals(200, all.status(), all::toString);
      jsonContentType(all);
      assertEquals("1", all.body()); // key-pair.js: parseInt(response, 10) > 0
      assertEquals(
          "0",
          api().api("/key-pair/" + gina + "/revoke-all").basic("admin", PASSWORD).delete().body());

      List<AuditLine> lines = audit(log, gina);
      assertEquals(
          List.of(
              "authn_keypair_created",
              "authn_keypair_created",
              "authn_token_revoked",
              "authn_token_revoked"),
          lines.stream().map(AuditLine::event).toList(),
          log.lines()::toString);
      lines.forEach(l -> assertEquals("admin", l.get("by"), l::toString));
      assertEquals(
          List.of(k1, k2), lines.subList(2, 4).stream().map(l -> l.get("api_key")).toList());
    }
  }

  @Test
  default void whenPluginRevokeNamesAnUnknownRevokedOrForeignKeyThen200FalseAndNothingChanges() {
    Api.KeyPair kp = api().createKeyPair("alice", unique("revoke-me"));
    Api.Tokens t = api().tokens(kp);
    Api.Tokens admins = site().tokens("admin");
    String adminKey =
        admins.body().getJsonObject("data").getJsonObject("user").getString("api_key");
    for (String key : List.of(unique("nope"), adminKey, "x".repeat(65))) {
      Http.Res r =
          api().api("/key-pair/alice/" + key + "/revoke").basic("alice", PASSWORD).delete();
      assertEquals(200, r.status(), r::toString);
      assertEquals("false", r.body());
    }
    Expect.me(api().me(admins.access()), "admin", "Bearer", true);
    Http.Res yes =
        api().api("/key-pair/alice/" + kp.apiKey() + "/revoke").basic("alice", PASSWORD).delete();
    assertEquals("true", yes.body(), yes::toString);
    invalidToken(api().me(t.access()), "rest_authentication_revoked_api_key");
    Http.Res again =
        api().api("/key-pair/alice/" + kp.apiKey() + "/revoke").basic("alice", PASSWORD).delete();
    assertEquals("false", again.body(), again::toString);
  }

  @Test
  default void whenNonAdminNamesAnotherUserOnThePluginRoutesThen403EditUserAndAudited() {
    Api.Tokens admins = site().tokens("admin");
    String adminKey =
        admins.body().getJsonObject("data").getJsonObject("user").getString("api_key");
    try (LogCapture log = LogCapture.start()) {
      for (Http.Res r :
          List.of(
              api().api("/key-pair/admin").basic("alice", PASSWORD).get(),
              api().api("/key-pair/admin").basic("alice", PASSWORD).form("name", "x").post(),
              api().api("/key-pair/admin/revoke-all").basic("alice", PASSWORD).delete(),
              api()
                  .api("/key-pair/admin/" + adminKey + "/revoke")
                  .basic("alice", PASSWORD)
                  .delete())) {
        JsonObject b = endpointError(r, 403, "rest_authentication_edit_user_error");
        assertEquals("You do not have permission to edit this user.", b.getString("message"));
      }
      List<AuditLine> fails =
          audit(log, "alice").stream().filter(l -> l.event().equals("authz_fail")).toList();
      assertEquals(4, fails.size(), log.lines()::toString);
      fails.forEach(l -> assertEquals("admin", l.get("target_user"), l::toString));
    }
    Expect.me(api().me(admins.access()), "admin", "Bearer", true);
  }

  @Test
  default void whenPluginCreateHasNoNameThen400RequiredName() {
    endpointError(
        api().api("/key-pair/alice").basic("alice", PASSWORD).multipart("other", "x").post(),
        400,
        "rest_authentication_required_name_error");
  }

  @Test
  default void whenPluginRouteAlsoGetsAUserQueryThen400InvalidRequest() {
    endpointError(
        api().api("/key-pair/alice?user=alice").basic("admin", PASSWORD).get(),
        400,
        "rest_authentication_invalid_request");
    endpointError(
        api().api("/key-pair/alice/revoke-all?user=bob").basic("admin", PASSWORD).delete(),
        400,
        "rest_authentication_invalid_request");
  }

  @Test
  default void whenPluginRoutesAreCalledWithABearerTokenOrNobodyLoggedInThen401() {
    Api.Tokens t = site().tokens("alice");
    endpointError(api().api("/key-pair/alice").bearer(t.access()).get(), 401, "rest_not_logged_in");
    endpointError(
        api().api("/key-pair/alice/revoke-all").bearer(t.access()).delete(),
        401,
        "rest_not_logged_in");
    Http.Res anonymous = api().api("/key-pair/alice").form("name", "x").post();
    assertEquals(401, anonymous.status(), anonymous::toString);
    Expect.basicChallenge(anonymous);
    Expect.me(api().me(t.access()), "alice", "Bearer", false);
  }

  @Test
  default void whenABrowserRequestOnPluginRoutesFailsTheCsrfCheckThen403CookieInvalidNonce() {
    Api.KeyPair kp = api().createKeyPair("alice", unique("csrf"));
    String own = api().base().getScheme() + "://" + api().base().getAuthority();
    for (Http.Res r :
        List.of(
            api()
                .api("/key-pair/alice")
                .basic("alice", PASSWORD)
                .header("Origin", "https://evil.example")
                .form("name", "x")
                .post(),
            api()
                .api("/key-pair/alice/revoke-all")
                .basic("alice", PASSWORD)
                .header("Sec-Fetch-Site", "cross-site")
                .delete(),
            // same origin, but without the page's X-CSRF-Token
            api()
                .api("/key-pair/alice/" + kp.apiKey() + "/revoke")
                .basic("alice", PASSWORD)
                .header("Origin", own)
                .delete())) {
      endpointError(r, 403, "rest_cookie_invalid_nonce");
    }
    assertTrue(
        keys(rows(api().api("/key-pair/alice").basic("alice", PASSWORD).get()))
            .contains(kp.apiKey()));
  }

  // ------------------------------------------------------------------ precedence

  @Test
  default void whenOneSegmentThenDeleteIsOurApiKeyRouteAndGetAndPostAreThePluginsUserRoute() {
    Api.KeyPair kp = api().createKeyPair("alice", unique("precedence"));
    // DELETE /key-pair/alice: "alice" is an api_key (ours), never "all of alice's key-pairs"
    endpointError(
        api().api("/key-pair/alice").basic("alice", PASSWORD).delete(),
        404,
        "rest_authentication_key_pair_not_found");
    assertTrue(
        keys(rows(api().api("/key-pair/alice").basic("alice", PASSWORD).get()))
            .contains(kp.apiKey()));
    // POST /key-pair/{api_key}: the segment is a user_id, so another user for alice
    endpointError(
        api().api("/key-pair/" + kp.apiKey()).basic("alice", PASSWORD).form("name", "x").post(),
        403,
        "rest_authentication_edit_user_error");
    Http.Res ours = api().api("/key-pair/" + kp.apiKey()).basic("alice", PASSWORD).delete();
    assertEquals(
        Json.parse("{\"revoked\":[\"" + kp.apiKey() + "\"]}"), ours.json(), ours::toString);
  }

  @Test
  default void whenPathHasNoRouteShapeOrMethodThen404NoRoute() {
    for (Http.Res r :
        List.of(
            api().api("/key-pair/alice/revoke-all").basic("alice", PASSWORD).get(),
            api()
                .api("/key-pair/alice/revoke-all")
                .basic("alice", PASSWORD)
                .form("name", "x")
                .post(),
            api().api("/key-pair/alice/k").basic("alice", PASSWORD).delete(),
            api().api("/key-pair/alice/k/revoke").basic("alice", PASSWORD).get(),
            api().api("/key-pair/alice/k/revoke/more").basic("alice", PASSWORD).delete(),
            api().api("/key-pair/alice").basic("alice", PASSWORD).send("PUT"))) {
      endpointError(r, 404, "rest_no_route");
    }
  }

  @Test
  default void whenOptionsOnThePluginRoutesThenAllowAndTheirArguments() {
    record Case(String path, String allow, String route, List<String> deleteArgs) {}
    for (Case c :
        List.of(
            new Case(
                "/key-pair/alice",
                "GET, POST, DELETE, OPTIONS",
                "/jwt-auth/v1/key-pair/{user_id|api_key}",
                List.of("api_key", "user")),
            new Case(
                "/key-pair/alice/revoke-all",
                "DELETE, OPTIONS",
                "/jwt-auth/v1/key-pair/{user_id}/revoke-all",
                List.of("user_id")),
            new Case(
                "/key-pair/alice/k/revoke",
                "DELETE, OPTIONS",
                "/jwt-auth/v1/key-pair/{user_id}/{api_key}/revoke",
                List.of("user_id", "api_key")))) {
      Http.Res r = api().api(c.path()).options();
      assertEquals(200, r.status(), r::toString);
      assertEquals(c.allow(), r.header("Allow"), r::toString);
      JsonObject body = r.json();
      assertEquals(c.route(), body.getString("route"), r::toString);
      JsonObject delete = null;
      for (JsonObject e : body.getJsonArray("endpoints").getValuesAs(JsonObject.class)) {
        if (e.getJsonArray("methods")
            .getValuesAs(JsonString.class)
            .get(0)
            .getString()
            .equals("DELETE")) {
          delete = e;
        }
      }
      assertTrue(delete != null, r::toString);
      assertEquals(c.deleteArgs(), List.copyOf(delete.getJsonObject("args").keySet()), r::toString);
    }
    JsonObject one = api().api("/key-pair/alice").options().json();
    JsonObject post = one.getJsonArray("endpoints").getJsonObject(1);
    assertEquals(
        List.of("name", "expires_in", "expires_at", "roles", "user_id"),
        List.copyOf(post.getJsonObject("args").keySet()));
    JsonValue required = post.getJsonObject("args").getJsonObject("user_id").get("required");
    assertEquals(JsonValue.TRUE, required);
  }
}
