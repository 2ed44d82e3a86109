package com.example.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * FORM on a full Jakarta EE server: the example WAR with a FORM login-config instead of BASIC
 * ({@link FormVariant}), in Payara Micro 6 set up as {@link ExamplePayaraIT}'s, at the root context
 * of a server of its own, so that both WARs run as deployed alone. jwt-auth's module serves the app's login page, {@code j_security_check},
 * the saved request and the error page, the session remembers the login, a key-pair is created over
 * that session through the profile page, and the key-pair's token passes the same constraint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExamplePayaraFormIT {

    static final String PASSWORD = ExampleServer.DEMO_PASSWORD;
    static final Pattern CONFIG = Pattern.compile(
            "<script type=\"application/json\" id=\"jwt-auth-config\">(.*?)</script>", Pattern.DOTALL);

    private PayaraMicroExample payara;
    private URI base;

    /** Prints what the server said when a test fails. */
    @RegisterExtension
    final TestWatcher serverOutput = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (payara != null) {
                System.err.println("--- Payara Micro output (" + payara.log() + ") ---\n" + payara.output());
            }
        }
    };

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        payara = PayaraMicroExample.start(FormVariant.of(WalkthroughContract.war(), dir.resolve("war")), dir);
        base = payara.baseUri();
    }

    @AfterAll
    void stop() throws Exception {
        if (payara != null) {
            payara.close();
        }
    }

    /** A browser tab: keeps the session cookie, follows no redirect. */
    static HttpClient tab() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    }

    HttpRequest.Builder post(String path, String formBody) {
        return get(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody));
    }

    static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void whenStartedThenContainerModeForTheFormLogin() {
        assertTrue(payara.output().contains("jwt-auth: container mode (Jakarta Authentication module registered)"),
                payara.output());
    }

    @Test
    void whenFormLoginThenTheSavedRequestAnswersAsTheUserAndTheSessionRemembersIt() throws Exception {
        HttpClient tab = tab();
        HttpResponse<String> page = send(tab, get("/api/admin/stats"));
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains(FormVariant.LOGIN_PAGE_MARK), page.body());

        HttpResponse<String> sent = send(tab, post("/j_security_check",
                "j_username=admin&j_password=" + enc(PASSWORD)));
        assertEquals(303, sent.statusCode(), sent.body());
        String location = sent.headers().firstValue("Location").orElse("");
        assertTrue(location.endsWith("/api/admin/stats"), location);

        HttpResponse<String> saved = send(tab, get("/api/admin/stats"));
        assertEquals(200, saved.statusCode(), saved.body());
        assertEquals("admin", json(saved).getString("user"));
        HttpResponse<String> me = send(tab, get("/api/me"));
        assertEquals(200, me.statusCode(), me.body());
        assertEquals("admin", json(me).getString("remote_user"), me.body());
        assertEquals("FORM", json(me).getString("auth_type"), me.body());
    }

    @Test
    void whenFormLoginOfAUserWithoutTheRoleThen403() throws Exception {
        HttpClient tab = tab();
        send(tab, get("/api/admin/stats"));
        HttpResponse<String> sent = send(tab, post("/j_security_check",
                "j_username=alice&j_password=" + enc(PASSWORD)));
        assertEquals(303, sent.statusCode(), sent.body());

        HttpResponse<String> saved = send(tab, get("/api/admin/stats"));
        assertEquals(403, saved.statusCode(), saved.body());
    }

    @Test
    void whenWrongPasswordThenTheErrorPage() throws Exception {
        HttpClient tab = tab();
        assertEquals(200, send(tab, get("/api/admin/stats")).statusCode());

        HttpResponse<String> sent = send(tab, post("/j_security_check", "j_username=admin&j_password=wrong"));

        assertEquals(200, sent.statusCode(), sent.body());
        assertTrue(sent.body().contains(FormVariant.ERROR_PAGE_MARK), sent.body());
    }

    /** The profile page over the FORM session, its CSRF token, a key-pair, and its token. */
    @Test
    void whenKeyPairCreatedOverTheFormSessionThenItsTokenPassesTheConstraint() throws Exception {
        HttpClient tab = tab();
        send(tab, get("/jwt-auth/v1/profile"));
        assertEquals(303, send(tab, post("/j_security_check",
                "j_username=admin&j_password=" + enc(PASSWORD))).statusCode());
        HttpResponse<String> profile = send(tab, get("/jwt-auth/v1/profile"));
        assertEquals(200, profile.statusCode(), profile.body());
        Matcher config = CONFIG.matcher(profile.body());
        assertTrue(config.find(), profile.body());
        String csrf = Json.createReader(new StringReader(config.group(1))).readObject().getString("csrf");

        HttpResponse<String> created = send(tab, post("/jwt-auth/v1/key-pair", "name=form-on-payara")
                .header("Origin", base.toString()).header("X-CSRF-Token", csrf));
        assertEquals(201, created.statusCode(), created.body());

        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> tokens = send(client, post("/jwt-auth/v1/token",
                "api_key=" + enc(json(created).getString("api_key"))
                        + "&api_secret=" + enc(json(created).getString("api_secret"))));
        assertEquals(200, tokens.statusCode(), tokens.body());
        String bearer = "Bearer " + json(tokens).getString("access_token");
        HttpResponse<String> stats = send(client, get("/api/admin/stats").header("Authorization", bearer));
        assertEquals(200, stats.statusCode(), stats.body());
        assertEquals("admin", json(stats).getString("user"));
        HttpResponse<String> me = send(client, get("/api/me").header("Authorization", bearer));
        assertEquals("Bearer", json(me).getString("auth_type"), me.body());
    }

    @Test
    void whenBadTokenThen401BearerNotTheLoginPage() throws Exception {
        HttpResponse<String> r = send(HttpClient.newHttpClient(),
                get("/api/admin/stats").header("Authorization", "Bearer not.a.token"));
        assertEquals(401, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer realm=\"jwt-auth\""),
                r.headers().toString());
    }
}
