package io.github.jwtauth.it.flow;

import static io.github.jwtauth.testsupport.Expect.endpointError;
import static io.github.jwtauth.testsupport.Expect.invalidToken;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Api.KeyPair;
import io.github.jwtauth.testsupport.Api.Tokens;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.Deployment;
import io.github.jwtauth.testsupport.Expect;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.JettyBesideTomcat;
import io.github.jwtauth.testsupport.JettyContainer;
import io.github.jwtauth.testsupport.Json;
import io.github.jwtauth.testsupport.Jwts;
import io.github.jwtauth.testsupport.KeyMaterial;
import io.github.jwtauth.testsupport.TestWebapp;
import io.github.jwtauth.testsupport.TomcatContainer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's "Keys, rotation and JWKS" on real containers: ES256 (Jetty, key made by the admin
 * CLI's {@code key generate}) and RS256 (Tomcat, a bare PKCS#8 private key) deployments with PEM
 * keys given as {@code file:} references, on PostgreSQL; tokens verify with two other JWT libraries
 * given only the published JWKS; unknown {@code kid}s are refused without fetching anything; keys
 * rotate while traffic flows across two nodes without refusing a valid token; weak or mismatched
 * keys stop the webapp with a message naming the parameter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeysIT {
  static final String[] PRIVATE_MEMBERS = {"d", "p", "q", "dp", "dq", "qi", "k", "oth"};
  static final String TOKEN_ERROR = "rest_authentication_token_error";

  enum Alg {
    ES256,
    RS256
  }

  Databases.Db db;
  Container jetty;
  Container tomcat;
  Path dir;
  Api es;
  Api rs;
  PublicKey esPublic; // made by the admin CLI
  java.security.KeyPair rsKeys;
  Path keystore;

  TestWebapp webapp(String name) {
    return TestWebapp.named(name)
        .param("jwt-auth.schema-create", "true")
        .lenientAttemptLimits()
        .params(db.jdbcParams());
  }

  @BeforeAll
  void start() {
    db = Databases.postgres(getClass().getSimpleName());
    dir = KeyMaterial.directory("KeysIT");
    Path cli = dir.resolve("cli-es256");
    esPublic = KeyMaterial.cliKeyGenerate("ES256", cli);
    rsKeys = KeyMaterial.rsa(2048);
    keystore = KeyMaterial.pkcs12(dir, "keys.p12", "right-password", "EC", "k1", "k2");
    jetty = new JettyContainer();
    tomcat = new TomcatContainer();
    es =
        new Api(
            JettyBesideTomcat.deploy(
                    jetty,
                    webapp("keys-es256")
                        .param("jwt-auth.algorithm", "ES256")
                        // as printed by the CLI: configure
                        // jwt-auth.signing-key=file:.../private.pem
                        .param("jwt-auth.signing-key", "file:" + cli.resolve("private.pem"))
                        .param("jwt-auth.jwks-max-age", "120"))
                .requireStarted());
    rs =
        new Api(
            tomcat
                .deploy(
                    webapp("keys-rs256")
                        .withTomcatDefaultServlet() // for the /.well-known documents
                        .param("jwt-auth.algorithm", "RS256")
                        // the PKCS#8 private key alone: RSA's public half is derived from it
                        .param(
                            "jwt-auth.signing-key",
                            KeyMaterial.fileRef(
                                dir, "rs.pem", KeyMaterial.privatePem(rsKeys.getPrivate()))))
                .requireStarted());
  }

  @AfterAll
  void stop() {
    for (Container c : new Container[] {tomcat, jetty}) { // Jetty stops cleanly without Tomcat
      if (c != null) {
        c.close();
      }
    }
    if (db != null) {
      db.close();
    }
  }

  Api api(Alg alg) {
    return alg == Alg.ES256 ? es : rs;
  }

  PublicKey configuredKey(Alg alg) {
    return alg == Alg.ES256 ? esPublic : rsKeys.getPublic();
  }

  static String thumbprint(PublicKey k) {
    try {
      JWK jwk =
          k instanceof ECPublicKey ec
              ? new ECKey.Builder(Curve.P_256, ec).build()
              : new RSAKey.Builder((RSAPublicKey) k).build();
      return jwk.computeThumbprint().toString();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** GET /keys: 200, JWK Set content type, the Cache-Control max-age; parsed by nimbus. */
  static JWKSet jwks(Api api, int maxAge) {
    Http.Res r = api.api("/keys").get();
    assertEquals(200, r.status(), r::toString);
    String ct = r.header("Content-Type");
    assertNotNull(ct, r::toString);
    assertEquals(
        "application/jwk-set+json", ct.split(";")[0].trim().toLowerCase(), () -> "type: " + ct);
    assertEquals("public, max-age=" + maxAge, r.header("Cache-Control"), r::toString);
    io.github.jwtauth.testsupport.Expect.nosniff(r);
    try {
      return JWKSet.parse(r.body());
    } catch (java.text.ParseException e) {
      throw new AssertionError("not a JWK Set: " + r, e);
    }
  }

  static Set<String> kids(JWKSet set) {
    return set.getKeys().stream().map(JWK::getKeyID).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Verifies with nimbus, given only the JWK Set: the key the token's kid names. */
  static boolean nimbusVerifies(JWKSet set, String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      JWK jwk = set.getKeyByKeyId(jwt.getHeader().getKeyID());
      assertNotNull(jwk, () -> "no JWK for kid " + jwt.getHeader().getKeyID());
      JWSVerifier v =
          jwk instanceof ECKey ec ? new ECDSAVerifier(ec) : new RSASSAVerifier((RSAKey) jwk);
      return jwt.verify(v);
    } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
      throw new AssertionError(e);
    }
  }

  // ------------------------------------------------------------------ JWKS and other libraries

  @ParameterizedTest
  @EnumSource(Alg.class)
  void whenTokensAreIssuedThenNimbusAndJavaJwtVerifyThemWithOnlyTheJwks(Alg alg) throws Exception {
    Api api = api(alg);
    JWKSet set = jwks(api, alg == Alg.ES256 ? 120 : 300);
    assertEquals(1, set.getKeys().size(), set::toString);
    KeyPair kp = api.createKeyPair("alice", "third-party verification");
    Tokens t = api.tokens(kp);
    Http.Res refreshed = api.refresh(t.refresh());
    assertEquals(200, refreshed.status(), refreshed::toString);
    List<String> tokens =
        List.of(
            t.access(),
            t.refresh(),
            refreshed.json().getString("access_token"),
            refreshed.json().getString("refresh_token"));

    String kid = thumbprint(configuredKey(alg));
    for (String token : tokens) {
      SignedJWT jwt = SignedJWT.parse(token);
      assertEquals(alg.name(), jwt.getHeader().getAlgorithm().getName(), "alg");
      assertEquals(kid, jwt.getHeader().getKeyID(), "kid is the RFC 7638 thumbprint");
      assertTrue(nimbusVerifies(set, token), () -> "nimbus refused " + token);
      assertEquals("jwt-auth", jwt.getJWTClaimsSet().getIssuer());

      // java-jwt, with the public key rebuilt by the JDK from the JWK's members
      JsonObject jwkJson =
          Json.object(set.getKeyByKeyId(jwt.getHeader().getKeyID()).toJSONString());
      PublicKey pub = KeyMaterial.fromJwk(jwkJson);
      assertEquals(configuredKey(alg), pub, "the JWK is the configured public key");
      Algorithm a =
          alg == Alg.ES256
              ? Algorithm.ECDSA256((ECPublicKey) pub, null)
              : Algorithm.RSA256((RSAPublicKey) pub, null);
      DecodedJWT d = JWT.require(a).withIssuer("jwt-auth").build().verify(token);
      Object user = d.getClaim("data").asMap().get("user");
      assertEquals(kp.apiKey(), ((Map<?, ?>) user).get("api_key"), "java-jwt read the claims");
    }
    // a tampered payload does not verify (the verifiers are not rubber stamps)
    String[] parts = t.access().split("\\.");
    String tampered =
        parts[0]
            + "."
            + Jwts.b64(Jwts.payload(t.access()).toString().replace("alice", "admin"))
            + "."
            + parts[2];
    assertFalse(nimbusVerifies(set, tampered), "nimbus accepted a tampered token");
    PublicKey pub = configuredKey(alg);
    Algorithm a =
        alg == Alg.ES256
            ? Algorithm.ECDSA256((ECPublicKey) pub, null)
            : Algorithm.RSA256((RSAPublicKey) pub, null);
    assertThrows(
        SignatureVerificationException.class, () -> JWT.require(a).build().verify(tampered));
  }

  @Test
  void whenEs256ThenSignaturesAreThe64ByteJwsForm() {
    Tokens t = es.tokens(es.createKeyPair("bob", "signature size"));
    assertEquals(64, KeyMaterial.signature(t.access()).length, "ES256 access token signature");
    assertEquals(64, KeyMaterial.signature(t.refresh()).length, "ES256 refresh token signature");
    Tokens r = rs.tokens(rs.createKeyPair("bob", "signature size"));
    assertEquals(256, KeyMaterial.signature(r.access()).length, "RS256 (2048-bit) signature");
  }

  /** RFC 8414 / RFC 9728: both documents point at /keys, and the key set there verifies. */
  @ParameterizedTest
  @EnumSource(Alg.class)
  void whenMetadataIsReadThenItsJwksUriServesTheKeysThatVerifyOurTokens(Alg alg) throws Exception {
    String keys = api(alg).base() + Api.BASE_PATH + "/keys";
    for (String doc : List.of("oauth-authorization-server", "oauth-protected-resource")) {
      Http.Res r = api(alg).app("/.well-known/" + doc).get();
      assertEquals(200, r.status(), r::toString);
      assertEquals(keys, r.json().getString("jwks_uri"), r::toString);
    }
    var meta =
        com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata.parse(
            api(alg).app("/.well-known/oauth-authorization-server").get().body());
    assertEquals(java.net.URI.create(keys), meta.getJWKSetURI());
    Tokens t = api(alg).tokens(api(alg).createKeyPair("bob", "metadata"));
    assertTrue(nimbusVerifies(jwks(api(alg), alg == Alg.ES256 ? 120 : 300), t.access()));
  }

  @ParameterizedTest
  @EnumSource(Alg.class)
  void whenJwksIsServedThenItHasPublicMembersOnly(Alg alg) {
    Http.Res r = api(alg).api("/keys").get();
    JsonObject body = r.json();
    assertEquals(Set.of("keys"), body.keySet(), r::toString);
    assertFalse(body.getJsonArray("keys").isEmpty(), r::toString);
    for (JsonValue v : body.getJsonArray("keys")) {
      JsonObject k = v.asJsonObject();
      for (String m : PRIVATE_MEMBERS) {
        assertFalse(k.containsKey(m), () -> "private member " + m + " in " + k);
      }
      assertAll(
          () -> assertEquals(alg == Alg.ES256 ? "EC" : "RSA", k.getString("kty")),
          () -> assertEquals(alg.name(), k.getString("alg")),
          () -> assertEquals("sig", k.getString("use")),
          () -> assertFalse(k.getString("kid").isEmpty()),
          () -> {
            if (alg == Alg.ES256) {
              assertEquals("P-256", k.getString("crv"));
              assertEquals(Set.of("kty", "crv", "x", "y", "kid", "alg", "use"), k.keySet());
            } else {
              assertEquals(Set.of("kty", "n", "e", "kid", "alg", "use"), k.keySet());
            }
          });
    }
    JWKSet set = jwks(api(alg), alg == Alg.ES256 ? 120 : 300);
    assertTrue(set.getKeys().stream().noneMatch(JWK::isPrivate), set::toString);
  }

  @Test
  void whenKeystoreIsConfiguredThenAliasesAreKidsAndTheAliasNamedSigns() {
    Deployment d =
        tomcat
            .deploy(
                webapp("keys-p12")
                    .param("jwt-auth.algorithm", "ES256")
                    .param("jwt-auth.keystore", keystore.toString())
                    .param("jwt-auth.keystore-password", "right-password")
                    .param("jwt-auth.signing-key-alias", "k2"))
            .requireStarted();
    try {
      Api api = new Api(d);
      JWKSet set = jwks(api, 300);
      assertEquals(Set.of("k1", "k2"), kids(set));
      Tokens t = api.tokens(api.createKeyPair("alice", "keystore"));
      assertEquals("k2", Jwts.header(t.access()).getString("kid"));
      assertTrue(nimbusVerifies(set, t.access()));
      Expect.me(api.me(t.access()), "alice", "Bearer", false);
    } finally {
      tomcat.undeploy(d);
    }
  }

  // ------------------------------------------------------------------ unknown kid, no fetching

  @ParameterizedTest
  @EnumSource(Alg.class)
  void whenTokenNamesAnUnknownKidOrPointsElsewhereThen401AndNothingIsFetched(Alg alg)
      throws Exception {
    Api api = api(alg);
    Tokens t = api.tokens(api.createKeyPair("admin", "unknown kid"));
    java.security.KeyPair attacker = alg == Alg.ES256 ? KeyMaterial.ec() : KeyMaterial.rsa(2048);
    String realKid = Jwts.header(t.access()).getString("kid");
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket watch = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                while (!watch.isClosed()) {
                  try (Socket s = watch.accept()) {
                    connections.incrementAndGet();
                  } catch (IOException e) {
                    return;
                  }
                }
              },
              "kid-watch");
      acceptor.setDaemon(true);
      acceptor.start();
      String url = "http://127.0.0.1:" + watch.getLocalPort() + "/jwks.json";
      List<String> headers =
          List.of(
              "{\"alg\":\"" + alg + "\",\"typ\":\"%s\",\"kid\":\"not-a-configured-key\"}",
              "{\"alg\":\""
                  + alg
                  + "\",\"typ\":\"%s\",\"kid\":\"attacker-key\",\"jku\":\""
                  + url
                  + "\"}",
              "{\"alg\":\""
                  + alg
                  + "\",\"typ\":\"%s\",\"kid\":\"attacker-key\",\"x5u\":\""
                  + url
                  + "\"}",
              "{\"alg\":\""
                  + alg
                  + "\",\"typ\":\"%s\",\"kid\":\""
                  + realKid
                  + "\",\"jku\":\""
                  + url
                  + "\"}");
      String accessPayload = Jwts.payload(t.access()).toString();
      String refreshPayload = Jwts.payload(t.refresh()).toString();
      for (String h : headers) {
        String access =
            KeyMaterial.sign(String.format(h, "at+jwt"), accessPayload, attacker.getPrivate());
        invalidToken(api.me(access), TOKEN_ERROR);
        invalidToken(api.api("/token/validate").bearer(access).get(), TOKEN_ERROR);
        String refresh =
            KeyMaterial.sign(String.format(h, "rt+jwt"), refreshPayload, attacker.getPrivate());
        endpointError(api.refresh(refresh), 403, TOKEN_ERROR);
      }
      Thread.sleep(300);
      assertEquals(0, connections.get(), "the library connected to a URL named in a token");
    }
    // the genuine token still works
    Expect.me(api.me(t.access()), "admin", "Bearer", true);
  }

  // ------------------------------------------------------------------ rotation under traffic

  /** One application node behind an imaginary load balancer that drains it before a restart. */
  static final class Node {
    final String name;
    final Container container;
    volatile Api api;
    volatile Deployment deployment;
    volatile Set<String> kids;
    volatile String signingKid;
    volatile boolean available;
    final AtomicInteger inFlight = new AtomicInteger();

    Node(String name, Container container) {
      this.name = name;
      this.container = container;
    }

    boolean enter() {
      inFlight.incrementAndGet();
      if (!available) {
        inFlight.decrementAndGet();
        return false;
      }
      return true;
    }

    void exit() {
      inFlight.decrementAndGet();
    }

    void deploy(TestWebapp app, Set<String> verifying, String signing) {
      Deployment d = JettyBesideTomcat.deploy(container, app).requireStarted();
      deployment = d;
      api = new Api(d);
      kids = Set.copyOf(verifying);
      signingKid = signing;
      available = true;
    }

    /** Takes the node out of rotation, waits for its requests to end, redeploys, puts it back. */
    void restart(TestWebapp app, Set<String> verifying, String signing) {
      available = false;
      while (inFlight.get() > 0) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
      JettyBesideTomcat.undeploy(container, deployment);
      deploy(app, verifying, signing);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** One request of the traffic and what it should have got. */
  record Check(
      String what,
      String node,
      String nodeSigningKid,
      String tokenKid,
      int expected,
      int actual,
      String body) {
    boolean ok() {
      return expected == actual;
    }
  }

  @Test
  void whenKeysRotateNodeByNodeWhileTrafficFlowsThenNoValidTokenIsRefused() throws Exception {
    java.security.KeyPair k1 = KeyMaterial.ec();
    java.security.KeyPair k2 = KeyMaterial.ec();
    String kid1 = thumbprint(k1.getPublic());
    String kid2 = thumbprint(k2.getPublic());
    String k1Signing = KeyMaterial.fileRef(dir, "rot-k1.pem", KeyMaterial.signingPem(k1));
    String k2Signing = KeyMaterial.fileRef(dir, "rot-k2.pem", KeyMaterial.signingPem(k2));
    String k1Public = KeyMaterial.fileRef(dir, "rot-k1.pub", KeyMaterial.publicPem(k1.getPublic()));
    String k2Public = KeyMaterial.fileRef(dir, "rot-k2.pub", KeyMaterial.publicPem(k2.getPublic()));
    record Step(String label, String signing, String publicKeys, Set<String> kids, String kid) {}
    List<Step> steps =
        List.of(
            new Step("0 initial", k1Signing, null, Set.of(kid1), kid1),
            new Step("1 publish", k1Signing, k2Public, Set.of(kid1, kid2), kid1),
            new Step("2 sign", k2Signing, k1Public, Set.of(kid1, kid2), kid2),
            new Step("3 retire", k2Signing, null, Set.of(kid2), kid2));
    List<Node> nodes = List.of(new Node("jetty", jetty), new Node("tomcat", tomcat));
    java.util.function.Function<Step, TestWebapp> app =
        s -> {
          TestWebapp w =
              webapp("rotation")
                  .param("jwt-auth.algorithm", "ES256")
                  .param("jwt-auth.signing-key", s.signing());
          return s.publicKeys() == null ? w : w.param("jwt-auth.public-keys", s.publicKeys());
        };
    for (Node n : nodes) {
      n.deploy(app.apply(steps.get(0)), steps.get(0).kids(), steps.get(0).kid());
    }
    KeyPair kp = nodes.get(0).api.createKeyPair("admin", "rotation traffic");
    Tokens initial = nodes.get(1).api.tokens(kp); // signed with the old key, held all along
    assertEquals(kid1, Jwts.header(initial.access()).getString("kid"));

    List<Check> checks = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Throwable> crashes = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger rounds = new AtomicInteger();
    Thread traffic =
        new Thread(
            () -> {
              while (running.get()) {
                try {
                  trafficRound(nodes, rounds.getAndIncrement(), kp, initial, checks);
                } catch (Throwable e) {
                  crashes.add(e);
                  return;
                }
              }
            },
            "rotation-traffic");
    traffic.start();
    try {
      awaitRounds(rounds, 4);
      for (Step s : steps.subList(1, steps.size())) {
        for (Node n : nodes) {
          n.restart(app.apply(s), s.kids(), s.kid());
          JWKSet published = jwks(n.api, 300);
          assertEquals(new TreeSet<>(s.kids()), kids(published), () -> "JWKS at step " + s);
          awaitRounds(rounds, 4); // traffic on the cluster as it now is (mixed after the first)
        }
      }
      running.set(false);
      traffic.join(60_000);
      // the refresh token held since step 0 is signed with the retired key
      for (Node n : nodes) {
        endpointError(n.api.refresh(initial.refresh()), 403, TOKEN_ERROR);
      }
    } finally {
      running.set(false);
      traffic.join(60_000);
      for (Node n : nodes) {
        if (n.deployment != null) {
          JettyBesideTomcat.undeploy(n.container, n.deployment);
        }
      }
    }

    List<Check> all;
    synchronized (checks) {
      all = new ArrayList<>(checks);
    }
    List<Check> wrong = all.stream().filter(c -> !c.ok()).toList();
    long acceptedAcross =
        all.stream()
            .filter(c -> c.actual() == 200 && !c.tokenKid().equals(c.nodeSigningKid()))
            .count();
    long newOnOldSigner =
        all.stream()
            .filter(
                c ->
                    c.actual() == 200
                        && c.tokenKid().equals(kid2)
                        && c.nodeSigningKid().equals(kid1))
            .count();
    long oldOnNewSigner =
        all.stream()
            .filter(
                c ->
                    c.actual() == 200
                        && c.tokenKid().equals(kid1)
                        && c.nodeSigningKid().equals(kid2))
            .count();
    long retiredRefused =
        all.stream().filter(c -> c.expected() != 200 && c.actual() == c.expected()).count();
    System.out.printf(
        "[KeysIT] rotation under traffic: %d requests checked, %d wrong, %d accepted with the key"
            + " the node does not sign with (new-on-old-signer %d, old-on-new-signer %d), %d"
            + " retired-key tokens refused%n",
        all.size(), wrong.size(), acceptedAcross, newOnOldSigner, oldOnNewSigner, retiredRefused);
    assertTrue(crashes.isEmpty(), () -> "traffic thread failed: " + crashes);
    assertTrue(
        wrong.isEmpty(),
        () ->
            "refused or wrongly accepted during rotation:\n"
                + wrong.stream().limit(20).map(Check::toString).collect(Collectors.joining("\n")));
    assertTrue(all.size() >= 40, () -> "too little traffic: " + all.size());
    assertTrue(newOnOldSigner > 0, "no token of the new key met a node still signing the old one");
    assertTrue(oldOnNewSigner > 0, "no token of the old key met a node signing the new one");
    assertTrue(retiredRefused > 0, "the retired key's tokens were never refused after step 3");
  }

  /** Lets the traffic thread complete at least n more rounds (at most 20 s). */
  static void awaitRounds(AtomicInteger rounds, int n) throws InterruptedException {
    int target = rounds.get() + n;
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (rounds.get() < target && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  /**
   * Mid-rotation, one node is at step 1 (signs K1, also verifies K2) and the other at step 2 (signs
   * K2, also verifies K1): each must accept the other's tokens. Kids are RFC 7638 thumbprints, so
   * every node names a key the same way without configuration.
   */
  @Test
  void whenNodesAreMidRotationThenTheyAcceptEachOthersTokens() {
    java.security.KeyPair k1 = KeyMaterial.ec();
    java.security.KeyPair k2 = KeyMaterial.ec();
    TestWebapp step1 =
        webapp("kid-step1")
            .param("jwt-auth.algorithm", "ES256")
            .param(
                "jwt-auth.signing-key",
                KeyMaterial.fileRef(dir, "kid-k1.pem", KeyMaterial.signingPem(k1)))
            .param(
                "jwt-auth.public-keys",
                KeyMaterial.fileRef(dir, "kid-k2.pub", KeyMaterial.publicPem(k2.getPublic())));
    TestWebapp step2 =
        webapp("kid-step2")
            .param("jwt-auth.algorithm", "ES256")
            .param(
                "jwt-auth.signing-key",
                KeyMaterial.fileRef(dir, "kid-k2.pem", KeyMaterial.signingPem(k2)))
            .param(
                "jwt-auth.public-keys",
                KeyMaterial.fileRef(dir, "kid-k1.pub", KeyMaterial.publicPem(k1.getPublic())));
    Deployment d1 = JettyBesideTomcat.deploy(jetty, step1).requireStarted();
    Deployment d2 = tomcat.deploy(step2).requireStarted();
    try {
      Api x = new Api(d1);
      Api y = new Api(d2);
      KeyPair kp = x.createKeyPair("alice", "key-id rotation");
      Tokens fromX = x.tokens(kp);
      Tokens fromY = y.tokens(kp);
      assertNotEquals(
          Jwts.header(fromX.access()).getString("kid"),
          Jwts.header(fromY.access()).getString("kid"));
      Http.Res onY = y.me(fromX.access());
      Http.Res onX = x.me(fromY.access());
      assertAll(
          () -> Expect.me(onY, "alice", "Bearer", false),
          () -> Expect.me(onX, "alice", "Bearer", false));
    } finally {
      JettyBesideTomcat.undeploy(jetty, d1);
      tomcat.undeploy(d2);
    }
  }

  /**
   * One round of traffic: a token exchange on one node, its access token used on the other, its
   * refresh token spent on the other, the access token from that used back on the first, and the
   * token held since before the rotation used somewhere. Expected: 200 when the serving node
   * verifies the token's kid, else 401/403 rest_authentication_token_error.
   */
  static void trafficRound(List<Node> nodes, int i, KeyPair kp, Tokens initial, List<Check> out) {
    Node first = nodes.get(i % 2);
    Node second = nodes.get((i + 1) % 2);
    String[] issued = new String[2];
    on(
        first,
        second,
        n -> {
          Http.Res r = n.api.token(kp.apiKey(), kp.apiSecret());
          String kid =
              r.status() == 200
                  ? Jwts.header(r.json().getString("access_token")).getString("kid")
                  : "?";
          out.add(new Check("exchange", n.name, n.signingKid, kid, 200, r.status(), r.body()));
          if (r.status() == 200) {
            issued[0] = r.json().getString("access_token");
            issued[1] = r.json().getString("refresh_token");
            // not an HTTP status: 200 when the token carries the kid of the node's active key
            out.add(
                new Check(
                    "signed-with-active-key",
                    n.name,
                    n.signingKid,
                    kid,
                    200,
                    kid.equals(n.signingKid) ? 200 : -1,
                    "token kid " + kid));
          }
        });
    if (issued[0] == null) {
      return;
    }
    String[] refreshed = new String[1];
    on(second, first, n -> use(n, "access", issued[0], out));
    on(
        second,
        first,
        n -> {
          String kid = Jwts.header(issued[1]).getString("kid");
          Http.Res r = n.api.refresh(issued[1]);
          boolean known = n.kids.contains(kid);
          out.add(
              new Check(
                  "refresh", n.name, n.signingKid, kid, known ? 200 : 403, r.status(), r.body()));
          if (r.status() == 200) {
            refreshed[0] = r.json().getString("access_token");
          } else if (!known) {
            endpointError(r, 403, TOKEN_ERROR);
          }
        });
    if (refreshed[0] != null) {
      on(first, second, n -> use(n, "refreshed access", refreshed[0], out));
    }
    on(
        i % 4 < 2 ? first : second,
        first,
        n -> use(n, "held since before rotation", initial.access(), out));
  }

  static void use(Node n, String what, String access, List<Check> out) {
    String kid = Jwts.header(access).getString("kid");
    Http.Res r = n.api.me(access);
    boolean known = n.kids.contains(kid);
    out.add(new Check(what, n.name, n.signingKid, kid, known ? 200 : 401, r.status(), r.body()));
    if (!known && r.status() == 401) {
      invalidToken(r, TOKEN_ERROR);
    }
  }

  /** Runs op on the preferred node if it is in rotation, else on the fallback; else skips. */
  static void on(Node preferred, Node fallback, java.util.function.Consumer<Node> op) {
    for (Node n : List.of(preferred, fallback)) {
      if (n.enter()) {
        try {
          op.accept(n);
        } finally {
          n.exit();
        }
        return;
      }
    }
  }

  // ------------------------------------------------------------------ start-up failures

  Stream<Arguments> badKeys() {
    java.security.KeyPair rsa1024 = KeyMaterial.rsa(1024);
    java.security.KeyPair ec = KeyMaterial.ec();
    java.security.KeyPair p384 = KeyMaterial.ec("secp384r1");
    java.security.KeyPair rsa = KeyMaterial.rsa(2048);
    List<Object[]> cases = new ArrayList<>();
    cases.add(
        new Object[] {
          "RSA 1024-bit key for RS256",
          "jwt-auth.signing-key",
          "2048",
          Map.of(
              "jwt-auth.algorithm",
              "RS256",
              "jwt-auth.signing-key",
              KeyMaterial.fileRef(dir, "rsa1024.pem", KeyMaterial.privatePem(rsa1024.getPrivate())))
        });
    cases.add(
        new Object[] {
          "EC key for RS256",
          "jwt-auth.signing-key",
          "RSA",
          Map.of(
              "jwt-auth.algorithm",
              "RS256",
              "jwt-auth.signing-key",
              KeyMaterial.fileRef(dir, "ec-for-rs.pem", KeyMaterial.signingPem(ec)))
        });
    cases.add(
        new Object[] {
          "RSA key for ES256",
          "jwt-auth.signing-key",
          "EC",
          Map.of(
              "jwt-auth.algorithm",
              "ES256",
              "jwt-auth.signing-key",
              KeyMaterial.fileRef(dir, "rsa-for-es.pem", KeyMaterial.signingPem(rsa)))
        });
    cases.add(
        new Object[] {
          "missing private key",
          "jwt-auth.signing-key",
          "PRIVATE KEY",
          Map.of(
              "jwt-auth.algorithm",
              "ES256",
              "jwt-auth.signing-key",
              KeyMaterial.fileRef(dir, "public-only.pem", KeyMaterial.publicPem(ec.getPublic())))
        });
    cases.add(
        new Object[] {
          "EC signing key without its public key",
          "jwt-auth.signing-key",
          "PUBLIC KEY",
          Map.of(
              "jwt-auth.algorithm",
              "ES256",
              "jwt-auth.signing-key",
              KeyMaterial.fileRef(
                  dir, "ec-private-only.pem", KeyMaterial.privatePem(ec.getPrivate())))
        });
    cases.add(
        new Object[] {
          "EC P-384 key for ES256",
          "jwt-auth.signing-key",
          "P-256",
          Map.of(
              "jwt-auth.algorithm",
              "ES256",
              "jwt-auth.signing-key",
              KeyMaterial.fileRef(dir, "p384.pem", KeyMaterial.signingPem(p384)))
        });
    cases.add(
        new Object[] {
          "keystore with wrong password",
          "jwt-auth.keystore",
          "keystore",
          Map.of(
              "jwt-auth.algorithm",
              "ES256",
              "jwt-auth.keystore",
              keystore.toString(),
              "jwt-auth.keystore-password",
              "wrong-password",
              "jwt-auth.signing-key-alias",
              "k1")
        });
    List<Arguments> out = new ArrayList<>();
    for (Container.Kind kind : Container.Kind.values()) {
      for (Object[] c : cases) {
        out.add(Arguments.of(kind, c[0], c[1], c[2], c[3]));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("badKeys")
  void whenKeyConfigurationIsBadThenTheWebappDoesNotStartAndTheFailureNamesTheParameter(
      Container.Kind kind,
      String label,
      String parameter,
      String detail,
      Map<String, String> params) {
    Container container = kind == Container.Kind.JETTY ? jetty : tomcat;
    Deployment d = JettyBesideTomcat.deploy(container, webapp("bad-key").params(params));
    try {
      assertTrue(d.failed(), () -> label + ": the webapp started: " + d);
      assertTrue(
          d.failure().contains(parameter),
          () -> label + ": the failure does not name " + parameter + ":\n" + d.failure());
      assertTrue(
          d.failure().contains(detail),
          () -> label + ": the failure does not say '" + detail + "':\n" + d.failure());
      Http.Res r = Http.to(d.api(), "/keys").get();
      assertNotEquals(200, r.status(), () -> "a failed webapp answered: " + r);
    } finally {
      JettyBesideTomcat.undeploy(container, d);
    }
  }
}
