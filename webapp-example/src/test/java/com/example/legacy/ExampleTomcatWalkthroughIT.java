package com.example.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The curl walkthrough of docs/walkthrough.md ({@link WalkthroughContract}) against the README's run
 * command: the built WAR, unchanged, in an embedded Tomcat 11 ({@link TomcatExample}) with a JNDI H2
 * resource, Tomcat's realm and Tomcat's default context. jwt-auth runs in container mode there, so
 * the WAR's security-constraint on {@code /api/admin/*} accepts Bearer tokens. A second deployment
 * with {@code preemptiveAuthentication="true"} shows that this setting, which filter mode needed for
 * BASIC logins on unconstrained URLs, changes nothing in container mode.
 */
class ExampleTomcatWalkthroughIT extends WalkthroughContract {

    private TomcatExample tomcat;
    /** A second deployment of the WAR, with {@code <Context preemptiveAuthentication="true">}. */
    private URI preemptive;

    @Override
    protected URI start(Path war, Path dataDir) throws Exception {
        tomcat = TomcatExample.start(war, dataDir, "127.0.0.1", 0);
        preemptive = tomcat.deploy("/preemptive", true);
        return tomcat.baseUri();
    }

    @Override
    protected void stop() throws Exception {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    @Test
    void whenStartedThenJwtAuthRunsInContainerMode() {
        assertEquals("container", tomcat.mode());
    }

    // --- preemptive authentication: no longer needed, and harmless ---------------------------------

    @Test
    void whenPreemptiveThenBasicWorksOnUnconstrainedUrlsAsWithout() throws Exception {
        HttpResponse<String> me = send(request(preemptive, "/api/me").header("Authorization", basic("alice")).GET());
        HttpResponse<String> rest = send(request(preemptive, "/api/rest/whoami").header("Authorization", basic("alice")).GET());

        assertEquals(200, me.statusCode(), me.body());
        assertEquals(me("alice", "BASIC", false), json(me));
        assertEquals(whoAmI("alice", "BASIC", "user"), json(rest));
    }

    @Test
    void whenPreemptiveThenKeyPairRoutesLogInAndTokensPassTheConstraint() throws Exception {
        HttpResponse<String> created = send(multipart(request(preemptive, BASE_PATH + "/key-pair"),
                Map.of("name", "preemptive")).header("Authorization", basic("admin")));
        assertEquals(201, created.statusCode(), created.body());
        JsonObject keyPair = json(created);

        HttpResponse<String> issued = send(multipart(request(preemptive, BASE_PATH + "/token"),
                Map.of("api_key", keyPair.getString("api_key"), "api_secret", keyPair.getString("api_secret"))));
        assertEquals(200, issued.statusCode(), issued.body());
        String bearer = "Bearer " + json(issued).getString("access_token");

        HttpResponse<String> me = send(request(preemptive, "/api/me").header("Authorization", bearer).GET());
        HttpResponse<String> stats = send(request(preemptive, "/api/admin/stats").header("Authorization", bearer).GET());
        assertEquals(me("admin", "Bearer", true), json(me));
        assertEquals(200, stats.statusCode(), stats.body());
    }

    /**
     * Tomcat's own preemptive check used to answer client credentials in HTTP Basic with its 401:
     * in container mode jwt-auth's module reads that header instead, and lets unknown credentials
     * through to the token route where no constraint applies.
     */
    @Test
    void whenPreemptiveThenClientCredentialsInHttpBasicReachTheTokenRoute() throws Exception {
        HttpResponse<String> created = send(multipart(request(preemptive, BASE_PATH + "/key-pair"),
                Map.of("name", "oauth-basic-preemptive")).header("Authorization", basic("admin")));
        assertEquals(201, created.statusCode(), created.body());
        JsonObject keyPair = json(created);

        HttpResponse<String> issued = send(multipart(request(preemptive, BASE_PATH + "/token"),
                Map.of("grant_type", "client_credentials"))
                .header("Authorization", basic(keyPair.getString("api_key"), keyPair.getString("api_secret"))));

        assertEquals(200, issued.statusCode(), issued.body());
    }
}
