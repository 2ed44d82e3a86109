package io.github.jwtauth.it.attack;

import static io.github.jwtauth.testsupport.Expect.endpointError;
import static io.github.jwtauth.testsupport.Expect.invalidToken;
import static io.github.jwtauth.testsupport.Forgery.B64;
import static io.github.jwtauth.testsupport.Forgery.HEX;
import static io.github.jwtauth.testsupport.Forgery.b64;
import static io.github.jwtauth.testsupport.Forgery.concat;
import static io.github.jwtauth.testsupport.Forgery.ecPoint;
import static io.github.jwtauth.testsupport.Forgery.fixed;
import static io.github.jwtauth.testsupport.Forgery.fromJwk;
import static io.github.jwtauth.testsupport.Forgery.hmac;
import static io.github.jwtauth.testsupport.Forgery.jws;
import static io.github.jwtauth.testsupport.Forgery.pem;
import static io.github.jwtauth.testsupport.Forgery.rsa;
import static io.github.jwtauth.testsupport.Forgery.unsigned;
import static io.github.jwtauth.testsupport.Forgery.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.github.jwtauth.testsupport.Api.KeyPair;
import io.github.jwtauth.testsupport.Api.Tokens;
import io.github.jwtauth.testsupport.AttackFixture;
import io.github.jwtauth.testsupport.AttackTarget;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Deployment;
import io.github.jwtauth.testsupport.Expect;
import io.github.jwtauth.testsupport.Http;
import io.github.jwtauth.testsupport.Json;
import io.github.jwtauth.testsupport.TestWebapp;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Forged and tampered signatures (README, "Security model": forged or tampered tokens), over HTTP
 * against Jetty 12 and Tomcat 11: {@code alg} none in every spelling, HS256 signed with the
 * deployment's public key (algorithm confusion), the attacker's own key, ECDSA "psychic signatures"
 * (CVE-2022-21449), stripped, truncated and re-spelled signatures, tokens of the wrong number of
 * parts, and start-up refusing keys too weak to resist forgery. Genuine tokens signed by the test
 * with each deployment's own key are accepted first, as the control that proves the forgeries are
 * otherwise sound.
 *
 * <p>Forged tokens are made by hand (base64url JSON, {@link javax.crypto.Mac}) or with java-jwt, so
 * any header, payload and signature can be sent. Each is otherwise genuine — the reference user's
 * claims with fresh times — so only the attacked property can make the server refuse it.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Container.Kind.class)
class SignatureAttackIT extends AttackFixture {
  // ================================================================== controls

  @ParameterizedTest
  @ValueSource(strings = {"HS256", "RS256", "ES256"})
  void whenGenuineClaimsAreSignedWithTheDeploymentKeyThenAcceptedAsControl(String alg) {
    AttackTarget t = target(alg);
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
    AttackTarget t = target(alg);
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
    AttackTarget t = target(alg);
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
    AttackTarget t = target(alg);
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
    AttackTarget t = target(alg);
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
    AttackTarget t = target(alg);
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

  // ================================================================== signature and structure

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"HS256", "RS256", "ES256"})
  void whenSignatureIsStrippedTruncatedOrEmptyThen401TokenError(String alg) {
    AttackTarget t = target(alg);
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

  // ================================================================== one token, one spelling

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
    AttackTarget t = target(alg);
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
    Path pem = AttackTarget.writePem("weak-rsa", rsa(1024));
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
}
