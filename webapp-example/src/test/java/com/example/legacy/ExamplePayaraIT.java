package com.example.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The curl walkthrough of docs/walkthrough.md ({@link WalkthroughContract}) on a full Jakarta EE
 * server: the built WAR, unchanged, in Payara Micro 6 ({@link PayaraMicroExample}, a separate
 * process, one start for the whole class), with the operator's file-realm users, a JDBC resource
 * and the secret as a system property. Payara's {@code GFAuthConfigFactory} takes jwt-auth's
 * Jakarta Authentication module (container mode), so the token's user is the server's own caller
 * everywhere: the web.xml security-constraint, the Servlet API, an EJB's {@code @RolesAllowed}
 * and Jakarta Security's {@code SecurityContext} ({@code /api/ee/*}).
 *
 * <p>A server that does not start fails the class (never skips it); any failure prints the
 * server's output.
 */
class ExamplePayaraIT extends WalkthroughContract {

    private static PayaraMicroExample payara;

    /** Prints what the server said when a test fails. */
    @RegisterExtension
    static final TestWatcher SERVER_OUTPUT = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (payara != null) {
                System.err.println("--- Payara Micro output (" + payara.log() + ") ---\n" + payara.output());
            }
        }
    };

    @Override
    protected URI start(Path war, Path dataDir) throws Exception {
        payara = PayaraMicroExample.start(war, dataDir);
        return payara.baseUri();
    }

    @Override
    protected void stop() throws Exception {
        if (payara != null) {
            payara.close();
        }
    }

    /**
     * Payara adds its own {@code @RolesAllowed} filter to Jersey applications (its MicroProfile JWT
     * module's, message "Caller not in requested role") beside Jersey's; which of the two refuses
     * first has varied between runs (CI saw both). Either is the EE server's own role check.
     */
    @Override
    protected java.util.Set<String> rolesAllowedRefusals() {
        return java.util.Set.of("User not authorized.", "Caller not in requested role");
    }

    @Test
    void whenStartedThenJwtAuthRunsInContainerMode() {
        String output = payara.output();

        assertTrue(output.contains("jwt-auth: container mode (Jakarta Authentication module registered)"), output);
    }

    // --- /api/ee/*: the token's user is the EE server's caller -------------------------------------

    /** Not a test here (no {@code @Test}): Payara has CDI, see the tests below. */
    @Override
    void whenEnterpriseUrlsOnAServletContainerThen501NoCdi() {
    }

    @Test
    void whenEjbWithRolesAllowedAndAdminTokenThen200AndTheEjbSeesTheTokensUser() throws Exception {
        String bearer = "Bearer " + tokens(keyPair("admin", "ejb-admin")).access();

        HttpResponse<String> response = send(get("/api/ee/report").header("Authorization", bearer));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("admin", json(response).getString("user"));
    }

    @Test
    void whenEjbWithRolesAllowedAndAliceTokenThenTheEjbContainerRefuses() throws Exception {
        String bearer = "Bearer " + tokens(keyPair("alice", "ejb-alice")).access();

        HttpResponse<String> response = send(get("/api/ee/report").header("Authorization", bearer));

        assertEquals(403, response.statusCode(), response.body());
        assertEquals(Json.createObjectBuilder().add("error", "forbidden").add("message", "Administrators only.")
                .build(), json(response));
    }

    @Test
    void whenSecurityContextAskedWithTokensThenItNamesTheTokensUserAndRoles() throws Exception {
        String admin = "Bearer " + tokens(keyPair("admin", "security-context-admin")).access();
        String alice = "Bearer " + tokens(keyPair("alice", "security-context-alice")).access();

        HttpResponse<String> asAdmin = send(get("/api/ee/caller").header("Authorization", admin));
        HttpResponse<String> asAlice = send(get("/api/ee/caller").header("Authorization", alice));

        assertEquals(200, asAdmin.statusCode(), asAdmin.body());
        assertEquals(Json.createObjectBuilder().add("caller", "admin").add("administrator", true).build(),
                json(asAdmin));
        assertEquals(200, asAlice.statusCode(), asAlice.body());
        assertEquals(Json.createObjectBuilder().add("caller", "alice").add("administrator", false).build(),
                json(asAlice));
    }

    @Test
    void whenSecurityContextAskedAnonymouslyThenNoCaller() throws Exception {
        HttpResponse<String> response = send(get("/api/ee/caller"));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(Json.createObjectBuilder().addNull("caller").add("administrator", false).build(),
                json(response));
    }

    @Test
    void whenEjbWithBadTokenThen401WithBearerChallengeBeforeTheEjb() throws Exception {
        HttpResponse<String> response = send(get("/api/ee/report").header("Authorization", "Bearer not.a.token"));

        assertError(response, 401, "rest_authentication_token_error");
        Optional<String> challenge = response.headers().firstValue("WWW-Authenticate");
        assertTrue(challenge.orElse("").startsWith("Bearer realm=\"jwt-auth\""), challenge.toString());
    }
}
