package io.github.jwtauth.token;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.keys.KeySet;
import io.github.jwtauth.keys.SigningAlgorithm;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Google's Wycheproof vectors (copied under {@code src/test/resources/wycheproof}, Apache 2.0, see
 * the README there) against the verification path jwt-auth relies on: java-jwt's algorithms and
 * jwt-auth's {@link TokenVerifier}. Every {@code invalid} case must be rejected; the {@code valid}
 * ones are positive controls showing the keys were read correctly, so no rejection is an artefact
 * of a broken test. Each test counts the cases it ran and asserts the count: nothing is skipped
 * silently.
 */
class WycheproofTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder D64 = Base64.getUrlDecoder();
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  /** A genuine jwt-auth access token's header and claims; only the signature varies. */
  private static final String ACCESS_HEADER = b64("{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}");

  private static final String ACCESS_PAYLOAD =
      b64(
          "{\"iss\":\"jwt-auth\",\"iat\":"
              + NOW.getEpochSecond()
              + ",\"nbf\":"
              + NOW.getEpochSecond()
              + ",\"exp\":"
              + (NOW.getEpochSecond() + 3600)
              + ",\"jti\":\"j1\",\"sub\":\"alice\","
              + "\"data\":{\"user\":{\"id\":\"alice\",\"type\":\"user\",\"user_login\":\"alice\","
              + "\"user_email\":null,\"api_key\":\"k1\"}}}");

  // ------------------------------------------------------------------ (a) HMAC-SHA256

  /**
   * Every vector through java-jwt's HMAC256 at byte level ({@link Algorithm#sign(byte[])}; java-jwt
   * has no byte-level verify): a tag is accepted only when it equals the MAC in full, or, in the
   * 128-bit groups, its 16-byte prefix. That must be exactly the {@code valid} set.
   */
  @Test
  void whenHmacSha256VectorsAreCheckedThenExactlyTheValidTagsMatch() {
    int ran = 0;
    int accepted = 0;
    List<String> wrong = new ArrayList<>();
    for (JsonValue g : load("hmac_sha256_test.json").getJsonArray("testGroups")) {
      int tagBytes = g.asJsonObject().getInt("tagSize") / 8;
      for (JsonValue t : g.asJsonObject().getJsonArray("tests")) {
        JsonObject c = t.asJsonObject();
        byte[] key = hex(c, "key");
        byte[] tag = hex(c, "tag");
        byte[] mac = Algorithm.HMAC256(key).sign(hex(c, "msg"));
        byte[] expected = java.util.Arrays.copyOf(mac, tagBytes);
        boolean ok = tag.length == tagBytes && MessageDigest.isEqual(expected, tag);
        if (ok != c.getString("result").equals("valid")) {
          wrong.add(describe(c));
        }
        ran++;
        accepted += ok ? 1 : 0;
      }
    }
    assertEquals(List.of(), wrong, "vectors judged wrongly");
    assertEquals(174, ran, "every HMAC-SHA256 vector ran");
    assertEquals(66, accepted, "valid vectors");
  }

  /**
   * The same vectors through jwt-auth's {@link TokenVerifier}, for every key of at least 32 bytes
   * (the minimum jwt-auth accepts for HS256; the six 16-byte-key vectors are covered above only). A
   * vector's message cannot be a JWS signing input, so each vector is carried onto a genuine access
   * token signed with the vector's key: its tag is the token's true tag changed in exactly the bits
   * (and cut to exactly the length) in which the vector's tag differs from the vector's true MAC.
   * The verifier must then accept exactly the unmodified full-length tags: modified tags and every
   * 128-bit tag (truncation, RFC 7518 §3.2 requires the full output) are rejected.
   */
  @Test
  void whenHmacSha256TagModificationsAreCarriedOntoAccessTokensThenOnlyFullValidTagsVerify() {
    int ran = 0;
    int accepted = 0;
    int notApplicable = 0;
    List<String> wrong = new ArrayList<>();
    for (JsonValue g : load("hmac_sha256_test.json").getJsonArray("testGroups")) {
      for (JsonValue t : g.asJsonObject().getJsonArray("tests")) {
        JsonObject c = t.asJsonObject();
        byte[] key = hex(c, "key");
        if (key.length < 32) {
          notApplicable++;
          continue;
        }
        byte[] tag = hex(c, "tag");
        byte[] trueMac = Algorithm.HMAC256(key).sign(hex(c, "msg"));
        Algorithm alg = Algorithm.HMAC256(key);
        byte[] tokenMac = alg.sign(ascii(ACCESS_HEADER), ascii(ACCESS_PAYLOAD));
        byte[] carried = new byte[tag.length];
        for (int i = 0; i < tag.length; i++) {
          carried[i] = (byte) (tokenMac[i] ^ trueMac[i] ^ tag[i]);
        }
        String token = ACCESS_HEADER + "." + ACCESS_PAYLOAD + "." + B64.encodeToString(carried);
        TokenVerifier verifier =
            new TokenVerifier(
                KeySet.hmac(SigningAlgorithm.HS256, key), "jwt-auth", 30, 8192, CLOCK);
        boolean ok = verifies(verifier, token);
        boolean shouldVerify = c.getString("result").equals("valid") && tag.length == 32;
        if (ok != shouldVerify) {
          wrong.add(describe(c));
        }
        ran++;
        accepted += ok ? 1 : 0;
      }
    }
    assertEquals(List.of(), wrong, "vectors judged wrongly by TokenVerifier");
    assertEquals(168, ran, "vectors with keys of 32 bytes or more");
    assertEquals(6, notApplicable, "vectors with 16-byte keys (too short for jwt-auth)");
    assertEquals(30, accepted, "valid 256-bit tags");
  }

  // ------------------------------------------------------------------ (b) ECDSA P-256, P1363

  /**
   * Every vector with the JDK's {@code SHA256withECDSAinP1363Format}: java-jwt verifies only a JWS
   * (its signing input is {@code header.payload}, which a vector's message cannot be) and has no
   * byte-level verify, so the raw vectors go to the JDK provider java-jwt itself delegates to.
   *
   * <p>Two JDK 17 behaviours show up and are pinned here precisely: the JDK accepts P1363
   * signatures that are not 64 bytes long (e.g. {@code 0501} for r = 5, s = 1), which java-jwt
   * refuses before calling the JDK (next test); and it rejects the valid signatures whose point kG
   * has an x-coordinate of n or more (only possible when r &lt; p − n), a false negative with no
   * security impact. Every other invalid vector, r = s = 0 (CVE-2022-21449) included, fails, and
   * every other valid one passes.
   */
  @Test
  void whenP1363SignaturesAreVerifiedThenEveryInvalidOneIsRejected()
      throws GeneralSecurityException {
    int ran = 0;
    int invalid = 0;
    List<String> wrong = new ArrayList<>();
    List<Integer> wrongSizeAcceptedByJdk = new ArrayList<>();
    List<Integer> reductionCasesRejectedByJdk = new ArrayList<>();
    for (JsonValue g : load("ecdsa_secp256r1_sha256_p1363_test.json").getJsonArray("testGroups")) {
      ECPublicKey pub = (ECPublicKey) x509(g.asJsonObject().getString("publicKeyDer"));
      BigInteger n = pub.getParams().getOrder();
      BigInteger p = ((java.security.spec.ECFieldFp) pub.getParams().getCurve().getField()).getP();
      for (JsonValue t : g.asJsonObject().getJsonArray("tests")) {
        JsonObject c = t.asJsonObject();
        byte[] sig = hex(c, "sig");
        boolean ok;
        try {
          Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
          s.initVerify(pub);
          s.update(hex(c, "msg"));
          ok = s.verify(sig);
        } catch (java.security.SignatureException e) {
          ok = false;
        }
        boolean valid = c.getString("result").equals("valid");
        if (ok && !valid && sig.length != 64) {
          wrongSizeAcceptedByJdk.add(c.getInt("tcId"));
        } else if (!ok
            && valid
            && sig.length == 64
            && new BigInteger(1, java.util.Arrays.copyOfRange(sig, 0, 32)).compareTo(p.subtract(n))
                < 0) {
          reductionCasesRejectedByJdk.add(c.getInt("tcId"));
        } else if (ok != valid) {
          wrong.add(describe(c));
        }
        ran++;
        invalid += valid ? 0 : 1;
      }
    }
    assertEquals(List.of(), wrong, "vectors judged wrongly");
    assertEquals(262, ran, "every P1363 vector ran");
    assertEquals(89, invalid, "invalid vectors");
    assertTrue(
        wrongSizeAcceptedByJdk.size() <= 12,
        () -> "wrong-size signatures the JDK accepts: " + wrongSizeAcceptedByJdk);
    assertTrue(
        reductionCasesRejectedByJdk.size() <= 2,
        () -> "x >= n cases the JDK rejects: " + reductionCasesRejectedByJdk);
  }

  /**
   * The signatures no message can make valid — not 64 bytes, r or s zero, r or s not below the
   * group order — given to java-jwt's ES256 as the signature of a JWS: rejected by java-jwt itself,
   * before the JDK (it must not depend on the JDK's fix for CVE-2022-21449).
   */
  @Test
  void whenStructurallyInvalidP1363SignaturesReachJavaJwtThenRejectedWhateverTheMessage()
      throws GeneralSecurityException {
    int ran = 0;
    int zeroRorS = 0;
    List<String> wrong = new ArrayList<>();
    for (JsonValue g : load("ecdsa_secp256r1_sha256_p1363_test.json").getJsonArray("testGroups")) {
      ECPublicKey pub = (ECPublicKey) x509(g.asJsonObject().getString("publicKeyDer"));
      BigInteger n = pub.getParams().getOrder();
      Algorithm es256 = Algorithm.ECDSA256(pub, null);
      for (JsonValue t : g.asJsonObject().getJsonArray("tests")) {
        JsonObject c = t.asJsonObject();
        byte[] sig = hex(c, "sig");
        boolean structural = sig.length != 64;
        if (!structural) {
          BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 0, 32));
          BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
          structural =
              r.signum() == 0 || s.signum() == 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0;
          zeroRorS += r.signum() == 0 || s.signum() == 0 ? 1 : 0;
        }
        if (!structural) {
          continue;
        }
        assertEquals(
            "invalid",
            c.getString("result"),
            () -> "a structurally invalid vector: " + describe(c));
        if (sigVerifies(
            es256, new RawJws(b64("{\"alg\":\"ES256\"}"), b64("{}"), B64.encodeToString(sig)))) {
          wrong.add(describe(c));
        }
        ran++;
      }
    }
    assertEquals(List.of(), wrong, "structurally invalid signatures java-jwt accepted");
    assertTrue(zeroRorS >= 1, "the r = 0 / s = 0 cases are among them");
    assertEquals(countStructural(), ran, "structural cases");
  }

  /**
   * How many vectors the test above must have run: counted independently, from lengths alone and
   * r/s.
   */
  private static int countStructural() throws GeneralSecurityException {
    int n = 0;
    for (JsonValue g : load("ecdsa_secp256r1_sha256_p1363_test.json").getJsonArray("testGroups")) {
      BigInteger order =
          ((ECPublicKey) x509(g.asJsonObject().getString("publicKeyDer"))).getParams().getOrder();
      for (JsonValue t : g.asJsonObject().getJsonArray("tests")) {
        byte[] sig = hex(t.asJsonObject(), "sig");
        if (sig.length != 64) {
          n++;
          continue;
        }
        BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 0, 32));
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
        if (r.signum() == 0
            || s.signum() == 0
            || r.compareTo(order) >= 0
            || s.compareTo(order) >= 0) {
          n++;
        }
      }
    }
    assertTrue(n > 10, "the file has structurally invalid signatures");
    return n;
  }

  // ------------------------------------------------------------------ (c) whole JWS

  /**
   * Every case of {@code json_web_signature_test.json}, at two layers:
   *
   * <ul>
   *   <li><b>token</b>: the compact string through a verifier pinned to the group key's algorithm,
   *       as jwt-auth verifies: {@link TokenVerifier} and java-jwt's {@code JWTVerifier} for {@code
   *       oct} keys, java-jwt's RSA/ECDSA verifiers for RSA/EC keys (java-jwt has no PS256/384/512:
   *       those groups get the RS verifier of the same hash, which must refuse them). Every {@code
   *       invalid} case must be rejected here.
   *   <li><b>signature</b>: the exact header, payload and signature text through java-jwt's {@link
   *       Algorithm#verify} (JDK {@code RSASSA-PSS} for PS), chosen by the case's header {@code
   *       alg} but keyed only by the group's key. Wycheproof payloads are not JSON claims, so the
   *       token layer would refuse even a good signature; this layer shows the signatures
   *       themselves are judged right. Every {@code valid} case must pass here; every {@code
   *       invalid} case must fail here too, except the listed ones whose defect is not in the
   *       signature at all.
   * </ul>
   */
  @Test
  void whenJwsVectorsRunThroughTheVerifiersThenEveryInvalidCaseIsRejected()
      throws GeneralSecurityException {
    JsonObject file = load("json_web_signature_test.json");
    int ran = 0;
    int invalid = 0;
    int valid = 0;
    List<String> acceptedInvalid = new ArrayList<>();
    Set<Integer> rejectedValid = new TreeSet<>();
    Set<Integer> invalidWithGoodSignature = new TreeSet<>();
    for (JsonValue gv : file.getJsonArray("testGroups")) {
      JsonObject g = gv.asJsonObject();
      GroupKey key = GroupKey.of(g);
      key.checkRoundTrip();
      for (JsonValue tv : g.getJsonArray("tests")) {
        JsonObject c = tv.asJsonObject();
        String jws = c.getString("jws");
        boolean isValid = c.getString("result").equals("valid");
        assertTrue(
            isValid || c.getString("result").equals("invalid"), () -> "result of " + describe(c));
        boolean signatureOk = key.signatureVerifies(jws);
        if (isValid) {
          valid++;
          if (!signatureOk) {
            rejectedValid.add(c.getInt("tcId"));
          }
        } else {
          invalid++;
          if (key.tokenVerifies(jws)) {
            acceptedInvalid.add(describe(c));
          }
          if (signatureOk) {
            invalidWithGoodSignature.add(c.getInt("tcId"));
          }
        }
        ran++;
      }
    }
    int expectedTotal = file.getInt("numberOfTests");
    int total = ran;
    int invalidCount = invalid;
    int validCount = valid;
    assertAll(
        () -> assertEquals(List.of(), acceptedInvalid, "invalid JWS accepted by the token layer"),
        // 372, 373: a character outside base64url inserted into the header or payload, with the
        // MAC of the text without it. Wycheproof lets lenient decoders accept these; java-jwt (so
        // jwt-auth) refuses any such character (RFC 7515 §2), erring on the safe side.
        () ->
            assertEquals(
                Set.of(372, 373), rejectedValid, "valid JWS whose signature did not verify"),
        // Invalid cases whose signature over the exact text is genuinely good, so the defect lies
        // elsewhere; the token layer refuses every one (asserted above), for these reasons:
        // 332-340 (even): the key is bound to PS512 but the JWS says RS256/RS384/PS256/PS384; the
        //   verifier pins the key's algorithm (RFC 8725 §3.1), so the header cannot choose.
        // 353-356: the JWK says use=enc or key_ops=[encrypt]; jwt-auth never takes keys from JWKs.
        // 367, 370: byte-for-byte the valid case 357 (the '=' padding their names describe is not
        //   in the data); refused only because "Test" is not a JSON claims set.
        // 368, 369, 371: a MAC over a payload text holding spaces, '#' or '?': refused by strict
        //   base64url decoding.
        // 375: a MAC over a non-canonical base64url payload ("AB"): refused, its payload is no
        // JSON.
        () ->
            assertEquals(
                Set.of(332, 334, 336, 338, 340, 353, 354, 355, 356, 367, 368, 369, 370, 371, 375),
                invalidWithGoodSignature,
                "invalid cases whose signature is nevertheless good"),
        () -> assertEquals(expectedTotal, total, "every JWS case ran"),
        () -> assertEquals(355, invalidCount, "invalid cases"),
        () -> assertEquals(46, validCount, "valid cases"));
  }

  // ------------------------------------------------------------------ helpers

  /** The key of one JWS test group, and the verifiers made from it. */
  private static final class GroupKey {
    final String kty;
    final String keyAlg;
    final byte[] secret;
    final PublicKey pub;
    final java.security.PrivateKey priv;

    private GroupKey(
        String kty, String keyAlg, byte[] secret, PublicKey pub, java.security.PrivateKey priv) {
      this.kty = kty;
      this.keyAlg = keyAlg;
      this.secret = secret;
      this.pub = pub;
      this.priv = priv;
    }

    static GroupKey of(JsonObject group) throws GeneralSecurityException {
      JsonObject priv = group.getJsonObject("private");
      JsonObject pub = group.containsKey("public") ? group.getJsonObject("public") : priv;
      String kty = pub.getString("kty");
      String alg = pub.getString("alg", null);
      switch (kty) {
        case "oct" -> {
          return new GroupKey(kty, alg, D64.decode(priv.getString("k")), null, null);
        }
        case "RSA" -> {
          KeyFactory kf = KeyFactory.getInstance("RSA");
          PublicKey p = kf.generatePublic(new RSAPublicKeySpec(uint(pub, "n"), uint(pub, "e")));
          java.security.PrivateKey s =
              kf.generatePrivate(
                  new RSAPrivateCrtKeySpec(
                      uint(priv, "n"),
                      uint(priv, "e"),
                      uint(priv, "d"),
                      uint(priv, "p"),
                      uint(priv, "q"),
                      uint(priv, "dp"),
                      uint(priv, "dq"),
                      uint(priv, "qi")));
          return new GroupKey(kty, alg, null, p, s);
        }
        case "EC" -> {
          ECParameterSpec params = curve(pub.getString("crv"));
          KeyFactory kf = KeyFactory.getInstance("EC");
          PublicKey p =
              kf.generatePublic(
                  new ECPublicKeySpec(new ECPoint(uint(pub, "x"), uint(pub, "y")), params));
          java.security.PrivateKey s =
              kf.generatePrivate(new ECPrivateKeySpec(uint(priv, "d"), params));
          return new GroupKey(kty, alg, null, p, s);
        }
        default -> throw new AssertionError("unexpected key type " + kty);
      }
    }

    /** The algorithm a deployment holding this key pins (never chosen by the token). */
    Algorithm pinned() {
      return switch (kty) {
        case "oct" -> Algorithm.HMAC256(secret);
        case "EC" ->
            ((ECPublicKey) pub).getParams().getOrder().bitLength() > 256
                ? Algorithm.ECDSA512((ECPublicKey) pub, null)
                : Algorithm.ECDSA256((ECPublicKey) pub, null);
        default ->
            switch (keyAlg == null ? "RS256" : keyAlg) {
              case "RS384", "PS384" -> Algorithm.RSA384((RSAPublicKey) pub, null);
              case "RS512", "PS512" -> Algorithm.RSA512((RSAPublicKey) pub, null);
              default -> Algorithm.RSA256((RSAPublicKey) pub, null);
            };
      };
    }

    /**
     * The token layer: java-jwt's verifier, and jwt-auth's TokenVerifier for HMAC keys it would
     * accept.
     */
    boolean tokenVerifies(String jws) {
      boolean javaJwt;
      try {
        JWT.require(pinned()).build().verify(jws);
        javaJwt = true;
      } catch (JWTVerificationException | IllegalArgumentException e) {
        javaJwt = false;
      }
      if (kty.equals("oct") && secret.length >= 32) {
        TokenVerifier v =
            new TokenVerifier(
                KeySet.hmac(SigningAlgorithm.HS256, secret), "jwt-auth", 30, 8192, CLOCK);
        return javaJwt || verifies(v, jws);
      }
      return javaJwt;
    }

    /**
     * The signature layer: the signature over the exact text, by the header's alg, with this key.
     */
    boolean signatureVerifies(String jws) {
      String[] parts = jws.split("\\.", -1);
      if (parts.length != 3) {
        return false;
      }
      String alg;
      try {
        alg =
            parseObject(new String(D64.decode(parts[0]), StandardCharsets.UTF_8))
                .getString("alg", "");
      } catch (RuntimeException e) {
        return false;
      }
      RawJws raw = new RawJws(parts[0], parts[1], parts[2]);
      try {
        return switch (alg) {
          case "HS256" -> kty.equals("oct") && sigVerifies(Algorithm.HMAC256(secret), raw);
          case "RS256" ->
              kty.equals("RSA") && sigVerifies(Algorithm.RSA256((RSAPublicKey) pub, null), raw);
          case "RS384" ->
              kty.equals("RSA") && sigVerifies(Algorithm.RSA384((RSAPublicKey) pub, null), raw);
          case "RS512" ->
              kty.equals("RSA") && sigVerifies(Algorithm.RSA512((RSAPublicKey) pub, null), raw);
          case "ES256" ->
              kty.equals("EC") && sigVerifies(Algorithm.ECDSA256((ECPublicKey) pub, null), raw);
          case "ES512" ->
              kty.equals("EC") && sigVerifies(Algorithm.ECDSA512((ECPublicKey) pub, null), raw);
          case "PS256", "PS384", "PS512" -> kty.equals("RSA") && pss(alg, parts);
          default -> false; // none, unknown: nothing verifies
        };
      } catch (ClassCastException e) {
        return false; // e.g. an ES256 header over an RSA key
      }
    }

    /**
     * A positive control: java-jwt (or the JDK for PSS) signs with the group's private key and
     * verifies with its public key, so the JWK conversion is right.
     */
    void checkRoundTrip() throws GeneralSecurityException {
      if (kty.equals("oct")) {
        String h = b64("{\"alg\":\"HS256\"}");
        String p = b64("{}");
        String s = B64.encodeToString(Algorithm.HMAC256(secret).sign(ascii(h), ascii(p)));
        assertTrue(sigVerifies(Algorithm.HMAC256(secret), new RawJws(h, p, s)), "oct round trip");
        return;
      }
      Algorithm a =
          kty.equals("RSA")
              ? Algorithm.RSA256((RSAPublicKey) pub, (RSAPrivateKey) priv)
              : ((ECPublicKey) pub).getParams().getOrder().bitLength() > 256
                  ? Algorithm.ECDSA512((ECPublicKey) pub, (ECPrivateKey) priv)
                  : Algorithm.ECDSA256((ECPublicKey) pub, (ECPrivateKey) priv);
      String token = JWT.create().withSubject("round-trip").sign(a);
      assertNotNull(JWT.require(a).build().verify(token), kty + " round trip");
    }

    private boolean pss(String alg, String[] parts) {
      String hash = "SHA-" + alg.substring(2);
      int saltLen = Integer.parseInt(alg.substring(2)) / 8;
      try {
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), saltLen, 1));
        s.initVerify(pub);
        s.update(ascii(parts[0] + "." + parts[1]));
        return s.verify(D64.decode(parts[2]));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        return false;
      }
    }
  }

  /**
   * A JWS as java-jwt's algorithms see it: the three base64url texts, nothing parsed. {@link
   * Algorithm#verify} reads only {@code getHeader()}, {@code getPayload()}, {@code getSignature()}
   * and {@code getKeyId()}, so a payload that is not JSON can still have its signature checked.
   */
  private static final class RawJws implements DecodedJWT {
    private final String header;
    private final String payload;
    private final String signature;

    RawJws(String header, String payload, String signature) {
      this.header = header;
      this.payload = payload;
      this.signature = signature;
    }

    @Override
    public String getToken() {
      return header + "." + payload + "." + signature;
    }

    @Override
    public String getHeader() {
      return header;
    }

    @Override
    public String getPayload() {
      return payload;
    }

    @Override
    public String getSignature() {
      return signature;
    }

    @Override
    public String getAlgorithm() {
      return null;
    }

    @Override
    public String getType() {
      return null;
    }

    @Override
    public String getContentType() {
      return null;
    }

    @Override
    public String getKeyId() {
      return null;
    }

    @Override
    public Claim getHeaderClaim(String name) {
      throw new UnsupportedOperationException("not parsed");
    }

    @Override
    public String getIssuer() {
      return null;
    }

    @Override
    public String getSubject() {
      return null;
    }

    @Override
    public List<String> getAudience() {
      return null;
    }

    @Override
    public Date getExpiresAt() {
      return null;
    }

    @Override
    public Date getNotBefore() {
      return null;
    }

    @Override
    public Date getIssuedAt() {
      return null;
    }

    @Override
    public String getId() {
      return null;
    }

    @Override
    public Claim getClaim(String name) {
      throw new UnsupportedOperationException("not parsed");
    }

    @Override
    public Map<String, Claim> getClaims() {
      return Map.of();
    }
  }

  private static boolean sigVerifies(Algorithm alg, DecodedJWT jws) {
    try {
      alg.verify(jws);
      return true;
    } catch (SignatureVerificationException | IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean verifies(TokenVerifier verifier, String token) {
    try {
      verifier.check(token, TokenType.ACCESS).jwt();
      return true;
    } catch (JwtAuthException e) {
      return false;
    }
  }

  private static JsonObject load(String name) {
    try (InputStream in = WycheproofTest.class.getResourceAsStream("/wycheproof/" + name)) {
      assertNotNull(in, "test resource wycheproof/" + name);
      return parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonObject parseObject(String text) {
    try (JsonReader r = jakarta.json.Json.createReader(new StringReader(text))) {
      return r.readObject();
    }
  }

  private static PublicKey x509(String derHex) throws GeneralSecurityException {
    return KeyFactory.getInstance("EC")
        .generatePublic(new X509EncodedKeySpec(HEX.parseHex(derHex)));
  }

  private static ECParameterSpec curve(String crv) throws GeneralSecurityException {
    String name =
        switch (crv) {
          case "P-256" -> "secp256r1";
          case "P-384" -> "secp384r1";
          case "P-521" -> "secp521r1";
          default -> throw new AssertionError("unexpected curve " + crv);
        };
    AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
    p.init(new ECGenParameterSpec(name));
    return p.getParameterSpec(ECParameterSpec.class);
  }

  private static BigInteger uint(JsonObject jwk, String member) {
    return new BigInteger(1, D64.decode(jwk.getString(member)));
  }

  private static byte[] hex(JsonObject c, String field) {
    return HEX.parseHex(c.getString(field));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static String b64(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String describe(JsonObject c) {
    return "tcId "
        + c.getInt("tcId")
        + " ("
        + c.getString("comment", "")
        + ", "
        + c.getString("result")
        + ")";
  }
}
