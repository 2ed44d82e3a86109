package com.example.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The curl walkthrough of docs/walkthrough.md ({@link WalkthroughContract}) against the built WAR,
 * unchanged, deployed into an embedded Tomcat 11 ({@link TomcatExample}): JNDI H2 resource,
 * Tomcat's realm, {@code preemptiveAuthentication="true"}. Also what an operator sees on Tomcat
 * with and without preemptive authentication.
 */
class ExampleTomcatWalkthroughIT extends WalkthroughContract {

    private TomcatExample tomcat;
    /** A second deployment of the WAR, with Tomcat's default: no preemptive authentication. */
    private URI notPreemptive;

    @Override
    protected URI start(Path war, Path dataDir) throws Exception {
        tomcat = TomcatExample.start(war, dataDir, "127.0.0.1", 0);
        notPreemptive = tomcat.deploy("/not-preemptive", false);
        return tomcat.baseUri();
    }

    @Override
    protected void stop() throws Exception {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    // --- preemptive authentication on (the context.xml of docs/walkthrough.md) -------------------

    /**
     * With preemptive authentication Tomcat checks every BASIC header against its realm before any
     * filter runs: OAuth client credentials in HTTP Basic get Tomcat's own 401. In the body they work.
     */
    @Test
    void whenClientCredentialsSentWithHttpBasicThenPreemptiveTomcatAnswers401Itself() throws Exception {
        KeyPair keyPair = keyPair("admin", "oauth-basic-tomcat");

        HttpResponse<String> basic = send(post(BASE_PATH + "/token", Map.of("grant_type", "client_credentials"))
                .header("Authorization", basic(keyPair.key(), keyPair.secret())));
        HttpResponse<String> body = send(post(BASE_PATH + "/token", Map.of("grant_type", "client_credentials",
                "client_id", keyPair.key(), "client_secret", keyPair.secret())));

        assertEquals(401, basic.statusCode(), basic.body());
        assertTrue(basic.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm=\"jwt-auth example\""),
                basic.headers().toString());
        assertEquals(200, body.statusCode(), body.body());
        assertEquals("admin", json(body).getJsonObject("data").getJsonObject("user").getString("user_login"));
    }

    // --- preemptive authentication off (Tomcat's default) ---------------------------------------

    @Test
    void whenNotPreemptiveThenBasicIsIgnoredOnUnconstrainedUrls() throws Exception {
        HttpResponse<String> me = send(request(notPreemptive, "/api/me").header("Authorization", basic("alice")).GET());
        HttpResponse<String> rest = send(request(notPreemptive, "/api/rest/whoami").header("Authorization", basic("alice")).GET());

        assertEquals(200, me.statusCode(), me.body());
        assertEquals(me(null, null, false), json(me));
        assertError(rest, 401, "rest_authentication_no_header");
    }

    @Test
    void whenNotPreemptiveThenKeyPairRoutesStillLogInAndTokensWork() throws Exception {
        HttpResponse<String> created = send(multipart(request(notPreemptive, BASE_PATH + "/key-pair"),
                Map.of("name", "not-preemptive")).header("Authorization", basic("alice")));
        assertEquals(201, created.statusCode(), created.body());
        JsonObject keyPair = json(created);

        HttpResponse<String> issued = send(multipart(request(notPreemptive, BASE_PATH + "/token"),
                Map.of("api_key", keyPair.getString("api_key"), "api_secret", keyPair.getString("api_secret"))));
        assertEquals(200, issued.statusCode(), issued.body());
        String bearer = "Bearer " + json(issued).getString("access_token");

        HttpResponse<String> me = send(request(notPreemptive, "/api/me").header("Authorization", bearer).GET());
        HttpResponse<String> rest = send(request(notPreemptive, "/api/rest/whoami").header("Authorization", bearer).GET());
        assertEquals(me("alice", "Bearer", false), json(me));
        assertEquals(whoAmI("alice", "Bearer", "user"), json(rest));
    }

    @Test
    void whenNotPreemptiveThenClientCredentialsInHttpBasicReachTheTokenRoute() throws Exception {
        HttpResponse<String> created = send(multipart(request(notPreemptive, BASE_PATH + "/key-pair"),
                Map.of("name", "oauth-basic-not-preemptive")).header("Authorization", basic("admin")));
        assertEquals(201, created.statusCode(), created.body());
        JsonObject keyPair = json(created);

        HttpResponse<String> issued = send(multipart(request(notPreemptive, BASE_PATH + "/token"),
                Map.of("grant_type", "client_credentials"))
                .header("Authorization", basic(keyPair.getString("api_key"), keyPair.getString("api_secret"))));

        assertEquals(200, issued.statusCode(), issued.body());
    }
}
