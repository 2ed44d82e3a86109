package io.github.jwtauth.it.attack;

import static io.github.jwtauth.testsupport.Expect.endpointError;
import static io.github.jwtauth.testsupport.Expect.invalidToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.github.jwtauth.testsupport.Api;
import io.github.jwtauth.testsupport.Api.KeyPair;
import io.github.jwtauth.testsupport.Api.Tokens;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;
import io.github.jwtauth.testsupport.Deployment;
import io.github.jwtauth.testsupport.Expect;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.Json;
import io.github.jwtauth.testsupport.Jwts;
import io.github.jwtauth.testsupport.RawHttp;
import io.github.jwtauth.testsupport.TestWebapp;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mindrot.jbcrypt.BCrypt;

/**
 * Every attack of SEED-API.md ("Attacks every build must reject"), over HTTP against Jetty 12 and
 * Tomcat 11. Three deployments are attacked, each with its own H2 database and a reference key-pair
 * and access token of {@code admin}: HS256 (the default), RS256 and ES256 (keys made here, so a
 * test can sign genuine tokens and prove its forgeries are sound). After every test the key-pair
 * rows of each are unchanged and each reference token still works. Brute force runs on a deployment
 * with small failure limits; the refresh race on PostgreSQL.
 *
 * <p>Forged tokens are made by hand (base64url JSON, {@link javax.crypto.Mac}) or with java-jwt, so
 * any header, payload and signature can be sent. Each is otherwise genuine — the reference user's
 * claims with fresh times — so only the attacked property can make the server refuse it.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Container.Kind.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttackSuiteIT {
  static final String SECRET = "attack-suite-hs256-secret-7Qm2Xv9Lp4Rt8Wz1Kd";
  static final String TOKEN_ERROR = "rest_authentication_token_error";
  static final String INVALID_KEY_PAIR = "rest_authentication_invalid_api_key_secret";
  static final String INVALID_TYPE = "rest_authentication_invalid_token_type";
  static final String REUSED = "rest_authentication_refresh_token_reused";
  static final String TOO_MANY = "rest_authentication_too_many_attempts";

  /** Failure limits of the brute-force deployment. */
  static final int PER_KEY = 3;

  static final int PER_ADDRESS = 6;

  /**
   * max-token-size of the HS256 deployment: small, so the library's own limit is reachable under
   * the containers' 8 KiB.
   */
  static final int MAX_TOKEN = 4096;

  static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  @Parameter Container.Kind kind;

  Container container;
  Target hs;
  Target rs;
  Target es;
  Databases.Db bruteDb;
  Api brute;

  /** Attackers' own keys. */
  java.security.KeyPair attackerRsa;

  java.security.KeyPair attackerEc;

  @BeforeParameterizedClassInvocation
  void start() throws GeneralSecurityException {
    container = kind.start();
    attackerRsa = rsa(2048);
    attackerEc = ec();
    hs = Target.hmac(container, "attack-hs256", SECRET);
    rs = Target.asymmetric(container, "attack-rs256", "RS256", rsa(2048));
    es = Target.asymmetric(container, "attack-es256", "ES256", ec());
    bruteDb = Databases.h2("attack-brute");
    brute =
        new Api(
            container
                .deploy(
                    TestWebapp.named("attack-brute")
                        .param("jwt-auth.secret", SECRET)
                        .param("jwt-auth.schema-create", "true")
                        .params(bruteDb.jdbcParams())
                        .param("jwt-auth.max-failures-per-key", String.valueOf(PER_KEY))
                        .param("jwt-auth.max-failures-per-address", String.valueOf(PER_ADDRESS))
                        .param("jwt-auth.trusted-proxies", "127.0.0.1"))
                .requireStarted());
  }

  @AfterParameterizedClassInvocation
  void stop() {
    try {
      if (container != null) {
        container.close();
      }
    } finally {
      for (AutoCloseable c : new AutoCloseable[] {hs, rs, es, bruteDb}) {
        try {
          if (c != null) {
            c.close();
          }
        } catch (Exception e) {
          System.err.println("cleanup: " + e);
        }
      }
    }
  }

  /**
   * "No state changed": the key-pair rows are as they were and every reference token still works.
   */
  @AfterEach
  void nothingChanged() {
    for (Target t : List.of(hs, rs, es)) {
      assertEquals(
          t.rows,
          t.db.queryLong("SELECT COUNT(*) FROM jwt_auth_key_pair WHERE revoked_at IS NULL"),
          t.alg + " live key-pair rows");
      assertEquals(
          t.rows,
          t.db.queryLong("SELECT COUNT(*) FROM jwt_auth_key_pair"),
          t.alg + " key-pair rows");
      Expect.me(t.api.me(t.tokens.access()), "admin", "Bearer", true);
    }
  }

  // ================================================================== controls

  @ParameterizedTest
  @ValueSource(strings = {"HS256", "RS256", "ES256"})
  void whenGenuineClaimsAreSignedWithTheDeploymentKeyThenAcceptedAsControl(String alg) {
    Target t = target(alg);
    Expect.me(t.api.me(t.sign(t.header(), t.claims(b -> b))), "admin", "Bearer", true);
    long now = Instant.now().getEpochSecond();
    Map<String, Object> user = new LinkedHashMap<>(t.user());
    String viaJavaJwt =
        JWT.create()
            .withKeyId(t.kid())
            .withHeader(Map.of("typ", "at+jwt"))
            .withIssuer("jwt-auth")
            .withIssuedAt(Instant.ofEpochSecond(now))
            .withNotBefore(Instant.ofEpochSecond(now))
            .withExpiresAt(Instant.ofEpochSecond(now + 600))
            .withJWTId(UUID.randomUUID().toString())
            .withSubject("admin")
            .withClaim("data", Map.of("user", user))
            .sign(t.own);
    Expect.me(t.api.me(viaJavaJwt), "admin", "Bearer", true);
  }

  @ParameterizedTest
  @ValueSource(strings = {"HS256", "RS256", "ES256"})
  void whenTimesAreWithinTheLeewayThenAcceptedAsControl(String alg) {
    Target t = target(alg);
    long now = Instant.now().getEpochSecond();
    Expect.me(
        t.api.me(t.sign(t.header(), t.claims(b -> b.add("nbf", now + 10).add("iat", now + 10)))),
        "admin",
        "Bearer",
        true);
    Expect.me(
        t.api.me(
            t.sign(
                t.header(),
                t.claims(b -> b.add("iat", now - 100).add("nbf", now - 100).add("exp", now - 10)))),
        "admin",
        "Bearer",
        true);
  }

  // ================================================================== algorithm attacks

  @ParameterizedTest(name = "{0} alg={1}")
  @CsvSource({
    "HS256,none",
    "HS256,None",
    "HS256,NONE",
    "HS256,nOnE",
    "RS256,none",
    "RS256,NONE",
    "ES256,None",
    "ES256,nOnE"
  })
  void whenAlgIsNoneInAnyCaseSpellingThen401TokenError(String alg, String none) {
    Target t = target(alg);
    String payload = t.claims(b -> b).toString();
    String genuine = t.signText(t.header().toString(), payload);
    String genuineSignature = genuine.substring(genuine.lastIndexOf('.') + 1);
    for (JsonObject header :
        List.of(
            with(t.header(), b -> b.add("alg", none)),
            with(t.header(), b -> b.add("alg", none).remove("kid")),
            Json.object("{\"alg\":\"" + none + "\"}"))) {
      String unsigned = b64(header.toString()) + "." + b64(payload);
      refused(t, unsigned + ".", TOKEN_ERROR);
      refused(t, unsigned + "." + genuineSignature, TOKEN_ERROR);
    }
    if (none.equals("none")) {
      String viaJavaJwt =
          JWT.create()
              .withHeader(Map.of("typ", "at+jwt"))
              .withIssuer("jwt-auth")
              .withExpiresAt(Instant.now().plusSeconds(600))
              .withJWTId(UUID.randomUUID().toString())
              .withClaim("data", Map.of("user", new LinkedHashMap<>(t.user())))
              .sign(Algorithm.none());
      refused(t, viaJavaJwt, TOKEN_ERROR);
    }
  }

  /**
   * Algorithm confusion: an HS256 token whose HMAC key is the deployment's public key, taken from
   * {@code /keys} as an attacker would, in every encoding a confused verifier might use. The HS256
   * deployment has no public key, so there the attacker uses keys of its own.
   */
  @ParameterizedTest
  @ValueSource(strings = {"RS256", "ES256", "HS256"})
  void whenHs256IsSignedWithAPublicKeyThen401TokenError(String alg)
      throws GeneralSecurityException {
    Target t = target(alg);
    Http.Res keys = t.api.api("/keys").get();
    assertEquals(200, keys.status(), keys::toString);
    List<PublicKey> publicKeys = new ArrayList<>();
    List<String> jwkTexts = new ArrayList<>();
    for (JsonValue k : keys.json().getJsonArray("keys")) {
      publicKeys.add(fromJwk(k.asJsonObject()));
      jwkTexts.add(k.toString());
    }
    if (t.publicKey != null) {
      assertEquals(1, publicKeys.size(), keys::toString);
      assertTrue(
          java.util.Arrays.equals(t.publicKey.getEncoded(), publicKeys.get(0).getEncoded()),
          "/keys publishes the deployment's key");
    } else {
      assertEquals(List.of(), publicKeys, "HMAC deployments publish no key");
      publicKeys.add(attackerRsa.getPublic());
      publicKeys.add(attackerEc.getPublic());
    }
    List<byte[]> hmacKeys = new ArrayList<>();
    for (PublicKey p : publicKeys) {
      hmacKeys.add(p.getEncoded());
      hmacKeys.add(pem(p).getBytes(StandardCharsets.US_ASCII));
      hmacKeys.add(pem(p).strip().getBytes(StandardCharsets.US_ASCII));
      hmacKeys.add(pem(p).replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII));
      hmacKeys.add(
          p instanceof RSAPublicKey r ? unsigned(r.getModulus()) : ecPoint((ECPublicKey) p));
    }
    jwkTexts.forEach(j -> hmacKeys.add(j.getBytes(StandardCharsets.UTF_8)));
    hmacKeys.add(keys.body().getBytes(StandardCharsets.UTF_8));
    String payload = t.claims(b -> b).toString();
    for (byte[] key : hmacKeys) {
      for (JsonObject header :
          List.of(
              with(t.header(), b -> b.add("alg", "HS256")),
              with(t.header(), b -> b.add("alg", "HS256").remove("kid")))) {
        refused(t, hmac("HmacSHA256", key, header.toString(), payload), TOKEN_ERROR);
      }
    }
  }

  /** The attacker signs with a key of its own, of the deployment's own algorithm: refused. */
  @ParameterizedTest
  @ValueSource(strings = {"RS256", "ES256", "HS256"})
  void whenTokenIsSignedWithTheAttackersOwnKeyThen401TokenError(String alg) {
    Target t = target(alg);
    String payload = t.claims(b -> b).toString();
    refused(t, jws(attackerAlgorithm(alg), t.header().toString(), payload), TOKEN_ERROR);
    refused(
        t,
        jws(attackerAlgorithm(alg), with(t.header(), b -> b.remove("kid")).toString(), payload),
        TOKEN_ERROR);
  }

  /** CVE-2022-21449 ("psychic signatures"): r = s = 0, and signatures of every wrong length. */
  @ParameterizedTest
  @ValueSource(strings = {"ES256", "HS256", "RS256"})
  void whenEs256SignatureIsZerosOrHasTheWrongLengthThen401TokenError(String alg)
      throws GeneralSecurityException {
    Target t = target(alg);
    BigInteger n =
        ((ECPublicKey) (t.publicKey instanceof ECPublicKey ? t.publicKey : attackerEc.getPublic()))
            .getParams()
            .getOrder();
    byte[] nBytes = fixed(n, 32);
    List<byte[]> signatures =
        List.of(
            new byte[64],
            new byte[0],
            new byte[1],
            new byte[32],
            new byte[63],
            new byte[65],
            new byte[96],
            new byte[132],
            concat(new byte[32], fixed(BigInteger.ONE, 32)),
            concat(fixed(BigInteger.ONE, 32), new byte[32]),
            concat(nBytes, nBytes),
            concat(nBytes, new byte[32]),
            HEX.parseHex("3006020100020100"), // DER r = 0, s = 0
            concat(
                concat(HEX.parseHex("30440220"), new byte[32]),
                concat(HEX.parseHex("0220"), new byte[32])));
    String payload = t.claims(b -> b).toString();
    for (JsonObject header :
        List.of(
            with(t.header(), b -> b.add("alg", "ES256")),
            with(t.header(), b -> b.add("alg", "ES256").remove("kid")))) {
      String input = b64(header.toString()) + "." + b64(payload);
      for (byte[] sig : signatures) {
        refused(t, input + "." + B64.encodeToString(sig), TOKEN_ERROR);
      }
    }
  }

  // ================================================================== header attacks

  static final String KID_MARKER = "KID_MARKER";

  static Stream<Arguments> kidAttacks() {
    List<String> kids =
        List.of(
            "../../../../../../../../dev/null",
            "/dev/null",
            "....//....//....//etc/passwd",
            "..\\..\\..\\windows\\win.ini",
            "file:///dev/null",
            "' OR '1'='1",
            "x' UNION SELECT 'attacker-key' --",
            "1; DROP TABLE jwt_auth_key_pair; --",
            "$(touch " + KID_MARKER + ")",
            "`touch " + KID_MARKER + "`",
            "; touch " + KID_MARKER,
            "| touch " + KID_MARKER,
            "&& touch " + KID_MARKER,
            "%00",
            "\u0000",
            "",
            "k".repeat(2000));
    List<Arguments> out = new ArrayList<>();
    for (String alg : List.of("HS256", "RS256")) {
      kids.forEach(k -> out.add(Arguments.of(alg, k)));
    }
    return out.stream();
  }

  /**
   * {@code kid} with path traversal, SQL and shell metacharacters, signed with the keys such a
   * lookup could be tricked into: the empty key ({@code /dev/null}; HMAC pads keys with zeros, so
   * one zero byte is the same key), the SQL-injected literal, the kid text itself, the contents of
   * {@code /etc/passwd}, and the attacker's own key. A shell injection would create a marker file;
   * it must not exist.
   */
  @ParameterizedTest(name = "{0} kid={1}")
  @MethodSource("kidAttacks")
  void whenKidCarriesPathTraversalSqlOrShellMetacharactersThen401TokenError(
      String alg, String kidTemplate) throws IOException {
    Target t = target(alg);
    Path marker = TestWebapp.targetDir().resolve("kid-marker-" + UUID.randomUUID());
    String kid = kidTemplate.replace(KID_MARKER, marker.toString());
    JsonObject header = with(t.header(), b -> b.add("kid", kid));
    String payload = t.claims(b -> b).toString();
    List<byte[]> keys =
        new ArrayList<>(
            List.of(
                new byte[1],
                "attacker-key".getBytes(StandardCharsets.UTF_8),
                (kid.isEmpty() ? "x" : kid).getBytes(StandardCharsets.UTF_8)));
    Path passwd = Path.of("/etc/passwd");
    if (Files.isReadable(passwd)) {
      keys.add(Files.readAllBytes(passwd));
    }
    for (byte[] key : keys) {
      refused(
          t,
          hmac("HmacSHA256", key, with(header, b -> b.add("alg", "HS256")).toString(), payload),
          TOKEN_ERROR);
    }
    refused(t, jws(attackerAlgorithm(alg), header.toString(), payload), TOKEN_ERROR);
    assertFalse(Files.exists(marker), "a shell ran the kid: " + marker);
  }

  /**
   * {@code jku} and {@code x5u} pointing at a server of the attacker's, on a local socket that
   * serves the attacker's JWKS: refused, and the socket is never connected to.
   */
  @ParameterizedTest
  @ValueSource(strings = {"RS256", "ES256", "HS256"})
  void whenJkuOrX5uPointsToAnAttackerServerThen401AndNoConnectionIsMade(String alg)
      throws Exception {
    Target t = target(alg);
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String jwks = "{\"keys\":[" + attackerJwk(alg, "attacker-kid") + "]}";
      Thread acceptor =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try (Socket s = server.accept()) {
                    connections.incrementAndGet();
                    OutputStream out = s.getOutputStream();
                    byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
                    out.write(
                        ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                + body.length
                                + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                  } catch (IOException e) {
                    // closed
                  }
                }
              },
              "attacker-jwks");
      acceptor.setDaemon(true);
      acceptor.start();
      String base = "http://127.0.0.1:" + server.getLocalPort();
      String payload = t.claims(b -> b).toString();
      for (String member : List.of("jku", "x5u")) {
        String url = base + (member.equals("jku") ? "/jwks.json" : "/cert.pem");
        for (UnaryOperator<JsonObjectBuilder> kid :
            List.<UnaryOperator<JsonObjectBuilder>>of(
                b -> b.add("kid", "attacker-kid"), b -> b, b -> b.remove("kid"))) {
          JsonObject header = with(t.header(), b -> kid.apply(b.add(member, url)));
          refused(t, jws(attackerAlgorithm(alg), header.toString(), payload), TOKEN_ERROR);
        }
      }
      Thread.sleep(300); // room for an asynchronous fetch to show up
      assertEquals(0, connections.get(), "the server fetched the attacker's URL");
    }
  }

  /** An embedded {@code jwk} header carrying the attacker's key, which signed the token. */
  @ParameterizedTest
  @ValueSource(strings = {"RS256", "ES256", "HS256"})
  void whenEmbeddedJwkCarriesTheAttackersKeyThen401TokenError(String alg) {
    Target t = target(alg);
    JsonObject jwk = Json.object(attackerJwk(alg, "attacker-kid"));
    String payload = t.claims(b -> b).toString();
    for (UnaryOperator<JsonObjectBuilder> kid :
        List.<UnaryOperator<JsonObjectBuilder>>of(
            b -> b, b -> b.add("kid", "attacker-kid"), b -> b.remove("kid"))) {
      JsonObject header = with(t.header(), b -> kid.apply(b.add("jwk", jwk)));
      refused(t, jws(attackerAlgorithm(alg), header.toString(), payload), TOKEN_ERROR);
    }
    // a symmetric jwk on an asymmetric deployment (and vice versa): still the attacker's key
    JsonObject oct =
        Json.object("{\"kty\":\"oct\",\"k\":\"" + B64.encodeToString(ATTACKER_SECRET) + "\"}");
    JsonObject header = with(t.header(), b -> b.add("alg", "HS256").add("jwk", oct));
    refused(t, hmac("HmacSHA256", ATTACKER_SECRET, header.toString(), payload), TOKEN_ERROR);
  }

  @ParameterizedTest(name = "crit={0}")
  @ValueSource(strings = {"[\"x-unknown\"]", "[\"exp\"]", "[]", "\"x-unknown\"", "[\"b64\"]"})
  void whenCritHeaderIsNotUnderstoodThen401TokenError(String crit) {
    JsonObject header =
        with(
            hs.header(),
            b -> b.add("crit", Json.parse(crit)).add("x-unknown", true).add("b64", false));
    refused(hs, hs.sign(header, hs.claims(b -> b)), TOKEN_ERROR);
  }

  // ================================================================== claims

  @Test
  void whenTokenExpiredBeyondTheLeewayThen401TokenExpired() {
    long now = Instant.now().getEpochSecond();
    for (long exp : new long[] {now - 3600, now - 120, now - 31 - 5}) {
      refused(
          hs,
          hs.sign(
              hs.header(),
              hs.claims(b -> b.add("iat", exp - 600).add("nbf", exp - 600).add("exp", exp))),
          "rest_authentication_token_expired");
    }
    refused(
        rs,
        rs.sign(
            rs.header(),
            rs.claims(b -> b.add("iat", now - 7200).add("nbf", now - 7200).add("exp", now - 3600))),
        "rest_authentication_token_expired");
  }

  @Test
  void whenTokenIsNotYetValidBeyondTheLeewayThen401TokenError() {
    long now = Instant.now().getEpochSecond();
    refused(
        hs,
        hs.sign(hs.header(), hs.claims(b -> b.add("nbf", now + 3600).add("exp", now + 7200))),
        TOKEN_ERROR);
    refused(hs, hs.sign(hs.header(), hs.claims(b -> b.add("nbf", now + 120))), TOKEN_ERROR);
    refused(
        hs,
        hs.sign(hs.header(), hs.claims(b -> b.add("iat", now + 3600).add("exp", now + 7200))),
        TOKEN_ERROR);
    refused(
        es,
        es.sign(es.header(), es.claims(b -> b.add("nbf", now + 3600).add("exp", now + 7200))),
        TOKEN_ERROR);
  }

  @Test
  void whenTokenHasNoExpThen401MissingTokenExpiration() {
    refused(
        hs,
        hs.sign(hs.header(), hs.claims(b -> b.remove("exp"))),
        "rest_authentication_missing_token_expiration");
    refused(
        rs,
        rs.sign(rs.header(), rs.claims(b -> b.remove("exp"))),
        "rest_authentication_missing_token_expiration");
    refused(
        hs,
        hs.sign(hs.header(), hs.claims(b -> b.addNull("exp"))),
        "rest_authentication_missing_token_expiration");
  }

  /** A genuine header and claims, to be changed into a forgery. */
  record Forged(JsonObject header, JsonObject claims) {}

  /** Changes a genuine header and claims. */
  interface Mutation extends UnaryOperator<Forged> {}

  static Mutation claim(String name, JsonValue value) {
    return f -> new Forged(f.header(), with(f.claims(), b -> b.add(name, value)));
  }

  static Mutation headerMember(String name, JsonValue value) {
    return f -> new Forged(with(f.header(), b -> b.add(name, value)), f.claims());
  }

  static Mutation userClaim(String name, JsonValue value) {
    return f -> new Forged(f.header(), withUser(f.claims(), u -> u.add(name, value)));
  }

  static JsonObject withUser(JsonObject claims, UnaryOperator<JsonObjectBuilder> change) {
    JsonObject data = claims.getJsonObject("data");
    JsonObject user = with(data.getJsonObject("user"), change);
    return with(claims, b -> b.add("data", with(data, d -> d.add("user", user))));
  }

  static JsonValue str(String s) {
    return jakarta.json.Json.createValue(s);
  }

  static JsonValue num(long n) {
    return jakarta.json.Json.createValue(n);
  }

  static JsonValue array(JsonValue... items) {
    var b = jakarta.json.Json.createArrayBuilder();
    for (JsonValue v : items) {
      b.add(v);
    }
    return b.build();
  }

  static Stream<Arguments> wrongTypes() {
    JsonValue emptyObject = JsonValue.EMPTY_JSON_OBJECT;
    return Stream.of(
        Arguments.of(
            "exp as string",
            claim("exp", str(String.valueOf(Instant.now().getEpochSecond() + 600))),
            TOKEN_ERROR),
        Arguments.of("exp as boolean", claim("exp", JsonValue.TRUE), TOKEN_ERROR),
        Arguments.of("exp as object", claim("exp", emptyObject), TOKEN_ERROR),
        Arguments.of("nbf as string", claim("nbf", str("0")), TOKEN_ERROR),
        Arguments.of("iat as string", claim("iat", str("0")), TOKEN_ERROR),
        Arguments.of(
            "iss as number", claim("iss", num(42)), "rest_authentication_invalid_token_issuer"),
        Arguments.of(
            "iss as array",
            claim("iss", array(str("jwt-auth"))),
            "rest_authentication_invalid_token_issuer"),
        Arguments.of("jti as number", claim("jti", num(42)), TOKEN_ERROR),
        Arguments.of("jti as object", claim("jti", emptyObject), TOKEN_ERROR),
        Arguments.of("sub as object", claim("sub", emptyObject), TOKEN_ERROR),
        Arguments.of(
            "data as array",
            (Mutation)
                f ->
                    new Forged(
                        f.header(),
                        with(f.claims(), b -> b.add("data", array(f.claims().get("data"))))),
            TOKEN_ERROR),
        Arguments.of("data as string", claim("data", str("admin")), TOKEN_ERROR),
        Arguments.of(
            "data.user as array",
            (Mutation)
                f ->
                    new Forged(
                        f.header(),
                        with(
                            f.claims(),
                            b ->
                                b.add(
                                    "data",
                                    jakarta.json.Json.createObjectBuilder()
                                        .add(
                                            "user",
                                            array(f.claims().getJsonObject("data").get("user")))
                                        .build()))),
            TOKEN_ERROR),
        Arguments.of("api_key as number", userClaim("api_key", num(42)), TOKEN_ERROR),
        Arguments.of(
            "user_login as array", userClaim("user_login", array(str("admin"))), TOKEN_ERROR),
        Arguments.of("typ as number", headerMember("typ", num(1)), INVALID_TYPE),
        Arguments.of("kid as number", headerMember("kid", num(1)), TOKEN_ERROR),
        Arguments.of("alg as array", headerMember("alg", array(str("HS256"))), TOKEN_ERROR));
  }

  /** Claims and headers of the wrong JSON type, correctly signed: refused, never coerced. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("wrongTypes")
  void whenClaimsHaveTheWrongJsonTypeThen401(String label, Mutation mutation, String code) {
    Forged f = mutation.apply(new Forged(hs.header(), hs.claims(b -> b)));
    refused(hs, hs.sign(f.header(), f.claims()), code);
  }

  /**
   * Duplicate member names in the header or the claims, correctly signed, the genuine value last: a
   * parser keeping the first and one keeping the last would read different tokens, so such a token
   * is refused outright (RFC 7515 §4, RFC 8725 §3.11 on ambiguous parsing).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "header alg",
        "header typ",
        "header kid",
        "claim exp",
        "claim iss",
        "claim data",
        "claim user_login"
      })
  void whenJsonMemberNamesAreDuplicatedThen401TokenError(String where) {
    long now = Instant.now().getEpochSecond();
    String header = hs.header().toString();
    String claims = hs.claims(b -> b).toString();
    switch (where) {
      case "header alg" -> header = "{\"alg\":\"none\"," + header.substring(1);
      case "header typ" -> header = "{\"typ\":\"rt+jwt\"," + header.substring(1);
      case "header kid" -> header = "{\"kid\":\"../../dev/null\"," + header.substring(1);
      case "claim exp" -> claims = "{\"exp\":" + (now - 3600) + "," + claims.substring(1);
      case "claim iss" -> claims = "{\"iss\":\"evil\"," + claims.substring(1);
      case "claim data" ->
          claims = "{\"data\":{\"user\":{\"user_login\":\"alice\"}}," + claims.substring(1);
      case "claim user_login" -> {
        assertTrue(claims.contains("\"user_login\":\"admin\""), claims);
        claims =
            claims.replace(
                "\"user_login\":\"admin\"", "\"user_login\":\"alice\",\"user_login\":\"admin\"");
      }
      default -> fail(where);
    }
    refused(hs, hs.signText(header, claims), TOKEN_ERROR);
  }

  // ================================================================== signature and structure

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"HS256", "RS256", "ES256"})
  void whenSignatureIsStrippedTruncatedOrEmptyThen401TokenError(String alg) {
    Target t = target(alg);
    String genuine = t.sign(t.header(), t.claims(b -> b));
    int dot = genuine.lastIndexOf('.');
    String input = genuine.substring(0, dot);
    String sig = genuine.substring(dot + 1);
    byte[] raw = Base64.getUrlDecoder().decode(sig);
    String other = t.sign(t.header(), t.claims(b -> b.add("jti", "another")));
    List<String> forged =
        List.of(
            input + ".",
            input,
            input + "." + sig.substring(0, sig.length() - 1),
            input + "." + sig.substring(0, sig.length() / 2),
            input + "." + B64.encodeToString(java.util.Arrays.copyOf(raw, 16)),
            input + "." + B64.encodeToString(java.util.Arrays.copyOf(raw, raw.length - 1)),
            input + "." + sig + "AA",
            input + "." + (sig.charAt(0) == 'A' ? 'B' : 'A') + sig.substring(1),
            input + "." + other.substring(other.lastIndexOf('.') + 1),
            input + "." + B64.encodeToString(new byte[raw.length]),
            input + ".=",
            input + ".." + sig);
    for (String token : forged) {
      refused(t, token, TOKEN_ERROR);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "H.P",
        "H.P.S.S",
        "H.P.S.",
        "H.P.S.x",
        "H.P..S",
        ".H.P.S",
        "H.P.S..",
        "H",
        "H.P.S.S.S",
        "H..S",
        "P.S",
        ".."
      })
  void whenTokenHasTwoFourOrAnyOtherNumberOfPartsThen401TokenError(String shape) {
    String genuine = hs.sign(hs.header(), hs.claims(b -> b));
    String[] p = genuine.split("\\.");
    String token = shape.replace("H", p[0]).replace("P", p[1]).replace("S", p[2]);
    refused(hs, token, TOKEN_ERROR);
  }

  // ================================================================== oversized input

  /**
   * Authorization headers of 6 KiB (under the containers' limits, over the deployment's {@code
   * max-token-size}), 8 KiB, 64 KiB and 1 MiB: a quick 400, 401 or 431 from the container or the
   * library, never a 500 or a hang, and the server answers normally afterwards.
   */
  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {6 * 1024, 8 * 1024, 64 * 1024, 1024 * 1024})
  void whenAuthorizationHeaderIsHugeThenFast4xxAndTheServerStillServes(int size) {
    String value = "Bearer eyJ" + "A".repeat(size - 10);
    assertEquals(size, value.length());
    RawHttp.Answer a =
        RawHttp.get(
            hs.deployment.baseUri(),
            hs.deployment.contextPath() + "/api/me",
            Duration.ofSeconds(10),
            "Authorization: " + value);
    assertTrue(List.of(400, 401, 431).contains(a.status()), () -> "status: " + a);
    assertTrue(a.elapsed().compareTo(Duration.ofSeconds(5)) < 0, () -> "slow: " + a);
    if (a.status() == 401) {
      assertEquals(TOKEN_ERROR, Json.object(a.body()).getString("code"), a::toString);
    }
    if (size == 6 * 1024) {
      assertEquals(401, a.status(), () -> "under the container's limit the library answers: " + a);
    }
    Expect.me(hs.api.me(hs.tokens.access()), "admin", "Bearer", true);
  }

  static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  /**
   * Deeply nested JSON in a correctly signed token: 5000 levels (over every size limit) and 1200
   * levels (under {@code max-token-size}, over the JSON parser's depth limit), in the claims and in
   * the header, as Bearer token and as refresh token: a fast 4xx every time.
   */
  @Test
  void whenTokenJsonIsDeeplyNestedThenFast4xx() {
    String deepClaims =
        hs.claims(b -> b).toString().replaceFirst("^\\{", "{\"x\":" + nested(1200) + ",");
    String deepHeader = hs.header().toString().replaceFirst("^\\{", "{\"x\":" + nested(1200) + ",");
    String inClaims = hs.signText(hs.header().toString(), deepClaims);
    String inHeader = hs.signText(deepHeader, hs.claims(b -> b).toString());
    assertTrue(
        inClaims.length() < MAX_TOKEN && inHeader.length() < MAX_TOKEN,
        "1200 levels fit max-token-size");
    String huge =
        hs.signText(
            hs.header().toString(),
            hs.claims(b -> b).toString().replaceFirst("^\\{", "{\"x\":" + nested(5000) + ","));
    for (String token : List.of(inClaims, inHeader)) {
      long t0 = System.nanoTime();
      refused(hs, token, TOKEN_ERROR);
      endpointError(hs.api.refresh(token), 403, TOKEN_ERROR);
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "fast");
    }
    long t0 = System.nanoTime();
    RawHttp.Answer a =
        RawHttp.get(
            hs.deployment.baseUri(),
            hs.deployment.contextPath() + "/api/me",
            Duration.ofSeconds(10),
            "Authorization: Bearer " + huge);
    assertTrue(List.of(400, 401, 431).contains(a.status()), () -> "status: " + a);
    Http.Res r = hs.api.refresh(huge);
    assertTrue(r.status() == 400 || r.status() == 403, r::toString);
    endpointError(
        r, r.status(), r.status() == 400 ? "rest_authentication_invalid_request" : TOKEN_ERROR);
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "fast");
  }

  static final String B64URL_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  /**
   * Spellings of a token's signature that a lenient base64url decoder reads as the same bytes: the
   * last character with each unused low bit set (RFC 4648 §3.5), and {@code =} padding (RFC 4648
   * §5), alone and combined.
   */
  static List<String> otherSignatureSpellings(String token) {
    int dot = token.lastIndexOf('.');
    String signingInput = token.substring(0, dot + 1);
    String sig = token.substring(dot + 1);
    int rest = sig.length() % 4;
    assertTrue(rest == 2 || rest == 3, "the signature has unused bits: " + sig.length());
    String head = sig.substring(0, sig.length() - 1);
    int last = B64URL_ALPHABET.indexOf(sig.charAt(sig.length() - 1));
    String pad = "=".repeat(4 - rest);
    List<String> out = new ArrayList<>();
    out.add(signingInput + sig + pad);
    for (int bit : rest == 2 ? new int[] {1, 8} : new int[] {1, 2}) {
      String alt = head + B64URL_ALPHABET.charAt(last | bit);
      assertTrue(
          java.util.Arrays.equals(
              Base64.getUrlDecoder().decode(sig), Base64.getUrlDecoder().decode(alt)),
          "same bytes: " + alt);
      out.add(signingInput + alt);
      out.add(signingInput + alt + pad);
    }
    return out;
  }

  /**
   * One token, one spelling (RFC 7515 §7.1, RFC 4648 §3.5): the reference access token with its
   * signature spelled otherwise (same bytes) is malformed, so a denylist of token text holds.
   */
  @ParameterizedTest
  @ValueSource(strings = {"HS256", "RS256", "ES256"})
  void whenAccessTokenIsSpelledNonCanonicallyThen401TokenErrorMalformed(String alg) {
    Target t = target(alg);
    String token = t.tokens.access();
    for (String alt : otherSignatureSpellings(token)) {
      JsonObject b = invalidToken(t.api.me(alt), TOKEN_ERROR);
      assertEquals("The token is malformed.", b.getString("message"), alt);
    }
  }

  /**
   * A refresh token spelled otherwise is refused before anything is spent: the genuine one still
   * rotates afterwards (had a variant been accepted, the genuine one would now be reuse).
   */
  @Test
  void whenRefreshTokenIsSpelledNonCanonicallyThen403TokenErrorAndNothingSpent() {
    KeyPair kp = hs.newKeyPair("admin", "spelling");
    Tokens t = hs.api.tokens(kp);
    for (String alt : otherSignatureSpellings(t.refresh())) {
      JsonObject b = endpointError(hs.api.refresh(alt), 403, TOKEN_ERROR);
      assertEquals("The token is malformed.", b.getString("message"), alt);
    }
    assertEquals(200, hs.api.refresh(t.refresh()).status());
  }

  // ================================================================== token types and refresh

  @Test
  void whenRefreshTokenIsUsedAsAccessTokenThen401InvalidTokenType() {
    KeyPair kp = hs.newKeyPair("admin", "types");
    Tokens t = hs.api.tokens(kp);
    invalidToken(hs.api.me(t.refresh()), INVALID_TYPE);
    invalidToken(hs.api.api("/token/validate").bearer(t.refresh()).get(), INVALID_TYPE);
    // nothing was spent: the refresh token still rotates
    assertEquals(200, hs.api.refresh(t.refresh()).status());
  }

  @Test
  void whenAccessTokenIsUsedAsRefreshTokenThen403InvalidTokenType() {
    KeyPair kp = hs.newKeyPair("admin", "types-2");
    Tokens t = hs.api.tokens(kp);
    endpointError(hs.api.refresh(t.access()), 403, INVALID_TYPE);
    endpointError(
        hs.api
            .api("/token")
            .form("grant_type", "refresh_token", "refresh_token", t.access())
            .post(),
        403,
        INVALID_TYPE);
    // a forged hybrid: the refresh claim under the access typ (and vice versa) fits neither
    String hybrid =
        hs.sign(hs.header(), withUser(hs.claims(b -> b), u -> u.add("token_type", "refresh")));
    endpointError(hs.api.refresh(hybrid), 403, INVALID_TYPE);
    invalidToken(hs.api.me(hybrid), INVALID_TYPE);
    Expect.me(hs.api.me(t.access()), "admin", "Bearer", true);
    assertEquals(200, hs.api.refresh(t.refresh()).status());
  }

  @Test
  void whenSpentRefreshTokenIsReusedThen403ReusedAndTheChainsLiveSuccessorIsRefusedToo() {
    KeyPair kp = hs.newKeyPair("admin", "reuse");
    Tokens first = hs.api.tokens(kp);
    Http.Res rotated = hs.api.refresh(first.refresh());
    assertEquals(200, rotated.status(), rotated::toString);
    String successor = rotated.json().getString("refresh_token");
    endpointError(hs.api.refresh(first.refresh()), 403, REUSED);
    endpointError(hs.api.refresh(successor), 403, REUSED);
    endpointError(hs.api.refresh(first.refresh()), 403, REUSED);
    // the key-pair itself still works: a new chain starts
    assertEquals(200, hs.api.refresh(hs.api.tokens(kp).refresh()).status());
  }

  /**
   * Eight refreshes with one token released together, several rounds, against PostgreSQL: exactly
   * one wins; the others are refused as reuse, which revokes the chain, the winner's new refresh
   * token included; and the database holds exactly one successor.
   */
  @Test
  void whenEightConcurrentRefreshesUseOneTokenThenExactlyOneWins() throws Exception {
    try (Databases.Db pg = Databases.postgres("attack-race-" + kind)) {
      Deployment d =
          container
              .deploy(
                  TestWebapp.named("attack-race")
                      .param("jwt-auth.secret", SECRET)
                      .param("jwt-auth.schema-create", "true")
                      .lenientAttemptLimits()
                      .params(pg.jdbcParams()))
              .requireStarted();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        Api api = new Api(d);
        KeyPair kp = api.createKeyPair("bob", "racer");
        for (int round = 1; round <= 4; round++) {
          Tokens t = api.tokens(kp);
          CountDownLatch ready = new CountDownLatch(8);
          CountDownLatch go = new CountDownLatch(1);
          List<Future<Http.Res>> answers = new ArrayList<>();
          for (int i = 0; i < 8; i++) {
            answers.add(
                pool.submit(
                    () -> {
                      ready.countDown();
                      go.await();
                      return api.refresh(t.refresh());
                    }));
          }
          assertTrue(ready.await(10, TimeUnit.SECONDS));
          go.countDown();
          List<Http.Res> won = new ArrayList<>();
          for (Future<Http.Res> f : answers) {
            Http.Res r = f.get(30, TimeUnit.SECONDS);
            if (r.status() == 200) {
              won.add(r);
            } else {
              endpointError(r, 403, REUSED);
            }
          }
          int roundNo = round;
          assertEquals(1, won.size(), () -> "round " + roundNo + ": winners " + won);
          String family = Jwts.payload(t.refresh()).getString("jti");
          assertEquals(
              2,
              pg.queryLong(
                  "SELECT COUNT(*) FROM jwt_auth_refresh_token WHERE family = '" + family + "'"),
              "the spent token and exactly one successor");
          endpointError(api.refresh(won.get(0).json().getString("refresh_token")), 403, REUSED);
        }
      } finally {
        pool.shutdownNow();
        container.undeploy(d);
      }
    }
  }

  // ================================================================== brute force on /token

  static Http.Res tokenFrom(Api api, String address, String apiKey, String apiSecret) {
    return api.api("/token")
        .header("X-Forwarded-For", address)
        .multipart("api_key", apiKey, "api_secret", apiSecret)
        .post();
  }

  /**
   * As {@link #tokenFrom}, with one {@code X-Forwarded-For} header line per entry, in order (as
   * HAProxy's {@code option forwardfor} appends its own line); {@link Http} sends each on its own
   * line.
   */
  static Http.Res tokenFromLines(Api api, List<String> lines, String apiKey, String apiSecret) {
    Http.Req req = api.api("/token");
    for (String line : lines) {
      req.header("X-Forwarded-For", line);
    }
    return req.multipart("api_key", apiKey, "api_secret", apiSecret).post();
  }

  static void assertThrottled(Http.Res r) {
    endpointError(r, 429, TOO_MANY);
    String retryAfter = r.header("Retry-After");
    assertNotNull(retryAfter, () -> "429 without Retry-After: " + r);
    assertTrue(retryAfter.matches("[1-9][0-9]{0,3}"), () -> "Retry-After in seconds: " + r);
  }

  static long median(List<Long> xs) {
    List<Long> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }

  @Test
  void whenOneApiKeyIsHammeredThen429FastBeforeBcryptAndTheOwnersOtherKeyPairStillGetsATokens()
      throws Exception {
    KeyPair hammered = brute.createKeyPair("admin", "hammered");
    KeyPair other = brute.createKeyPair("admin", "other");
    String attacker = "198.51.100.1";
    List<Long> refusedTimes = new ArrayList<>();
    for (int i = 1; i <= PER_KEY; i++) {
      long t0 = System.nanoTime();
      Http.Res r = tokenFrom(brute, attacker, hammered.apiKey(), "wrong-secret-" + i);
      refusedTimes.add(System.nanoTime() - t0);
      endpointError(r, 403, INVALID_KEY_PAIR);
    }
    List<Long> throttledTimes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      Http.Res r = tokenFrom(brute, attacker, hammered.apiKey(), "wrong-again-" + i);
      throttledTimes.add(System.nanoTime() - t0);
      assertThrottled(r);
    }
    // the right secret is not even looked at while the key waits
    assertThrottled(tokenFrom(brute, attacker, hammered.apiKey(), hammered.apiSecret()));
    // 429 comes before bcrypt: much faster than a refusal that ran bcrypt, measured side by side
    long slow = median(refusedTimes);
    long fast = median(throttledTimes);
    assertTrue(
        fast * 4 < slow,
        () -> "429 median " + fast / 1000 + " µs vs 403 median " + slow / 1000 + " µs");
    // no lockout of the owner's other key-pair, neither from the attacker's address nor the owner's
    assertEquals(200, tokenFrom(brute, attacker, other.apiKey(), other.apiSecret()).status());
    assertEquals(200, tokenFrom(brute, "192.0.2.10", other.apiKey(), other.apiSecret()).status());
  }

  @Test
  void whenOneAddressIsNoisyThenItIsThrottledButAnotherAddressIsNot() throws Exception {
    KeyPair victim = brute.createKeyPair("alice", "victim");
    String noisy = "198.51.100.66";
    String quiet = "198.51.100.77";
    for (int i = 1; i <= PER_ADDRESS; i++) {
      endpointError(
          tokenFrom(brute, noisy, "unknown-" + UUID.randomUUID(), "wrong"), 403, INVALID_KEY_PAIR);
    }
    assertThrottled(tokenFrom(brute, noisy, "unknown-" + UUID.randomUUID(), "wrong"));
    assertThrottled(tokenFrom(brute, noisy, victim.apiKey(), victim.apiSecret()));
    // a forged left-most X-Forwarded-For entry does not hide the noisy address (rightmost untrusted
    // hop)
    assertThrottled(tokenFrom(brute, "203.0.113.9, " + noisy, victim.apiKey(), victim.apiSecret()));
    // another address is not locked out, and its own failures are counted afresh
    assertEquals(200, tokenFrom(brute, quiet, victim.apiKey(), victim.apiSecret()).status());
    endpointError(tokenFrom(brute, quiet, victim.apiKey(), "wrong"), 403, INVALID_KEY_PAIR);
    assertEquals(200, tokenFrom(brute, quiet, victim.apiKey(), victim.apiSecret()).status());
  }

  /**
   * A client's own {@code X-Forwarded-For} line stays first when the trusted proxy appends a second
   * line: the lines are one chain, and the address recorded is the proxy's entry.
   */
  @Test
  void whenTheTrustedProxyAppendsAForwardedForLineThenLastIpIsItsEntryNotTheClientsLine() {
    KeyPair kp = brute.createKeyPair("bob", "xff-lines-" + UUID.randomUUID());
    Http.Res r =
        tokenFromLines(brute, List.of("203.0.113.66", "10.0.0.5"), kp.apiKey(), kp.apiSecret());
    assertEquals(200, r.status(), r::toString);
    JsonObject row = null;
    for (JsonValue v : brute.list("bob", null)) {
      if (v.asJsonObject().getString("api_key").equals(kp.apiKey())) {
        row = v.asJsonObject();
      }
    }
    assertNotNull(row, "row listed");
    assertEquals("10.0.0.5", row.getString("last_ip"), row::toString);
  }

  /**
   * Failures sent with {@code X-Forwarded-For} lines {@code VICTIM} then {@code ATTACKER} count
   * against ATTACKER (the rightmost untrusted hop): a client cannot lock another address out by
   * naming it in a first line.
   */
  @Test
  void whenFailuresNameAVictimInAFirstForwardedForLineThenTheyCountAgainstTheSender() {
    String victim = "192.0.2.201";
    String attacker = "198.51.100.201";
    for (int i = 1; i <= PER_ADDRESS; i++) {
      endpointError(
          tokenFromLines(brute, List.of(victim, attacker), "unknown-" + UUID.randomUUID(), "wrong"),
          403,
          INVALID_KEY_PAIR);
    }
    endpointError(
        tokenFrom(brute, victim, "unknown-" + UUID.randomUUID(), "wrong"), 403, INVALID_KEY_PAIR);
    assertThrottled(tokenFrom(brute, attacker, "unknown-" + UUID.randomUUID(), "wrong"));
  }

  /**
   * An identity that reached its limit is told {@code Retry-After: 1}: an attempt 100 to 300 ms
   * later must still be throttled even when a clock second ends in between (a limiter keeping whole
   * seconds let that attempt through; fixed by counting milliseconds).
   */
  @Test
  void whenTheThresholdIsReachedLateInASecondThenAnAttemptWithinRetryAfterIsStillThrottled()
      throws Exception {
    for (int round = 0; round < 4; round++) {
      String address = "198.51.100." + (120 + round);
      String key = "unknown-" + UUID.randomUUID();
      for (int i = 1; i < PER_KEY; i++) {
        endpointError(tokenFrom(brute, address, key, "wrong"), 403, INVALID_KEY_PAIR);
      }
      long ms = System.currentTimeMillis() % 1000;
      Thread.sleep(ms <= 800 ? 800 - ms : 1800 - ms);
      long sentSecond = System.currentTimeMillis() / 1000;
      endpointError(tokenFrom(brute, address, key, "wrong"), 403, INVALID_KEY_PAIR);
      long failedAt = System.currentTimeMillis();
      if (failedAt / 1000 != sentSecond) {
        continue; // the failure may have been recorded in the next second: place it again
      }
      Thread.sleep(1000 - failedAt % 1000 + 50);
      long elapsed = System.currentTimeMillis() - failedAt;
      Http.Res r = tokenFrom(brute, address, key, "wrong");
      assertTrue(elapsed < 1000, "the retry is inside the second the client was told to wait");
      assertEquals(
          429,
          r.status(),
          () ->
              "an attempt "
                  + elapsed
                  + " ms after the failure that reached the limit"
                  + " (a wait of 1 s is due) was judged, not throttled: "
                  + r);
      assertThrottled(r);
      return;
    }
    fail("could not place a failure late in a second in four tries");
  }

  @Test
  void whenSecretIsWrongOrKeyIsUnknownThenTheAnswersAreByteIdentical() {
    List<Http.Res> wrongSecret = new ArrayList<>();
    List<Http.Res> unknownKey = new ArrayList<>();
    List<Http.Res> longUnknownKey = new ArrayList<>();
    List<Long> wrongTimes = new ArrayList<>();
    List<Long> unknownTimes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      wrongSecret.add(hs.api.token(hs.reference.apiKey(), hs.reference.apiSecret() + "x"));
      wrongTimes.add(System.nanoTime() - t0);
      t0 = System.nanoTime();
      unknownKey.add(hs.api.token(randomLike(hs.reference.apiKey()), hs.reference.apiSecret()));
      unknownTimes.add(System.nanoTime() - t0);
      longUnknownKey.add(hs.api.token("k".repeat(200), hs.reference.apiSecret()));
    }
    Http.Res reference = wrongSecret.get(0);
    endpointError(reference, 403, INVALID_KEY_PAIR);
    for (Http.Res r :
        Stream.of(wrongSecret, unknownKey, longUnknownKey).flatMap(List::stream).toList()) {
      assertEquals(reference.status(), r.status(), r::toString);
      assertEquals(reference.body(), r.body(), "byte-identical bodies");
      assertEquals(headersWithoutDate(reference), headersWithoutDate(r), "identical headers");
    }
    // an unknown key costs a bcrypt too (against a dummy hash): no cheap oracle for valid keys
    long wrong = median(wrongTimes);
    long unknown = median(unknownTimes);
    assertTrue(
        unknown * 3 > wrong,
        () -> "unknown key " + unknown / 1000 + " µs vs wrong secret " + wrong / 1000 + " µs");
  }

  static Map<String, List<String>> headersWithoutDate(Http.Res r) {
    Map<String, List<String>> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    r.headers()
        .forEach(
            (k, v) -> {
              if (!k.equalsIgnoreCase("date")) {
                m.put(k, v);
              }
            });
    return m;
  }

  static String randomLike(String apiKey) {
    byte[] b = new byte[Base64.getUrlDecoder().decode(apiKey).length];
    new java.security.SecureRandom().nextBytes(b);
    return B64.encodeToString(b);
  }

  /**
   * CVE-2025-22228: bcrypt reads 72 bytes. The real 43-character secret, a NUL and the secret's
   * first 28 characters are exactly the 72 bytes bcrypt derives from the real secret, so bcrypt
   * alone accepts that text with anything appended (checked below with jBCrypt itself). jwt-auth
   * refuses secrets over 72 bytes, in every encoding.
   */
  @Test
  void whenSecretIsLongerThan72BytesAndItsFirst72BytesAreWhatBcryptSeesOfTheRealSecretThen403() {
    String secret = hs.reference.apiSecret();
    assertEquals(43, secret.length(), "generated secrets are 43 base64url characters");
    String first72 = secret + "\0" + secret.substring(0, 28);
    assertEquals(72, first72.getBytes(StandardCharsets.UTF_8).length);
    String longer = first72 + "-and-anything-after-it";
    assertTrue(
        BCrypt.checkpw(longer, BCrypt.hashpw(secret, BCrypt.gensalt(4))),
        "the premise: plain bcrypt accepts the longer text for the real secret");
    endpointError(hs.api.token(hs.reference.apiKey(), longer), 403, INVALID_KEY_PAIR);
    endpointError(
        hs.api.api("/token").form("api_key", hs.reference.apiKey(), "api_secret", longer).post(),
        403,
        INVALID_KEY_PAIR);
    endpointError(
        hs.api
            .api("/token")
            .json(Json.obj("api_key", hs.reference.apiKey(), "api_secret", longer))
            .post(),
        403,
        INVALID_KEY_PAIR);
    endpointError(
        hs.api
            .api("/token")
            .form(
                "grant_type",
                "client_credentials",
                "client_id",
                hs.reference.apiKey(),
                "client_secret",
                secret + "x".repeat(40))
            .post(),
        403,
        INVALID_KEY_PAIR);
  }

  // ================================================================== configuration

  @ParameterizedTest(name = "{0} secret of {1} bytes")
  @CsvSource({"HS256,31", "HS384,47", "HS512,63", "HS256,0"})
  void whenHmacSecretIsShorterThanTheHashThenTheWebappDoesNotStart(String alg, int bytes) {
    TestWebapp app =
        TestWebapp.named("short-secret")
            .param("jwt-auth.algorithm", alg)
            .params(hs.db.jdbcParams());
    if (bytes > 0) {
      app.param(
          "jwt-auth.secret",
          "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_".substring(0, bytes));
    }
    Deployment d = container.deploy(app);
    try {
      assertTrue(d.failed(), () -> "started with a " + bytes + "-byte " + alg + " secret: " + d);
      assertTrue(
          d.failure().contains("jwt-auth.secret"),
          () -> "failure names the parameter: " + d.failure());
    } finally {
      container.undeploy(d);
    }
  }

  @Test
  void whenHmacSecretIsARepeatedPatternThenTheWebappDoesNotStart() {
    Deployment d =
        container.deploy(
            TestWebapp.named("weak-secret")
                .param("jwt-auth.secret", "ab".repeat(32))
                .params(hs.db.jdbcParams()));
    try {
      assertTrue(d.failed(), "started with a repeated-pattern secret");
      assertTrue(d.failure().contains("jwt-auth.secret"), d::failure);
    } finally {
      container.undeploy(d);
    }
  }

  @Test
  void whenRsaKeyHasFewerThan2048BitsThenTheWebappDoesNotStart() throws GeneralSecurityException {
    Path pem = Target.writePem("weak-rsa", rsa(1024));
    Deployment d =
        container.deploy(
            TestWebapp.named("weak-rsa")
                .param("jwt-auth.algorithm", "RS256")
                .param("jwt-auth.signing-key", "file:" + pem)
                .params(hs.db.jdbcParams()));
    try {
      assertTrue(d.failed(), "started with RSA-1024");
      assertTrue(d.failure().contains("2048"), d::failure);
    } finally {
      container.undeploy(d);
    }
  }

  // ================================================================== helpers

  static final byte[] ATTACKER_SECRET =
      "attacker-chosen-secret-of-enough-length!!".getBytes(StandardCharsets.UTF_8);

  static final java.util.HexFormat HEX = java.util.HexFormat.of();

  Target target(String alg) {
    return switch (alg) {
      case "HS256" -> hs;
      case "RS256" -> rs;
      case "ES256" -> es;
      default -> throw new IllegalArgumentException(alg);
    };
  }

  /**
   * The attacker's own signing algorithm of the given family (its own key, never the deployment's).
   */
  Algorithm attackerAlgorithm(String alg) {
    return switch (alg) {
      case "RS256" ->
          Algorithm.RSA256(
              (RSAPublicKey) attackerRsa.getPublic(), (RSAPrivateKey) attackerRsa.getPrivate());
      case "ES256" ->
          Algorithm.ECDSA256(
              (ECPublicKey) attackerEc.getPublic(), (ECPrivateKey) attackerEc.getPrivate());
      default -> Algorithm.HMAC256(ATTACKER_SECRET);
    };
  }

  String attackerJwk(String alg, String kid) {
    return switch (alg) {
      case "RS256" -> {
        RSAPublicKey p = (RSAPublicKey) attackerRsa.getPublic();
        yield "{\"kty\":\"RSA\",\"kid\":\""
            + kid
            + "\",\"alg\":\"RS256\",\"use\":\"sig\",\"n\":\""
            + B64.encodeToString(unsigned(p.getModulus()))
            + "\",\"e\":\""
            + B64.encodeToString(unsigned(p.getPublicExponent()))
            + "\"}";
      }
      case "ES256" -> {
        ECPublicKey p = (ECPublicKey) attackerEc.getPublic();
        yield "{\"kty\":\"EC\",\"kid\":\""
            + kid
            + "\",\"alg\":\"ES256\",\"use\":\"sig\",\"crv\":\"P-256\",\"x\":\""
            + B64.encodeToString(fixed(p.getW().getAffineX(), 32))
            + "\",\"y\":\""
            + B64.encodeToString(fixed(p.getW().getAffineY(), 32))
            + "\"}";
      }
      default ->
          "{\"kty\":\"oct\",\"kid\":\""
              + kid
              + "\",\"alg\":\"HS256\",\"k\":\""
              + B64.encodeToString(ATTACKER_SECRET)
              + "\"}";
    };
  }

  /** Sends the token as Bearer to the legacy servlet and expects 401 with the given code. */
  static void refused(Target t, String token, String code) {
    invalidToken(t.api.app("/api/me").header("Authorization", "Bearer " + token).get(), code);
  }

  static JsonObject with(JsonObject o, UnaryOperator<JsonObjectBuilder> change) {
    return change.apply(jakarta.json.Json.createObjectBuilder(o)).build();
  }

  static String b64(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** header.payload signed by a java-jwt algorithm. */
  static String jws(Algorithm alg, String headerJson, String payloadJson) {
    String h = b64(headerJson);
    String p = b64(payloadJson);
    return h + "." + p + "." + B64.encodeToString(alg.sign(ascii(h), ascii(p)));
  }

  /** header.payload with an HMAC under any key (the JDK's Mac accepts what java-jwt may not). */
  static String hmac(String javaAlg, byte[] key, String headerJson, String payloadJson) {
    String input = b64(headerJson) + "." + b64(payloadJson);
    try {
      Mac mac = Mac.getInstance(javaAlg);
      mac.init(new SecretKeySpec(key, javaAlg));
      return input + "." + B64.encodeToString(mac.doFinal(ascii(input)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static java.security.KeyPair rsa(int bits) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(bits);
    return g.generateKeyPair();
  }

  static java.security.KeyPair ec() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  static String pem(PublicKey p) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(p.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  static PublicKey fromJwk(JsonObject jwk) throws GeneralSecurityException {
    Base64.Decoder d = Base64.getUrlDecoder();
    if (jwk.getString("kty").equals("RSA")) {
      return KeyFactory.getInstance("RSA")
          .generatePublic(
              new RSAPublicKeySpec(
                  new BigInteger(1, d.decode(jwk.getString("n"))),
                  new BigInteger(1, d.decode(jwk.getString("e")))));
    }
    java.security.AlgorithmParameters params = java.security.AlgorithmParameters.getInstance("EC");
    params.init(new ECGenParameterSpec("secp256r1"));
    ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
    return KeyFactory.getInstance("EC")
        .generatePublic(
            new ECPublicKeySpec(
                new ECPoint(
                    new BigInteger(1, d.decode(jwk.getString("x"))),
                    new BigInteger(1, d.decode(jwk.getString("y")))),
                spec));
  }

  static byte[] unsigned(BigInteger n) {
    byte[] b = n.toByteArray();
    return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }

  static byte[] fixed(BigInteger n, int size) {
    byte[] u = unsigned(n);
    byte[] out = new byte[size];
    System.arraycopy(u, 0, out, size - u.length, u.length);
    return out;
  }

  static byte[] ecPoint(ECPublicKey p) {
    return concat(
        new byte[] {4}, concat(fixed(p.getW().getAffineX(), 32), fixed(p.getW().getAffineY(), 32)));
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /**
   * One deployment under attack: its database, its own key (which the test configured, so it can
   * sign genuine tokens), and admin's reference key-pair and access token.
   */
  static final class Target implements AutoCloseable {
    final String alg;
    final Databases.Db db;
    final Deployment deployment;
    final Api api;
    final Algorithm own;
    final PublicKey publicKey;
    final KeyPair reference;
    final Tokens tokens;

    /** Live key-pair rows expected after each test. */
    long rows;

    private Target(
        String alg, Databases.Db db, Deployment deployment, Algorithm own, PublicKey publicKey) {
      this.alg = alg;
      this.db = db;
      this.deployment = deployment;
      this.api = new Api(deployment);
      this.own = own;
      this.publicKey = publicKey;
      this.reference = api.createKeyPair("admin", "reference");
      this.tokens = api.tokens(reference);
      this.rows = 1;
    }

    static Target hmac(Container container, String name, String secret) {
      Databases.Db db = Databases.h2(name);
      Deployment d =
          container
              .deploy(
                  TestWebapp.named(name)
                      .param("jwt-auth.secret", secret)
                      .param("jwt-auth.schema-create", "true")
                      .param("jwt-auth.max-token-size", String.valueOf(MAX_TOKEN))
                      .lenientAttemptLimits()
                      .params(db.jdbcParams()))
              .requireStarted();
      return new Target(
          "HS256", db, d, Algorithm.HMAC256(secret.getBytes(StandardCharsets.UTF_8)), null);
    }

    static Target asymmetric(
        Container container, String name, String alg, java.security.KeyPair keys) {
      Databases.Db db = Databases.h2(name);
      Path pem = writePem(name, keys);
      Deployment d =
          container
              .deploy(
                  TestWebapp.named(name)
                      .param("jwt-auth.algorithm", alg)
                      .param("jwt-auth.signing-key", "file:" + pem)
                      .param("jwt-auth.schema-create", "true")
                      .lenientAttemptLimits()
                      .params(db.jdbcParams()))
              .requireStarted();
      Algorithm own =
          alg.equals("RS256")
              ? Algorithm.RSA256((RSAPublicKey) keys.getPublic(), (RSAPrivateKey) keys.getPrivate())
              : Algorithm.ECDSA256(
                  (ECPublicKey) keys.getPublic(), (ECPrivateKey) keys.getPrivate());
      return new Target(alg, db, d, own, keys.getPublic());
    }

    static Path writePem(String name, java.security.KeyPair keys) {
      Base64.Encoder mime = Base64.getMimeEncoder(64, new byte[] {'\n'});
      String text =
          "-----BEGIN PRIVATE KEY-----\n"
              + mime.encodeToString(keys.getPrivate().getEncoded())
              + "\n-----END PRIVATE KEY-----\n"
              + pem(keys.getPublic());
      try {
        Path dir = Files.createDirectories(TestWebapp.targetDir().resolve("it-keys"));
        Path file = dir.resolve(name + "-" + System.nanoTime() + ".pem");
        Files.writeString(file, text);
        return file;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** A new key-pair of user, counted in the rows this target must hold. */
    KeyPair newKeyPair(String user, String name) {
      KeyPair kp = api.createKeyPair(user, name);
      rows++;
      return kp;
    }

    /** The header of a genuine access token of this deployment. */
    JsonObject header() {
      return Jwts.header(tokens.access());
    }

    String kid() {
      return header().getString("kid", null);
    }

    /** The reference user's genuine {@code data.user} claim. */
    Map<String, Object> user() {
      Map<String, Object> m = new LinkedHashMap<>();
      JsonObject u = Jwts.payload(tokens.access()).getJsonObject("data").getJsonObject("user");
      u.forEach(
          (k, v) ->
              m.put(
                  k,
                  switch (v.getValueType()) {
                    case STRING -> ((jakarta.json.JsonString) v).getString();
                    case NUMBER -> ((jakarta.json.JsonNumber) v).longValue();
                    default -> null;
                  }));
      return m;
    }

    /** The reference token's claims with fresh times and a fresh jti, then changed. */
    JsonObject claims(UnaryOperator<JsonObjectBuilder> change) {
      long now = Instant.now().getEpochSecond();
      JsonObjectBuilder b =
          jakarta.json.Json.createObjectBuilder(Jwts.payload(tokens.access()))
              .add("iat", now)
              .add("nbf", now)
              .add("exp", now + 600)
              .add("jti", UUID.randomUUID().toString());
      return change.apply(b).build();
    }

    /** Signs with this deployment's own key: a genuine token if header and claims are. */
    String sign(JsonObject header, JsonObject claims) {
      return signText(header.toString(), claims.toString());
    }

    String signText(String headerJson, String claimsJson) {
      return jws(own, headerJson, claimsJson);
    }

    @Override
    public void close() {
      db.close();
    }
  }
}
