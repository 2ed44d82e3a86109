package com.example.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example started as with {@code JWT_AUTH_ALGORITHM=ES256}, by each launcher (Tomcat 11 for the
 * README's run command, Jetty 12): it generates an ES256 key pair into its data directory, signs
 * tokens with it, publishes it at /keys, and the tokens verify with the JDK alone given only that
 * JWKS.
 */
class ExampleEs256IT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static Path war() {
        return Paths.get(System.getProperty(ExampleServer.WAR_PROPERTY,
                "target/jwt-auth-webapp-example-0.1.0-SNAPSHOT.war"));
    }

    @Test
    void whenEs256OnTomcatThenKeyGeneratedOwnerOnlyAndTokensVerifyWithThePublishedJwks(@TempDir Path dataDir)
            throws Exception {
        try (TomcatExample tomcat = TomcatExample.start(war(), dataDir, "127.0.0.1", 0, "ES256")) {
            assertEs256(tomcat.baseUri(), dataDir);
        }
    }

    @Test
    void whenEs256OnJettyThenKeyGeneratedOwnerOnlyAndTokensVerifyWithThePublishedJwks(@TempDir Path dataDir)
            throws Exception {
        try (ExampleServer jetty = ExampleServer.start(war(), dataDir, "127.0.0.1", 0, "ES256")) {
            assertEs256(jetty.baseUri(), dataDir);
        }
    }

    static HttpResponse<String> send(HttpRequest r) throws Exception {
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(String s) {
        return Json.createReader(new StringReader(s)).readObject();
    }

    static String form(String... kv) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            b.append(i == 0 ? "" : "&").append(kv[i]).append('=')
                    .append(java.net.URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    private static void assertEs256(URI base, Path dataDir) throws Exception {
        Path key = dataDir.resolve("jwt-signing-key-es256.pem");
        assertTrue(Files.exists(key));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));

        String basic = "Basic " + Base64.getEncoder().encodeToString("admin:password".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> created = send(HttpRequest.newBuilder(base.resolve("/jwt-auth/v1/key-pair"))
                .header("Authorization", basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form("name", "es256"))).build());
        assertEquals(201, created.statusCode(), created.body());
        JsonObject kp = json(created.body());
        HttpResponse<String> token = send(HttpRequest.newBuilder(base.resolve("/jwt-auth/v1/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form("api_key", kp.getString("api_key"),
                        "api_secret", kp.getString("api_secret")))).build());
        assertEquals(200, token.statusCode(), token.body());
        String access = json(token.body()).getString("access_token");
        String[] parts = access.split("\\.");
        JsonObject header = json(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        assertEquals("ES256", header.getString("alg"));

        HttpResponse<String> jwks = send(HttpRequest.newBuilder(base.resolve("/jwt-auth/v1/keys")).GET().build());
        assertEquals(200, jwks.statusCode());
        JsonObject jwk = json(jwks.body()).getJsonArray("keys").getJsonObject(0);
        assertEquals(header.getString("kid"), jwk.getString("kid"));
        assertEquals("EC", jwk.getString("kty"));
        assertTrue(!jwk.containsKey("d"));

        // verify with the JDK from the JWKS alone (RFC 7518 §3.4: 64-byte r||s)
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        ECPoint w = new ECPoint(new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("x"))),
                new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("y"))));
        ECPublicKey pub = (ECPublicKey) KeyFactory.getInstance("EC")
                .generatePublic(new ECPublicKeySpec(w, params.getParameterSpec(ECParameterSpec.class)));
        byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
        assertEquals(64, sig.length);
        Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
        v.initVerify(pub);
        v.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(v.verify(sig));

        HttpResponse<String> me = send(HttpRequest.newBuilder(base.resolve("/api/me"))
                .header("Authorization", "Bearer " + access).GET().build());
        assertEquals(200, me.statusCode());
        assertEquals("{\"remote_user\":\"admin\",\"auth_type\":\"Bearer\",\"administrator\":true}", me.body().strip());
    }
}
