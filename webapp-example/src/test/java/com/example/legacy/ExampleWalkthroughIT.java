package com.example.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's curl walkthrough against the real example WAR in the dev launcher: embedded
 * Jetty 12, H2 through JNDI, the container's BASIC login, and jwt-auth registered only by its
 * web-fragment. Every request is what the README's curl commands send (multipart forms, BASIC,
 * Bearer), and every answer is checked for its exact status and code.
 */
class ExampleWalkthroughIT {

    private static final String BASE_PATH = "/jwt-auth/v1";

    @TempDir
    static Path dataDir;

    private static ExampleServer server;
    private static URI base;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @BeforeAll
    static void startExample() throws Exception {
        Path war = Paths.get(System.getProperty(ExampleServer.WAR_PROPERTY,
                "target/jwt-auth-webapp-example-0.1.0-SNAPSHOT.war"));
        server = ExampleServer.start(war, dataDir, "127.0.0.1", 0);
        base = server.baseUri();
    }

    @AfterAll
    static void stopExample() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    // --- the launcher ------------------------------------------------------------------------

    @Test
    void whenStartedThenSecretIsGeneratedOwnerOnlyAndNotEmpty() throws Exception {
        Path secret = dataDir.resolve(ExampleServer.SECRET_FILE);
        assertTrue(Files.exists(secret));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        assertEquals(86, Files.readString(secret).length()); // 64 random bytes, base64url
        assertEquals(Files.readString(secret), System.getProperty(ExampleServer.SECRET_PROPERTY));
    }

    @Test
    void whenWarBuiltThenItHoldsTheJarAndLegacyCodeButNoLauncherAndNoSecret() throws Exception {
        Path war = Paths.get(System.getProperty(ExampleServer.WAR_PROPERTY,
                "target/jwt-auth-webapp-example-0.1.0-SNAPSHOT.war"));
        try (ZipFile zip = new ZipFile(war.toFile())) {
            String webXml = new String(zip.getInputStream(zip.getEntry("WEB-INF/web.xml")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(webXml.contains("${sys:jwtauth.example.secret}"));
            assertFalse(webXml.contains("metadata-complete=\"true\""));
            assertFalse(webXml.contains("<filter"), "the filter comes from the web-fragment");
            assertTrue(zip.stream().anyMatch(e -> e.getName().matches("WEB-INF/lib/jwt-auth-[^/]*\\.jar")),
                    "jwt-auth must be in WEB-INF/lib");
            assertNull(zip.getEntry("WEB-INF/classes/com/example/legacy/ExampleServer.class"),
                    "the dev launcher must not be in the WAR");
            for (ZipEntry entry : zip.stream().filter(e -> e.getName().startsWith("WEB-INF/classes/")
                    && e.getName().endsWith(".class")).toList()) {
                String bytes = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains("io/github/jwtauth"), entry.getName() + " must not use jwt-auth");
            }
        }
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

    // --- token-required URLs and the app's own role check ----------------------------------------

    @Test
    void whenAdminStatsWithoutTokenThen401NoHeader() throws Exception {
        HttpResponse<String> response = send(get("/api/admin/stats"));

        assertError(response, 401, "rest_authentication_no_header");
        assertEquals("Bearer realm=\"jwt-auth\"", response.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    @Test
    void whenAdminStatsWithAliceTokenThen403FromTheApp() throws Exception {
        Tokens tokens = tokens(keyPair("alice", "stats-alice"));

        HttpResponse<String> response = send(get("/api/admin/stats")
                .header("Authorization", "Bearer " + tokens.access()));

        assertEquals(403, response.statusCode(), response.body());
        assertEquals("forbidden", json(response).getString("error"));
    }

    @Test
    void whenAdminStatsWithAdminTokenThen200() throws Exception {
        Tokens tokens = tokens(keyPair("admin", "stats-admin"));

        HttpResponse<String> response = send(get("/api/admin/stats")
                .header("Authorization", "Bearer " + tokens.access()));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("admin", json(response).getString("user"));
    }

    // --- helpers ----------------------------------------------------------------------------------

    private record KeyPair(String key, String secret) {
    }

    private record Tokens(String access, String refresh) {
    }

    private static KeyPair keyPair(String login, String name) throws Exception {
        HttpResponse<String> response = send(post(BASE_PATH + "/key-pair", Map.of("name", name))
                .header("Authorization", basic(login)));
        assertEquals(201, response.statusCode(), response.body());
        JsonObject body = json(response);
        return new KeyPair(body.getString("api_key"), body.getString("api_secret"));
    }

    private static Tokens tokens(KeyPair keyPair) throws Exception {
        HttpResponse<String> response = send(post(BASE_PATH + "/token",
                Map.of("api_key", keyPair.key(), "api_secret", keyPair.secret())));
        assertEquals(200, response.statusCode(), response.body());
        JsonObject body = json(response);
        return new Tokens(body.getString("access_token"), body.getString("refresh_token"));
    }

    private static JsonObject me(String remoteUser, String authType, boolean administrator) {
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

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertJson(response);
        JsonObject body = json(response);
        assertEquals(code, body.getString("code"), response.body());
        assertEquals(status, body.getJsonObject("data").getInt("status"), response.body());
    }

    private static void assertJson(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.toLowerCase().startsWith("application/json"), type);
    }

    private static JsonObject json(HttpResponse<String> response) {
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    private static String basic(String login) {
        String credentials = login + ":" + ExampleServer.DEMO_PASSWORD;
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpRequest.Builder get(String path) {
        return request(path).GET();
    }

    private static HttpRequest.Builder delete(String path) {
        return request(path).DELETE();
    }

    /** What {@code curl -X POST -F name=value ...} sends: multipart/form-data. */
    private static HttpRequest.Builder post(String path, Map<String, String> fields) {
        String boundary = "----jwt-auth-it-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : new LinkedHashMap<>(fields).entrySet()) {
            String part = "--" + boundary + "\r\n"
                    + "Content-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                    + field.getValue() + "\r\n";
            body.writeBytes(part.getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return request(path)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
