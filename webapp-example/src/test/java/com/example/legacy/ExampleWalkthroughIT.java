package com.example.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The curl walkthrough of docs/walkthrough.md ({@link WalkthroughContract}) against the Jetty
 * launcher: the built WAR in embedded Jetty 12 ({@link ExampleServer}), H2 through JNDI, the
 * container's BASIC login, and jwt-auth registered only by its web-fragment, in filter mode (Jetty
 * 12's Jakarta Authentication does not take a module registered by the application). Jetty
 * enforces the WAR's security-constraint on {@code /api/admin/*} before any filter runs, so there
 * it refuses Bearer tokens: the tests of the contract that say otherwise are overridden here with
 * what Jetty answers. A second deployment has the web.xml change that docs/walkthrough.md gives
 * Jetty users instead (no constraint; {@code /api/admin/*} token-required, the role checked in
 * code), and shows tokens passing there. Also checks the launcher itself and what the WAR holds.
 */
class ExampleWalkthroughIT extends WalkthroughContract {

    private ExampleServer server;
    /** The same WAR with docs/walkthrough.md's web.xml change for Jetty. */
    private ExampleServer workaround;
    private URI workaroundBase;

    @Override
    protected URI start(Path war, Path dataDir) throws Exception {
        server = ExampleServer.start(war, dataDir, "127.0.0.1", 0);
        // same data directory: same secret (the system property stays the one of the first start)
        workaround = ExampleServer.start(jettyWorkaround(war, dataDir.resolve("war-for-jetty")), dataDir,
                "127.0.0.1", 0);
        workaroundBase = workaround.baseUri();
        return server.baseUri();
    }

    @Override
    protected void stop() throws Exception {
        try {
            if (workaround != null) {
                workaround.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /**
     * The WAR, exploded into {@code dir}, with the web.xml change of docs/walkthrough.md for Jetty:
     * the security-constraint removed, {@code /api/admin/*} added to {@code jwt-auth.token-required}.
     */
    static Path jettyWorkaround(Path war, Path dir) throws Exception {
        try (ZipFile zip = new ZipFile(war.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IllegalStateException("entry outside the WAR: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
        Path webXml = dir.resolve("WEB-INF/web.xml");
        String original = Files.readString(webXml, StandardCharsets.UTF_8);
        String changed = original
                .replaceFirst("(?s)\n\\s*<security-constraint>\\s*<web-resource-collection>.*?</security-constraint>", "")
                .replace("<param-value>/api/rest/*</param-value>", "<param-value>/api/admin/*,/api/rest/*</param-value>");
        assertFalse(changed.contains("<url-pattern>/api/admin/*</url-pattern>"), "the constraint is removed");
        assertTrue(changed.contains("/api/admin/*,/api/rest/*"), "/api/admin/* is token-required");
        Files.writeString(webXml, changed, StandardCharsets.UTF_8);
        return dir;
    }

    // --- the launcher and the WAR ----------------------------------------------------------------

    @Test
    void whenStartedThenSecretIsGeneratedOwnerOnlyAndNotEmpty() throws Exception {
        Path secret = dataDir.resolve(ExampleServer.SECRET_FILE);
        assertTrue(Files.exists(secret));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        assertEquals(86, Files.readString(secret).length()); // 64 random bytes, base64url
        assertEquals(Files.readString(secret), System.getProperty(ExampleServer.SECRET_PROPERTY));
    }

    @Test
    void whenWarBuiltThenItHoldsTheJarJerseyAndLegacyCodeButNoLauncherAndNoSecret() throws Exception {
        try (ZipFile zip = new ZipFile(war().toFile())) {
            String webXml = new String(zip.getInputStream(zip.getEntry("WEB-INF/web.xml")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(webXml.contains("${sys:jwtauth.example.secret}"));
            assertTrue(webXml.contains("<url-pattern>/api/admin/*</url-pattern>"), "the constraint");
            assertTrue(webXml.contains("<param-value>/api/rest/*</param-value>"), "token-required");
            assertFalse(webXml.contains("metadata-complete=\"true\""));
            assertFalse(webXml.contains("<filter"), "the filter comes from the web-fragment");
            assertTrue(webXml.contains("org.glassfish.jersey.servlet.ServletContainer"));
            assertTrue(zip.stream().anyMatch(e -> e.getName().matches("WEB-INF/lib/jwt-auth-[^/]*\\.jar")),
                    "jwt-auth must be in WEB-INF/lib");
            assertTrue(zip.stream().anyMatch(e -> e.getName().matches("WEB-INF/lib/jersey-server-3\\.1\\.[^/]*\\.jar")),
                    "Jersey 3.1 must be in WEB-INF/lib");
            assertFalse(zip.stream().anyMatch(e -> e.getName().matches("WEB-INF/lib/(jakarta\\.servlet-api|tomcat|jetty|h2)-[^/]*")),
                    "container and test jars must not be in the WAR");
            assertNull(zip.getEntry("WEB-INF/classes/com/example/legacy/ExampleServer.class"),
                    "the dev launcher must not be in the WAR");
            assertNull(zip.getEntry("WEB-INF/classes/com/example/legacy/TomcatExample.class"),
                    "the Tomcat launcher must not be in the WAR");
            assertTrue(zip.getEntry("WEB-INF/classes/com/example/legacy/rest/NotesResource.class") != null);
            long classes = 0;
            for (ZipEntry entry : zip.stream().filter(e -> e.getName().startsWith("WEB-INF/classes/")
                    && e.getName().endsWith(".class")).toList()) {
                String bytes = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains("io/github/jwtauth"), entry.getName() + " must not use jwt-auth");
                classes++;
            }
            assertTrue(classes >= 10, "servlets and JAX-RS classes checked: " + classes);
        }
    }

    @Test
    void whenStartedThenJwtAuthRunsInFilterMode() {
        assertEquals("filter", server.mode());
    }

    // --- Jetty 12: the constraint on /api/admin/* refuses Bearer tokens ----------------------------

    /** Jetty's BASIC authenticator answers before any filter: a token is no BASIC login to it. */
    @Override
    @Test
    @DisplayName("Jetty 12: an administrator's token gets the constraint's BASIC challenge")
    void whenAdminStatsWithAdminTokenThenTheConstraintLetsItPass() throws Exception {
        String bearer = "Bearer " + tokens(keyPair("admin", "stats-admin")).access();

        assertBasicChallenge(send(get("/api/admin/stats").header("Authorization", bearer)));
    }

    @Override
    @Test
    @DisplayName("Jetty 12: alice's token gets the constraint's BASIC challenge")
    void whenAdminStatsWithAliceTokenThen403FromTheContainer() throws Exception {
        String bearer = "Bearer " + tokens(keyPair("alice", "stats-alice")).access();

        assertBasicChallenge(send(get("/api/admin/stats").header("Authorization", bearer)));
    }

    @Override
    @Test
    @DisplayName("Jetty 12: a bad token gets the constraint's BASIC challenge, jwt-auth never sees it")
    void whenAdminStatsWithBadTokenThen401WithBearerChallenge() throws Exception {
        assertBasicChallenge(send(get("/api/admin/stats").header("Authorization", "Bearer not.a.token")));
    }

    @Override
    @Test
    @DisplayName("Jetty 12: a revoked token gets the constraint's BASIC challenge")
    void whenAdminStatsWithRevokedTokenThen401Revoked() throws Exception {
        KeyPair keyPair = keyPair("admin", "stats-revoked");
        String bearer = "Bearer " + tokens(keyPair).access();
        assertEquals(200, send(delete(BASE_PATH + "/key-pair/" + keyPair.key()).header("Authorization", basic("admin")))
                .statusCode());

        assertBasicChallenge(send(get("/api/admin/stats").header("Authorization", bearer)));
    }

    private static void assertBasicChallenge(HttpResponse<String> response) {
        assertRefusedByTheContainer(response, 401);
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(challenge.startsWith("Basic realm=\"jwt-auth example\""), challenge);
    }

    // --- what a Jetty user does instead (docs/walkthrough.md): token-required + the app's check ---

    @Test
    void whenJettyWorkaroundThenAdminTokenReachesTheApp() throws Exception {
        String bearer = "Bearer " + workaroundTokens("admin", "workaround-admin").access();

        HttpResponse<String> response = send(request(workaroundBase, "/api/admin/stats")
                .header("Authorization", bearer).GET());

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("admin", json(response).getString("user"));
    }

    @Test
    void whenJettyWorkaroundThenAliceTokenGets403FromTheApp() throws Exception {
        String bearer = "Bearer " + workaroundTokens("alice", "workaround-alice").access();

        HttpResponse<String> response = send(request(workaroundBase, "/api/admin/stats")
                .header("Authorization", bearer).GET());

        assertEquals(403, response.statusCode(), response.body());
        assertJson(response);
        assertEquals("forbidden", json(response).getString("error"));
    }

    @Test
    void whenJettyWorkaroundThenAnonymousGets401NoHeaderAndBadTokenTheBearerChallenge() throws Exception {
        HttpResponse<String> anonymous = send(request(workaroundBase, "/api/admin/stats").GET());
        HttpResponse<String> bad = send(request(workaroundBase, "/api/admin/stats")
                .header("Authorization", "Bearer not.a.token").GET());

        assertError(anonymous, 401, "rest_authentication_no_header");
        assertEquals("Bearer realm=\"jwt-auth\"", anonymous.headers().firstValue("WWW-Authenticate").orElse(null));
        assertError(bad, 401, "rest_authentication_token_error");
    }

    @Test
    void whenJettyWorkaroundThenBasicStillWorks() throws Exception {
        HttpResponse<String> admin = send(request(workaroundBase, "/api/admin/stats")
                .header("Authorization", basic("admin")).GET());
        HttpResponse<String> alice = send(request(workaroundBase, "/api/admin/stats")
                .header("Authorization", basic("alice")).GET());

        assertEquals(200, admin.statusCode(), admin.body());
        assertEquals(403, alice.statusCode(), alice.body());
        assertEquals("forbidden", json(alice).getString("error"));
    }

    private Tokens workaroundTokens(String login, String name) throws Exception {
        HttpResponse<String> created = send(multipart(request(workaroundBase, BASE_PATH + "/key-pair"),
                Map.of("name", name)).header("Authorization", basic(login)));
        assertEquals(201, created.statusCode(), created.body());
        HttpResponse<String> issued = send(multipart(request(workaroundBase, BASE_PATH + "/token"),
                Map.of("api_key", json(created).getString("api_key"), "api_secret", json(created).getString("api_secret"))));
        assertEquals(200, issued.statusCode(), issued.body());
        return new Tokens(json(issued).getString("access_token"), json(issued).getString("refresh_token"));
    }
}
