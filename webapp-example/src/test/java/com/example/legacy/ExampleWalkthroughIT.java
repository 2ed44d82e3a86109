package com.example.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The curl walkthrough of docs/walkthrough.md ({@link WalkthroughContract}) against the dev launcher
 * of the README's run command: the built WAR in embedded Jetty 12 ({@link ExampleServer}), H2
 * through JNDI, the container's BASIC login, and jwt-auth registered only by its web-fragment. Also
 * checks the launcher itself and what the WAR holds.
 */
class ExampleWalkthroughIT extends WalkthroughContract {

    private ExampleServer server;

    @Override
    protected URI start(Path war, Path dataDir) throws Exception {
        server = ExampleServer.start(war, dataDir, "127.0.0.1", 0);
        return server.baseUri();
    }

    @Override
    protected void stop() throws Exception {
        if (server != null) {
            server.close();
        }
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

    // --- Jetty specifics -------------------------------------------------------------------------

    /** Jetty authenticates BASIC lazily, only when asked: client credentials in HTTP Basic reach /token. */
    @Test
    void whenClientCredentialsSentWithHttpBasicThenJettyLetsThemThroughToTheTokenRoute() throws Exception {
        KeyPair keyPair = keyPair("admin", "oauth-basic-jetty");
        String credentials = basic(keyPair.key(), keyPair.secret());

        HttpResponse<String> response = send(post(BASE_PATH + "/token", Map.of("grant_type", "client_credentials"))
                .header("Authorization", credentials));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("admin", json(response).getJsonObject("data").getJsonObject("user").getString("user_login"));
    }
}
