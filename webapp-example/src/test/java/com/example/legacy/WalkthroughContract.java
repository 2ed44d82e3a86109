package com.example.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The curl walkthrough of docs/walkthrough.md: every request is what its curl commands send
 * (multipart forms, BASIC, Bearer, JSON), and every answer is checked for its exact status and code.
 * Each subclass deploys the real example WAR into one container, once per class, on a random port
 * with a fresh data directory: {@link ExampleTomcatWalkthroughIT} (embedded Tomcat 11, the README's
 * run command, container mode) and {@link ExampleWalkthroughIT} (embedded Jetty 12, filter mode).
 *
 * <p>The tests state what the walkthrough shows, container mode included: a Bearer token passes the
 * web.xml security-constraint on {@code /api/admin/*}. Where Jetty 12 answers otherwise (its
 * constraint refuses Bearer tokens before any filter runs), {@link ExampleWalkthroughIT} overrides
 * the test with what Jetty really answers.
 *
 * <p>Tests share one deployment, so none depends on another's data (each creates its own
 * key-pairs and notes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WalkthroughContract {

    protected static final String BASE_PATH = "/jwt-auth/v1";
    protected static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** The example's data directory (H2 database, generated secret) of this class's deployment. */
    protected Path dataDir;
    /** The root of the deployed example, no trailing slash. */
    protected URI base;

    /**
     * Deploys {@code war} into the container under test at the root context.
     *
     * @return the root of the running example, no trailing slash
     */
    protected abstract URI start(Path war, Path dataDir) throws Exception;

    /** Stops what {@link #start} started (also called when it failed half-way). */
    protected abstract void stop() throws Exception;

    /** The WAR that {@code mvn package} built. */
    static Path war() {
        return Paths.get(System.getProperty(ExampleServer.WAR_PROPERTY,
                "target/jwt-auth-webapp-example-0.1.0-SNAPSHOT.war"));
    }

    @BeforeAll
    void startExample(@TempDir Path tempDir) throws Exception {
        dataDir = tempDir;
        base = start(war(), dataDir);
    }

    @AfterAll
    void stopExample() throws Exception {
        stop();
    }

    // --- step 2: a key-pair, created by a container (BASIC) login -----------------------------

    @Test
    void whenAdminPostsKeyPairWithBasicMultipartThen201WithKeyAndSecret() throws Exception {
        HttpResponse<String> response = send(post(BASE_PATH + "/key-pair", Map.of("name", "laptop"))
                .header("Authorization", basic("admin")));

        assertEquals(201, response.statusCode(), response.body());
        assertJson(response);
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        JsonObject body = json(response);
        assertFalse(body.getString("api_key").isEmpty());
        assertTrue(body.getString("api_secret").length() >= 22, "at least 128 bits");
        JsonObject row = body.getJsonObject("row");
        assertEquals("laptop", row.getString("name"));
        assertEquals(body.getString("api_key"), row.getString("api_key"));
        assertTrue(row.isNull("last_used"));
    }

    @Test
    void whenKeyPairRouteWithoutLoginThenContainerAsksForBasic() throws Exception {
        HttpResponse<String> response = send(post(BASE_PATH + "/key-pair", Map.of("name", "laptop")));

        assertEquals(401, response.statusCode(), response.body());
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(challenge.startsWith("Basic realm=\"jwt-auth example\""), challenge);
    }

    @Test
    void whenKeyPairRouteWithBearerTokenThen401NotLoggedIn() throws Exception {
        Tokens tokens = tokens(keyPair("admin", "bearer-on-key-pair"));

        HttpResponse<String> response = send(get(BASE_PATH + "/key-pair")
                .header("Authorization", "Bearer " + tokens.access()));

        assertError(response, 401, "rest_not_logged_in");
    }

    @Test
    void whenKeyPairsListedThenRowsWithoutSecrets() throws Exception {
        KeyPair keyPair = keyPair("alice", "listed");

        HttpResponse<String> response = send(get(BASE_PATH + "/key-pair").header("Authorization", basic("alice")));

        assertEquals(200, response.statusCode(), response.body());
        JsonArray rows = Json.createReader(new StringReader(response.body())).readArray();
        assertTrue(rows.stream().map(JsonValue::asJsonObject)
                .anyMatch(r -> r.getString("api_key").equals(keyPair.key()) && r.getString("name").equals("listed")));
        assertFalse(response.body().contains(keyPair.secret()));
        assertFalse(response.body().contains("api_secret"));
    }

    // --- step 3: the key-pair buys tokens; a password never does ------------------------------

    @Test
    void whenKeyPairExchangedWithMultipartThenTokens() throws Exception {
        KeyPair keyPair = keyPair("admin", "exchange");

        HttpResponse<String> response = send(post(BASE_PATH + "/token",
                Map.of("api_key", keyPair.key(), "api_secret", keyPair.secret())));

        assertEquals(200, response.statusCode(), response.body());
        assertJson(response);
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        JsonObject body = json(response);
        assertEquals("Bearer", body.getString("token_type"));
        assertEquals(3600, body.getInt("expires_in"));
        assertEquals(3600, body.getInt("exp"));
        assertEquals(3, body.getString("access_token").split("\\.", -1).length);
        assertEquals(3, body.getString("refresh_token").split("\\.", -1).length);
        JsonObject user = body.getJsonObject("data").getJsonObject("user");
        assertEquals("admin", user.getString("user_login"));
        assertEquals("user", user.getString("type"));
        assertEquals(keyPair.key(), user.getString("api_key"));
    }

    @Test
    void whenUsernameAndPasswordPostedThen403KeyPairRequired() throws Exception {
        HttpResponse<String> response = send(post(BASE_PATH + "/token",
                Map.of("username", "admin", "password", ExampleServer.DEMO_PASSWORD)));

        assertError(response, 403, "rest_authentication_required_api_key_secret");
    }

    @Test
    void whenWrongSecretThen403InvalidKeyPair() throws Exception {
        KeyPair keyPair = keyPair("admin", "wrong-secret");

        HttpResponse<String> response = send(post(BASE_PATH + "/token",
                Map.of("api_key", keyPair.key(), "api_secret", "not-the-secret")));

        assertError(response, 403, "rest_authentication_invalid_api_key_secret");
    }

    // --- step 4: the legacy servlet sees the token's user --------------------------------------

    @Test
    void whenMeWithAdminTokenThenLegacyServletSeesBearerAdministrator() throws Exception {
        Tokens tokens = tokens(keyPair("admin", "me-admin"));

        HttpResponse<String> response = send(get("/api/me").header("Authorization", "Bearer " + tokens.access()));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(me("admin", "Bearer", true), json(response));
    }

    @Test
    void whenMeWithAliceTokenThenNotAdministrator() throws Exception {
        Tokens tokens = tokens(keyPair("alice", "me-alice"));

        HttpResponse<String> response = send(get("/api/me").header("Authorization", "Bearer " + tokens.access()));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(me("alice", "Bearer", false), json(response));
    }

    @Test
    void whenMeWithBasicThenContainerLogin() throws Exception {
        HttpResponse<String> admin = send(get("/api/me").header("Authorization", basic("admin")));
        HttpResponse<String> alice = send(get("/api/me").header("Authorization", basic("alice")));

        assertEquals(200, admin.statusCode(), admin.body());
        assertEquals(me("admin", "BASIC", true), json(admin));
        assertEquals(200, alice.statusCode(), alice.body());
        assertEquals(me("alice", "BASIC", false), json(alice));
    }

    @Test
    void whenMeWithoutHeaderThenAnonymous() throws Exception {
        HttpResponse<String> response = send(get("/api/me"));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(me(null, null, false), json(response));
    }

    @Test
    void whenHelloThenGreetsTheCaller() throws Exception {
        Tokens tokens = tokens(keyPair("alice", "hello"));

        HttpResponse<String> anonymous = send(get("/api/hello"));
        HttpResponse<String> bearer = send(get("/api/hello").header("Authorization", "Bearer " + tokens.access()));

        assertEquals("Hello, stranger!", json(anonymous).getString("message"));
        assertEquals("Hello, alice!", json(bearer).getString("message"));
    }

    @Test
    void whenBadTokenThen401WithBearerChallenge() throws Exception {
        HttpResponse<String> response = send(get("/api/me").header("Authorization", "Bearer not.a.token"));

        assertError(response, 401, "rest_authentication_token_error");
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(challenge.startsWith("Bearer realm=\"jwt-auth\""), challenge);
        assertTrue(challenge.contains("error=\"invalid_token\""), challenge);
    }

    @Test
    void whenEmptyBearerThen400NoToken() throws Exception {
        HttpResponse<String> response = send(get("/api/me").header("Authorization", "Bearer"));

        assertError(response, 400, "rest_authentication_no_token");
    }

    // --- step 5: validate and refresh -----------------------------------------------------------

    @Test
    void whenValidateWithAccessTokenThenValidWithSecondsLeft() throws Exception {
        Tokens tokens = tokens(keyPair("admin", "validate"));

        HttpResponse<String> response = send(post(BASE_PATH + "/token/validate", Map.of())
                .header("Authorization", "Bearer " + tokens.access()));

        assertEquals(200, response.statusCode(), response.body());
        JsonObject body = json(response);
        assertEquals("rest_authentication_valid_access_token", body.getString("code"));
        assertEquals(200, body.getJsonObject("data").getInt("status"));
        int left = body.getJsonObject("data").getInt("exp");
        assertTrue(left > 3500 && left <= 3600, "seconds left: " + left);
    }

    @Test
    void whenValidateWithoutTokenThen401() throws Exception {
        HttpResponse<String> response = send(get(BASE_PATH + "/token/validate"));

        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    }

    @Test
    void whenRefreshedThenNewPairAndTheSpentTokenIsRefused() throws Exception {
        Tokens first = tokens(keyPair("admin", "refresh"));

        HttpResponse<String> refreshed = send(post(BASE_PATH + "/token", Map.of("refresh_token", first.refresh())));

        assertEquals(200, refreshed.statusCode(), refreshed.body());
        JsonObject body = json(refreshed);
        Tokens second = new Tokens(body.getString("access_token"), body.getString("refresh_token"));
        assertNotEquals(first.refresh(), second.refresh());
        HttpResponse<String> me = send(get("/api/me").header("Authorization", "Bearer " + second.access()));
        assertEquals(me("admin", "Bearer", true), json(me));

        HttpResponse<String> reused = send(post(BASE_PATH + "/token", Map.of("refresh_token", first.refresh())));
        assertError(reused, 403, "rest_authentication_refresh_token_reused");
    }

    @Test
    void whenRefreshTokenUsedAsAccessTokenThen401InvalidTokenType() throws Exception {
        Tokens tokens = tokens(keyPair("admin", "refresh-as-access"));

        HttpResponse<String> response = send(get("/api/me").header("Authorization", "Bearer " + tokens.refresh()));

        assertError(response, 401, "rest_authentication_invalid_token_type");
    }

    // --- step 6: revocation ---------------------------------------------------------------------

    @Test
    void whenKeyPairRevokedThenItsTokensAndTheKeyPairAreRefused() throws Exception {
        KeyPair keyPair = keyPair("admin", "revoked");
        Tokens tokens = tokens(keyPair);
        assertEquals(200, send(get("/api/me").header("Authorization", "Bearer " + tokens.access())).statusCode());

        HttpResponse<String> revoked = send(delete(BASE_PATH + "/key-pair/" + keyPair.key())
                .header("Authorization", basic("admin")));

        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals(Json.createArrayBuilder().add(keyPair.key()).build(),
                json(revoked).getJsonArray("revoked"));
        assertError(send(get("/api/me").header("Authorization", "Bearer " + tokens.access())),
                401, "rest_authentication_revoked_api_key");
        assertError(send(post(BASE_PATH + "/token", Map.of("refresh_token", tokens.refresh()))),
                403, "rest_authentication_revoked_api_key");
        assertError(send(post(BASE_PATH + "/token", Map.of("api_key", keyPair.key(), "api_secret", keyPair.secret()))),
                403, "rest_authentication_revoked_api_key");
    }

    @Test
    void whenAnotherUsersKeyPairRevokedThen404() throws Exception {
        KeyPair adminsKeyPair = keyPair("admin", "not-alices");

        HttpResponse<String> response = send(delete(BASE_PATH + "/key-pair/" + adminsKeyPair.key())
                .header("Authorization", basic("alice")));

        assertError(response, 404, "rest_authentication_key_pair_not_found");
    }

    // --- /api/admin/*: a web.xml security-constraint (role administrator, BASIC) -----------------

    @Test
    void whenAdminStatsWithoutCredentialsThenContainerAsksForBasic() throws Exception {
        HttpResponse<String> response = send(get("/api/admin/stats"));

        assertEquals(401, response.statusCode(), response.body());
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(challenge.startsWith("Basic realm=\"jwt-auth example\""), challenge);
    }

    @Test
    void whenAdminStatsWithBasicThenTheConstraintChecksTheRole() throws Exception {
        HttpResponse<String> admin = send(get("/api/admin/stats").header("Authorization", basic("admin")));
        HttpResponse<String> alice = send(get("/api/admin/stats").header("Authorization", basic("alice")));

        assertEquals(200, admin.statusCode(), admin.body());
        assertEquals("admin", json(admin).getString("user"));
        assertRefusedByTheContainer(alice, 403);
    }

    /** The walkthrough's point: the container's own constraint lets an administrator's token pass. */
    @Test
    void whenAdminStatsWithAdminTokenThenTheConstraintLetsItPass() throws Exception {
        Tokens tokens = tokens(keyPair("admin", "stats-admin"));

        HttpResponse<String> response = send(get("/api/admin/stats")
                .header("Authorization", "Bearer " + tokens.access()));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("admin", json(response).getString("user"));
    }

    @Test
    void whenAdminStatsWithAliceTokenThen403FromTheContainer() throws Exception {
        Tokens tokens = tokens(keyPair("alice", "stats-alice"));

        HttpResponse<String> response = send(get("/api/admin/stats")
                .header("Authorization", "Bearer " + tokens.access()));

        assertRefusedByTheContainer(response, 403);
    }

    @Test
    void whenAdminStatsWithBadTokenThen401WithBearerChallenge() throws Exception {
        HttpResponse<String> response = send(get("/api/admin/stats").header("Authorization", "Bearer not.a.token"));

        assertError(response, 401, "rest_authentication_token_error");
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(challenge.startsWith("Bearer realm=\"jwt-auth\""), challenge);
        assertTrue(challenge.contains("error=\"invalid_token\""), challenge);
    }

    @Test
    void whenAdminStatsWithRevokedTokenThen401Revoked() throws Exception {
        KeyPair keyPair = keyPair("admin", "stats-revoked");
        String bearer = "Bearer " + tokens(keyPair).access();
        assertEquals(200, send(delete(BASE_PATH + "/key-pair/" + keyPair.key()).header("Authorization", basic("admin")))
                .statusCode());

        HttpResponse<String> response = send(get("/api/admin/stats").header("Authorization", bearer));

        assertError(response, 401, "rest_authentication_revoked_api_key");
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    }

    // --- /api/ee/*: the Jakarta EE part (an EJB with @RolesAllowed, Jakarta Security) -------------

    /**
     * Tomcat and Jetty have no CDI: the app says so instead of failing. {@link ExamplePayaraIT}
     * overrides this with what a full Jakarta EE server answers.
     */
    @Test
    void whenEnterpriseUrlsOnAServletContainerThen501NoCdi() throws Exception {
        String bearer = "Bearer " + tokens(keyPair("admin", "no-cdi")).access();

        for (String path : new String[] {"/api/ee/caller", "/api/ee/report"}) {
            HttpResponse<String> response = send(get(path).header("Authorization", bearer));

            assertEquals(501, response.statusCode(), path + ": " + response.body());
            assertEquals(Json.createObjectBuilder().add("error", "not_implemented")
                    .add("message", "no CDI on this container").build(), json(response));
        }
    }

    // --- OAuth client credentials -----------------------------------------------------------------

    /**
     * Client credentials in HTTP Basic reach /token: Jetty authenticates BASIC only when asked, and
     * on Tomcat jwt-auth's module ignores BASIC credentials that the realm does not know on a URL
     * that no constraint covers. In the body they work too.
     */
    @Test
    void whenClientCredentialsSentWithHttpBasicOrInTheBodyThenTheTokenRouteTakesThem() throws Exception {
        KeyPair keyPair = keyPair("admin", "oauth-basic");

        HttpResponse<String> basic = send(post(BASE_PATH + "/token", Map.of("grant_type", "client_credentials"))
                .header("Authorization", basic(keyPair.key(), keyPair.secret())));
        HttpResponse<String> body = send(post(BASE_PATH + "/token", Map.of("grant_type", "client_credentials",
                "client_id", keyPair.key(), "client_secret", keyPair.secret())));

        assertEquals(200, basic.statusCode(), basic.body());
        assertEquals("admin", json(basic).getJsonObject("data").getJsonObject("user").getString("user_login"));
        assertEquals(200, body.statusCode(), body.body());
        assertEquals("admin", json(body).getJsonObject("data").getJsonObject("user").getString("user_login"));
    }

    // --- the app's JAX-RS resource (Jersey, @RolesAllowed) ---------------------------------------

    @Test
    void whenWhoAmIWithAdminTokenThenJaxRsSecurityContextSeesBearerAdministrator() throws Exception {
        Tokens tokens = tokens(keyPair("admin", "whoami-admin"));

        HttpResponse<String> response = send(get("/api/rest/whoami").header("Authorization", "Bearer " + tokens.access()));

        assertEquals(200, response.statusCode(), response.body());
        assertJson(response);
        assertEquals(whoAmI("admin", "Bearer", "administrator", "user"), json(response));
    }

    @Test
    void whenWhoAmIWithAliceTokenThenUserOnly() throws Exception {
        Tokens tokens = tokens(keyPair("alice", "whoami-alice"));

        HttpResponse<String> response = send(get("/api/rest/whoami").header("Authorization", "Bearer " + tokens.access()));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(whoAmI("alice", "Bearer", "user"), json(response));
    }

    @Test
    void whenWhoAmIWithBasicThenContainerLoginReachesJaxRs() throws Exception {
        HttpResponse<String> response = send(get("/api/rest/whoami").header("Authorization", basic("alice")));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(whoAmI("alice", "BASIC", "user"), json(response));
    }

    @Test
    void whenRestWithoutHeaderThen401NoHeaderBecauseTokenRequired() throws Exception {
        for (String path : new String[] {"/api/rest/whoami", "/api/rest/notes", "/api/rest/notes/1"}) {
            HttpResponse<String> response = send(get(path));

            assertError(response, 401, "rest_authentication_no_header");
            assertEquals("Bearer realm=\"jwt-auth\"", response.headers().firstValue("WWW-Authenticate").orElse(null));
        }
        assertError(send(postJson("/api/rest/notes", "{\"text\":\"anonymous\"}")), 401, "rest_authentication_no_header");
    }

    @Test
    void whenRestWithBadTokenThen401BeforeJersey() throws Exception {
        HttpResponse<String> response = send(get("/api/rest/notes").header("Authorization", "Bearer not.a.token"));

        assertError(response, 401, "rest_authentication_token_error");
    }

    @Test
    void whenAdminTokenThenNotesCanBeCreatedReadAndDeleted() throws Exception {
        String bearer = "Bearer " + tokens(keyPair("admin", "notes-admin")).access();

        HttpResponse<String> created = send(postJson("/api/rest/notes", "{\"text\":\"Water the plants\"}")
                .header("Authorization", bearer));
        assertEquals(201, created.statusCode(), created.body());
        assertJson(created);
        JsonObject note = json(created);
        long id = note.getJsonNumber("id").longValue();
        assertEquals(Json.createObjectBuilder().add("id", id).add("text", "Water the plants").add("author", "admin").build(),
                note);
        String location = created.headers().firstValue("Location").orElse("");
        assertTrue(location.endsWith("/api/rest/notes/" + id), location);

        HttpResponse<String> list = send(get("/api/rest/notes").header("Authorization", bearer));
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(jsonArray(list).contains(note), list.body());

        HttpResponse<String> one = send(get("/api/rest/notes/" + id).header("Authorization", bearer));
        assertEquals(200, one.statusCode(), one.body());
        assertEquals(note, json(one));

        HttpResponse<String> deleted = send(delete("/api/rest/notes/" + id).header("Authorization", bearer));
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals("", deleted.body());

        HttpResponse<String> gone = send(get("/api/rest/notes/" + id).header("Authorization", bearer));
        assertEquals(404, gone.statusCode(), gone.body());
        assertJson(gone);
        assertEquals(Json.createObjectBuilder().add("error", "not_found").add("message", "There is no note " + id + ".").build(),
                json(gone));
        assertEquals(404, send(delete("/api/rest/notes/" + id).header("Authorization", bearer)).statusCode());
    }

    @Test
    void whenAliceTokenThenNotesReadableButWritesAre403FromRolesAllowed() throws Exception {
        String admin = "Bearer " + tokens(keyPair("admin", "notes-for-alice")).access();
        String alice = "Bearer " + tokens(keyPair("alice", "notes-alice")).access();
        JsonObject note = json(send(postJson("/api/rest/notes", "{\"text\":\"Feed the cat\"}").header("Authorization", admin)));
        long id = note.getJsonNumber("id").longValue();

        HttpResponse<String> list = send(get("/api/rest/notes").header("Authorization", alice));
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(jsonArray(list).contains(note), list.body());
        assertEquals(200, send(get("/api/rest/notes/" + id).header("Authorization", alice)).statusCode());

        HttpResponse<String> post = send(postJson("/api/rest/notes", "{\"text\":\"Alice was here\"}").header("Authorization", alice));
        assertForbidden(post);
        assertForbidden(send(delete("/api/rest/notes/" + id).header("Authorization", alice)));
        assertEquals(200, send(get("/api/rest/notes/" + id).header("Authorization", alice)).statusCode(),
                "alice's DELETE must not have deleted it");
        assertFalse(send(get("/api/rest/notes").header("Authorization", admin)).body().contains("Alice was here"));
    }

    @Test
    void whenBasicLoginThenRolesAllowedAppliesAsForTokens() throws Exception {
        HttpResponse<String> aliceReads = send(get("/api/rest/notes").header("Authorization", basic("alice")));
        HttpResponse<String> aliceWrites = send(postJson("/api/rest/notes", "{\"text\":\"Alice again\"}")
                .header("Authorization", basic("alice")));
        HttpResponse<String> adminWrites = send(postJson("/api/rest/notes", "{\"text\":\"By BASIC\"}")
                .header("Authorization", basic("admin")));

        assertEquals(200, aliceReads.statusCode(), aliceReads.body());
        assertForbidden(aliceWrites);
        assertEquals(201, adminWrites.statusCode(), adminWrites.body());
        assertEquals("admin", json(adminWrites).getString("author"));
    }

    @Test
    void whenNoteIsNotJsonOrHasNoTextThen400() throws Exception {
        String bearer = "Bearer " + tokens(keyPair("admin", "notes-bad-input")).access();

        for (String body : new String[] {"{\"text\":", "", "[]", "{}", "{\"text\":\" \"}", "{\"text\":42}"}) {
            HttpResponse<String> response = send(postJson("/api/rest/notes", body).header("Authorization", bearer));
            assertEquals(400, response.statusCode(), body + " -> " + response.body());
            assertJson(response);
            assertEquals("bad_request", json(response).getString("error"), response.body());
        }
        HttpResponse<String> form = send(post("/api/rest/notes", Map.of("text", "multipart")).header("Authorization", bearer));
        assertEquals(415, form.statusCode(), form.body());
        assertEquals("unsupported_media_type", json(form).getString("error"));
    }

    @Test
    void whenKeyPairRevokedThenJaxRsRefusesItsTokens() throws Exception {
        KeyPair keyPair = keyPair("admin", "notes-revoked");
        String bearer = "Bearer " + tokens(keyPair).access();
        assertEquals(200, send(get("/api/rest/notes").header("Authorization", bearer)).statusCode());

        assertEquals(200, send(delete(BASE_PATH + "/key-pair/" + keyPair.key()).header("Authorization", basic("admin"))).statusCode());

        assertError(send(get("/api/rest/notes").header("Authorization", bearer)), 401, "rest_authentication_revoked_api_key");
    }

    // --- helpers ----------------------------------------------------------------------------------

    protected record KeyPair(String key, String secret) {
    }

    protected record Tokens(String access, String refresh) {
    }

    protected KeyPair keyPair(String login, String name) throws Exception {
        HttpResponse<String> response = send(post(BASE_PATH + "/key-pair", Map.of("name", name))
                .header("Authorization", basic(login)));
        assertEquals(201, response.statusCode(), response.body());
        JsonObject body = json(response);
        return new KeyPair(body.getString("api_key"), body.getString("api_secret"));
    }

    protected Tokens tokens(KeyPair keyPair) throws Exception {
        HttpResponse<String> response = send(post(BASE_PATH + "/token",
                Map.of("api_key", keyPair.key(), "api_secret", keyPair.secret())));
        assertEquals(200, response.statusCode(), response.body());
        JsonObject body = json(response);
        return new Tokens(body.getString("access_token"), body.getString("refresh_token"));
    }

    protected static JsonObject me(String remoteUser, String authType, boolean administrator) {
        var builder = Json.createObjectBuilder();
        if (remoteUser == null) {
            builder.addNull("remote_user");
        } else {
            builder.add("remote_user", remoteUser);
        }
        if (authType == null) {
            builder.addNull("auth_type");
        } else {
            builder.add("auth_type", authType);
        }
        return builder.add("administrator", administrator).build();
    }

    protected static JsonObject whoAmI(String principal, String scheme, String... roles) {
        var array = Json.createArrayBuilder();
        for (String role : roles) {
            array.add(role);
        }
        return Json.createObjectBuilder().add("principal", principal).add("authentication_scheme", scheme)
                .add("roles", array).build();
    }

    /**
     * The container's own refusal (its HTML error page): the application was not called, so the
     * answer is not its JSON.
     */
    protected static void assertRefusedByTheContainer(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertFalse(type.toLowerCase().startsWith("application/json"), type + ": " + response.body());
    }

    /** Jersey's {@code @RolesAllowed} refusal, in the app's JSON error shape. */
    protected void assertForbidden(HttpResponse<String> response) {
        assertEquals(403, response.statusCode(), response.body());
        assertJson(response);
        JsonObject body = json(response);
        assertEquals("forbidden", body.getString("error"), response.body());
        assertTrue(rolesAllowedRefusals().contains(body.getString("message")), response.body());
        assertEquals(2, body.size(), response.body());
    }

    /** The messages of the {@code ForbiddenException} that the server's {@code @RolesAllowed} check throws. */
    protected java.util.Set<String> rolesAllowedRefusals() {
        return java.util.Set.of("User not authorized."); // Jersey's RolesAllowedDynamicFeature
    }

    protected static void assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertJson(response);
        JsonObject body = json(response);
        assertEquals(code, body.getString("code"), response.body());
        assertEquals(status, body.getJsonObject("data").getInt("status"), response.body());
    }

    protected static void assertJson(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.toLowerCase().startsWith("application/json"), type);
    }

    protected static JsonObject json(HttpResponse<String> response) {
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    protected static JsonArray jsonArray(HttpResponse<String> response) {
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readArray();
        }
    }

    protected static String basic(String login) {
        return basic(login, ExampleServer.DEMO_PASSWORD);
    }

    protected static String basic(String user, String password) {
        String credentials = user + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    protected HttpRequest.Builder get(String path) {
        return request(path).GET();
    }

    protected HttpRequest.Builder delete(String path) {
        return request(path).DELETE();
    }

    /** What {@code curl -H 'Content-Type: application/json' -d BODY ...} sends. */
    protected HttpRequest.Builder postJson(String path, String json) {
        return request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }

    /** What {@code curl -X POST -F name=value ...} sends: multipart/form-data. */
    protected HttpRequest.Builder post(String path, Map<String, String> fields) {
        return multipart(request(path), fields);
    }

    /** {@code request} as a POST of {@code fields} as multipart/form-data, as {@code curl -F} sends. */
    protected static HttpRequest.Builder multipart(HttpRequest.Builder request, Map<String, String> fields) {
        String boundary = "----jwt-auth-it-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : new LinkedHashMap<>(fields).entrySet()) {
            String part = "--" + boundary + "\r\n"
                    + "Content-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                    + field.getValue() + "\r\n";
            body.writeBytes(part.getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return request
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    }

    protected HttpRequest.Builder request(String path) {
        return request(base, path);
    }

    /** A request to {@code path} under {@code root}, which may end in a context path. */
    protected static HttpRequest.Builder request(URI root, String path) {
        return HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(30));
    }

    protected static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}

