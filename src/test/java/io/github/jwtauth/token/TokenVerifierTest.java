package io.github.jwtauth.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.keys.KeySet;
import io.github.jwtauth.keys.PemKeys;
import io.github.jwtauth.keys.SigningAlgorithm;
import io.github.jwtauth.store.User;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenVerifierTest {
  static final byte[] SECRET =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEF".getBytes(StandardCharsets.UTF_8);
  static final KeySet KEYS = KeySet.hmac(SigningAlgorithm.HS256, SECRET);
  static final String KID = KEYS.activeKid();
  static final Algorithm HS256 = KEYS.algorithm();
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final User ALICE = new User("alice", "alice", null, false, Set.of("user"));
  static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  final TokenVerifier verifier = new TokenVerifier(KEYS, "jwt-auth", 30, 8192, CLOCK);
  final TokenIssuer issuer = new TokenIssuer(KEYS, "jwt-auth", Duration.ofHours(1), CLOCK);

  static ErrorCode refusal(TokenVerifier v, String token, TokenType type) {
    return assertThrows(JwtAuthException.class, () -> v.check(token, type)).error();
  }

  ErrorCode refusal(String token) {
    return refusal(verifier, token, TokenType.ACCESS);
  }

  static String b64(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Signs header.payload given as raw JSON with the real secret. */
  static String signRaw(String headerJson, String payloadJson) {
    String input = b64(headerJson) + "." + b64(payloadJson);
    byte[] sig =
        HS256.sign(
            b64(headerJson).getBytes(StandardCharsets.US_ASCII),
            b64(payloadJson).getBytes(StandardCharsets.US_ASCII));
    return input + "." + B64.encodeToString(sig);
  }

  static String payload(long exp) {
    return "{\"iss\":\"jwt-auth\",\"iat\":"
        + NOW.getEpochSecond()
        + ",\"exp\":"
        + exp
        + ",\"jti\":\"j1\",\"sub\":\"alice\",\"data\":{\"user\":{\"id\":\"alice\",\"type\":\"user\","
        + "\"user_login\":\"alice\",\"user_email\":null,\"api_key\":\"k1\"}}}";
  }

  @Test
  void whenIssuedAccessTokenThenVerifiesWithClaims() {
    TokenVerifier.Verified v = verifier.check(issuer.access(ALICE, "k1", NOW), TokenType.ACCESS);
    DecodedJWT jwt = v.jwt();
    assertEquals("at+jwt", jwt.getType());
    assertEquals("k1", v.apiKey());
    assertEquals("alice", v.login());
    assertEquals("alice", jwt.getSubject());
    assertEquals(NOW.plus(Duration.ofHours(1)), jwt.getExpiresAtAsInstant());
  }

  @Test
  void whenRawSignedTokenThenHelperIsFaithful() {
    // guards the raw-signing helper the attack tests below rely on
    String t =
        signRaw(
            "{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"typ\":\"at+jwt\"}",
            payload(NOW.getEpochSecond() + 60));
    assertEquals("k1", verifier.check(t, TokenType.ACCESS).apiKey());
  }

  @Test
  void whenRefreshTokenUsedAsAccessThenInvalidType() {
    String refresh = issuer.refresh("r1", ALICE, "k1", NOW, NOW.plusSeconds(60));
    assertEquals(ErrorCode.INVALID_TOKEN_TYPE, refusal(refresh));
  }

  @Test
  void whenAccessTokenUsedAsRefreshThenInvalidType() {
    String access = issuer.access(ALICE, "k1", NOW);
    assertEquals(ErrorCode.INVALID_TOKEN_TYPE, refusal(verifier, access, TokenType.REFRESH));
  }

  @Test
  void whenTypHeaderAndClaimDisagreeThenInvalidType() {
    String t =
        signRaw(
            "{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"typ\":\"rt+jwt\"}",
            payload(NOW.getEpochSecond() + 60));
    assertEquals(ErrorCode.INVALID_TOKEN_TYPE, refusal(verifier, t, TokenType.REFRESH));
    String plainJwt =
        signRaw(
            "{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"typ\":\"JWT\"}",
            payload(NOW.getEpochSecond() + 60));
    assertEquals(ErrorCode.INVALID_TOKEN_TYPE, refusal(plainJwt));
  }

  @Test
  void whenExpiredBeyondLeewayThenExpired() {
    String t = issuer.access(ALICE, "k1", NOW.minus(Duration.ofHours(1)).minusSeconds(31));
    assertEquals(ErrorCode.TOKEN_EXPIRED, refusal(t));
  }

  @Test
  void whenExpiredWithinLeewayThenAccepted() {
    String t = issuer.access(ALICE, "k1", NOW.minus(Duration.ofHours(1)).minusSeconds(29));
    verifier.check(t, TokenType.ACCESS);
  }

  @Test
  void whenNotYetValidThenTokenError() {
    String t = issuer.access(ALICE, "k1", NOW.plusSeconds(120));
    assertEquals(ErrorCode.TOKEN_ERROR, refusal(t));
  }

  @Test
  void whenNoExpThenMissingExpiration() {
    String t =
        JWT.create()
            .withKeyId(KID)
            .withHeader(Map.of("typ", "at+jwt"))
            .withIssuer("jwt-auth")
            .withJWTId("j")
            .withClaim("data", Map.of("user", Map.of("api_key", "k1", "user_login", "alice")))
            .sign(HS256);
    assertEquals(ErrorCode.MISSING_TOKEN_EXPIRATION, refusal(t));
  }

  @Test
  void whenWrongIssuerThenInvalidIssuer() {
    TokenIssuer other = new TokenIssuer(KEYS, "evil", Duration.ofHours(1), CLOCK);
    assertEquals(ErrorCode.INVALID_TOKEN_ISSUER, refusal(other.access(ALICE, "k1", NOW)));
  }

  @Test
  void whenSignedWithOtherSecretThenTokenError() {
    Algorithm other = Algorithm.HMAC256("another-secret-another-secret-another-secret!");
    String forged =
        JWT.create()
            .withKeyId(KID)
            .withHeader(Map.of("typ", "at+jwt"))
            .withIssuer("jwt-auth")
            .withExpiresAt(NOW.plusSeconds(60))
            .withJWTId("j")
            .withClaim("data", Map.of("user", Map.of("api_key", "k1", "user_login", "alice")))
            .sign(other);
    assertEquals(ErrorCode.TOKEN_ERROR, refusal(forged));
    // and a kid we do not know is refused before any signature check
    assertEquals(
        ErrorCode.TOKEN_ERROR,
        refusal(
            new TokenIssuer(
                    KeySet.hmac(
                        SigningAlgorithm.HS256,
                        "another-secret-another-secret-another-secret!"
                            .getBytes(StandardCharsets.UTF_8)),
                    "jwt-auth",
                    Duration.ofHours(1),
                    CLOCK)
                .access(ALICE, "k1", NOW)));
  }

  @Test
  void whenAlgNoneInAnySpellingThenTokenError() {
    for (String alg : new String[] {"none", "None", "NONE", "nOnE"}) {
      String t =
          b64("{\"alg\":\"" + alg + "\",\"kid\":\"" + KID + "\",\"typ\":\"at+jwt\"}")
              + "."
              + b64(payload(NOW.getEpochSecond() + 60))
              + ".";
      assertEquals(ErrorCode.TOKEN_ERROR, refusal(t), alg);
    }
  }

  @Test
  void whenOtherHmacAlgorithmThenTokenError() {
    String hs512 =
        JWT.create()
            .withKeyId(KID)
            .withHeader(Map.of("typ", "at+jwt"))
            .withIssuer("jwt-auth")
            .withExpiresAt(NOW.plusSeconds(60))
            .withJWTId("j")
            .withClaim("data", Map.of("user", Map.of("api_key", "k1", "user_login", "alice")))
            .sign(Algorithm.HMAC512(SECRET));
    assertEquals(ErrorCode.TOKEN_ERROR, refusal(hs512));
  }

  @Test
  void whenSignatureStrippedTruncatedOrTamperedThenTokenError() {
    String t = issuer.access(ALICE, "k1", NOW);
    String[] parts = t.split("\\.");
    assertEquals(ErrorCode.TOKEN_ERROR, refusal(parts[0] + "." + parts[1] + "."));
    assertEquals(
        ErrorCode.TOKEN_ERROR,
        refusal(parts[0] + "." + parts[1] + "." + parts[2].substring(0, 20)));
    char last = parts[2].charAt(5);
    String flipped = parts[2].substring(0, 5) + (last == 'A' ? 'B' : 'A') + parts[2].substring(6);
    assertEquals(ErrorCode.TOKEN_ERROR, refusal(parts[0] + "." + parts[1] + "." + flipped));
    // payload swapped for another user's, signature kept
    String evil = b64(payload(NOW.getEpochSecond() + 60).replace("alice", "admin"));
    assertEquals(ErrorCode.TOKEN_ERROR, refusal(parts[0] + "." + evil + "." + parts[2]));
  }

  @Test
  void whenTwoOrFourPartsThenTokenError() {
    String t = issuer.access(ALICE, "k1", NOW);
    String[] parts = t.split("\\.");
    assertEquals(ErrorCode.TOKEN_ERROR, refusal(parts[0] + "." + parts[1]));
    assertEquals(ErrorCode.TOKEN_ERROR, refusal(t + "." + parts[2]));
    assertEquals(ErrorCode.TOKEN_ERROR, refusal("garbage"));
    assertEquals(ErrorCode.TOKEN_ERROR, refusal(""));
  }

  @Test
  void whenClaimsOfWrongJsonTypeThenTokenError() {
    String expAsString = payload(0).replace("\"exp\":0", "\"exp\":\"tomorrow\"");
    assertEquals(
        ErrorCode.TOKEN_ERROR,
        refusal(
            signRaw(
                "{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"typ\":\"at+jwt\"}", expAsString)));
    String dataAsString =
        payload(NOW.getEpochSecond() + 60)
            .replaceFirst("\"data\":\\{.*\\}\\}\\}$", "\"data\":\"x\"}");
    assertEquals(
        ErrorCode.TOKEN_ERROR,
        refusal(
            signRaw(
                "{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"typ\":\"at+jwt\"}", dataAsString)));
    String apiKeyAsNumber =
        payload(NOW.getEpochSecond() + 60).replace("\"api_key\":\"k1\"", "\"api_key\":1");
    assertEquals(
        ErrorCode.TOKEN_ERROR,
        refusal(
            signRaw(
                "{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"typ\":\"at+jwt\"}", apiKeyAsNumber)));
  }

  @Test
  void whenDuplicateJsonKeysThenRefused() {
    String dup =
        payload(NOW.getEpochSecond() + 60)
            .replace("\"iss\":\"jwt-auth\",", "\"iss\":\"jwt-auth\",\"iss\":\"evil\",");
    JwtAuthException e =
        assertThrows(
            JwtAuthException.class,
            () ->
                verifier.check(
                    signRaw("{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"typ\":\"at+jwt\"}", dup),
                    TokenType.ACCESS));
    // Jackson (inside java-jwt) either refuses duplicates or keeps the last; never accept "evil".
    assertEquals(
        true,
        e.error() == ErrorCode.TOKEN_ERROR || e.error() == ErrorCode.INVALID_TOKEN_ISSUER,
        e.error().toString());
  }

  @Test
  void whenDuplicateMembersAnywhereThenTokenError() {
    String dupHeader =
        signRaw(
            "{\"alg\":\"none\",\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"typ\":\"at+jwt\"}",
            payload(NOW.getEpochSecond() + 60));
    assertEquals(ErrorCode.TOKEN_ERROR, refusal(dupHeader));
    String dupLogin =
        payload(NOW.getEpochSecond() + 60)
            .replace("\"user_login\":\"alice\"", "\"user_login\":\"bob\",\"user_login\":\"alice\"");
    assertEquals(
        ErrorCode.TOKEN_ERROR,
        refusal(
            signRaw("{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"typ\":\"at+jwt\"}", dupLogin)));
  }

  @Test
  void whenJtiSubOrIssNotStringsThenTokenError() {
    String h = "{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"typ\":\"at+jwt\"}";
    assertEquals(
        ErrorCode.TOKEN_ERROR,
        refusal(
            signRaw(h, payload(NOW.getEpochSecond() + 60).replace("\"jti\":\"j1\"", "\"jti\":7"))));
    assertEquals(
        ErrorCode.TOKEN_ERROR,
        refusal(
            signRaw(
                h,
                payload(NOW.getEpochSecond() + 60)
                    .replace("\"sub\":\"alice\"", "\"sub\":{\"a\":1}"))));
  }

  @Test
  void whenUnknownCritHeaderThenTokenError() {
    String t =
        signRaw(
            "{\"alg\":\"HS256\",\"kid\":\""
                + KID
                + "\",\"typ\":\"at+jwt\",\"crit\":[\"exp-ext\"],\"exp-ext\":1}",
            payload(NOW.getEpochSecond() + 60));
    assertEquals(ErrorCode.TOKEN_ERROR, refusal(t));
  }

  @Test
  void whenJkuX5uOrEmbeddedJwkThenIgnoredAndOnlyOurKeyCounts() {
    // Headers pointing elsewhere never change which key verifies: a token signed with another key
    // is refused…
    Algorithm other = Algorithm.HMAC256("attacker-key-attacker-key-attacker-key-123");
    String forged =
        JWT.create()
            .withHeader(
                Map.of(
                    "typ",
                    "at+jwt",
                    "jku",
                    "http://127.0.0.1:1/jwks",
                    "x5u",
                    "http://127.0.0.1:1/x",
                    "jwk",
                    Map.of("kty", "oct", "k", "YXR0YWNrZXI")))
            .withIssuer("jwt-auth")
            .withExpiresAt(NOW.plusSeconds(60))
            .withJWTId("j")
            .withClaim("data", Map.of("user", Map.of("api_key", "k1", "user_login", "alice")))
            .sign(other);
    assertEquals(ErrorCode.TOKEN_ERROR, refusal(forged));
  }

  @Test
  void whenKidWithTraversalOrSqlThenNoEffect() {
    for (String kid :
        new String[] {"../../../../etc/passwd", "' OR '1'='1", "$(rm -rf /)", "k; DROP TABLE x"}) {
      Algorithm other = Algorithm.HMAC256("attacker-key-attacker-key-attacker-key-123");
      String forged =
          JWT.create()
              .withKeyId(kid)
              .withHeader(Map.of("typ", "at+jwt"))
              .withIssuer("jwt-auth")
              .withExpiresAt(NOW.plusSeconds(60))
              .withJWTId("j")
              .withClaim("data", Map.of("user", Map.of("api_key", "k1", "user_login", "alice")))
              .sign(other);
      assertEquals(ErrorCode.TOKEN_ERROR, refusal(forged), kid);
    }
  }

  @Test
  void whenCharactersOutsideB64TokenThenTokenError() {
    String good = issuer.access(ALICE, "k1", NOW);
    assertEquals(ErrorCode.TOKEN_ERROR, refusal(good + "\" OR 1=1"));
    assertEquals(ErrorCode.TOKEN_ERROR, refusal("a b"));
    assertEquals(ErrorCode.TOKEN_ERROR, refusal(good + "\r\nX-Injected: 1"));
    assertEquals(ErrorCode.TOKEN_ERROR, refusal(good.replace('.', '\u2024')));
  }

  static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  /**
   * Every spelling of a canonical base64url segment that a lenient decoder reads as the same bytes:
   * each value of the unused low bits of its last character (RFC 4648 §3.5), with and without the
   * {@code =} padding (RFC 4648 §5). The canonical spelling comes first.
   */
  static List<String> spellings(String segment) {
    int rest = segment.length() % 4;
    if (rest == 0) {
      return List.of(segment);
    }
    int unusedBits = rest == 2 ? 4 : 2;
    String head = segment.substring(0, segment.length() - 1);
    int last = ALPHABET.indexOf(segment.charAt(segment.length() - 1));
    List<String> out = new ArrayList<>();
    for (String pad : new String[] {"", "=".repeat(4 - rest)}) {
      for (int low = 0; low < 1 << unusedBits; low++) {
        out.add(head + ALPHABET.charAt(last | low) + pad);
      }
    }
    return out;
  }

  /** Every spelling of a token but the canonical one, each checked to decode to the same bytes. */
  static List<String> otherSpellings(String token) {
    String[] parts = token.split("\\.", -1);
    List<String> out = new ArrayList<>();
    for (String h : spellings(parts[0])) {
      for (String p : spellings(parts[1])) {
        for (String s : spellings(parts[2])) {
          String t = h + "." + p + "." + s;
          if (t.equals(token)) {
            continue;
          }
          String[] alt = t.split("\\.", -1);
          for (int i = 0; i < 3; i++) {
            // java.util.Base64's decoder, as java-jwt uses it, reads the same bytes
            assertArrayEquals(
                Base64.getUrlDecoder().decode(parts[i]), Base64.getUrlDecoder().decode(alt[i]), t);
          }
          out.add(t);
        }
      }
    }
    return out;
  }

  static void assertOnlyCanonicalAccepted(TokenVerifier v, String token, int expectedSpellings) {
    v.check(token, TokenType.ACCESS);
    List<String> others = otherSpellings(token);
    assertEquals(expectedSpellings, others.size() + 1, Arrays.toString(token.split("\\.")));
    for (String t : others) {
      JwtAuthException e =
          assertThrows(JwtAuthException.class, () -> v.check(t, TokenType.ACCESS), t);
      assertEquals("rest_authentication_token_error", e.error().code(), t);
      assertEquals("The token is malformed.", e.description(), t);
    }
  }

  @Test
  void whenHs256TokenSpelledOtherThanCanonicallyThenMalformed() {
    // RFC 7515 §2 and §7.1: base64url without padding; RFC 4648 §3.5: unused bits are zero
    String t = issuer.access(ALICE, "k1", NOW);
    String[] parts = t.split("\\.");
    int expected = spellings(parts[0]).size() * spellings(parts[1]).size() * 8;
    assertEquals(43, parts[2].length()); // 32 bytes: 2 unused bits and one '='
    assertOnlyCanonicalAccepted(verifier, t, expected);
  }

  @Test
  void whenEs256TokenSpelledOtherThanCanonicallyThenMalformed() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair kp = g.generateKeyPair();
    Base64.Encoder mime = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + mime.encodeToString(kp.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n-----BEGIN PUBLIC KEY-----\n"
            + mime.encodeToString(kp.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    KeySet es256 = PemKeys.load(SigningAlgorithm.ES256, pem, null);
    String t =
        new TokenIssuer(es256, "jwt-auth", Duration.ofHours(1), CLOCK).access(ALICE, "k1", NOW);
    String[] parts = t.split("\\.");
    int expected = spellings(parts[0]).size() * spellings(parts[1]).size() * 32;
    assertEquals(86, parts[2].length()); // 64 bytes: 4 unused bits and two '='
    assertOnlyCanonicalAccepted(new TokenVerifier(es256, "jwt-auth", 30, 8192, CLOCK), t, expected);
  }

  @Test
  void whenTimeClaimIsBeyondTheLastInstantThenMalformedNotAnotherException() {
    // found by fuzzing: java-jwt decodes exp, nbf and iat into an Instant and throws
    // DateTimeException past year 1000000000, before any signature check, for anyone's token
    for (String claim : new String[] {"exp", "nbf", "iat"}) {
      for (String value :
          new String[] {"99999999E9", "1e400", "-99999999E9", "31556889864403200"}) {
        String unsigned =
            b64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}")
                + "."
                + b64("{\"" + claim + "\":" + value + "}")
                + ".";
        String signed =
            signRaw(
                "{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"typ\":\"at+jwt\"}",
                payload(NOW.getEpochSecond() + 60)
                    .replace("\"exp\":", claim.equals("exp") ? "\"x\":" : "\"exp\":")
                    .replace("\"iat\":" + NOW.getEpochSecond(), "\"" + claim + "\":" + value));
        for (String token : new String[] {unsigned, signed}) {
          JwtAuthException e =
              assertThrows(
                  JwtAuthException.class,
                  () -> verifier.check(token, TokenType.ACCESS),
                  claim + "=" + value);
          assertEquals(ErrorCode.TOKEN_ERROR, e.error());
          assertEquals("The token is malformed.", e.description());
        }
      }
    }
  }

  @Test
  void whenHeaderOrPayloadIsJsonNullThenMalformedNotAnotherException() {
    // found by fuzzing: java-jwt decodes a JSON null header or payload to null, then throws
    // NullPointerException; for the header before any signature check, for anyone's token
    String access = "{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"typ\":\"at+jwt\"}";
    List<String> tokens =
        List.of(
            b64("null") + "." + b64("{}") + ".AAAA",
            b64("null") + "." + b64("null") + ".",
            b64(" null ") + "." + b64(payload(NOW.getEpochSecond() + 60)) + ".AAAA",
            signRaw(access, "null"),
            signRaw(access, "null,\"api_key\":\"k1\"}"),
            signRaw("null", payload(NOW.getEpochSecond() + 60)));
    for (String token : tokens) {
      JwtAuthException e =
          assertThrows(JwtAuthException.class, () -> verifier.check(token, TokenType.ACCESS));
      assertEquals(ErrorCode.TOKEN_ERROR, e.error(), token);
      assertEquals("The token is malformed.", e.description(), token);
    }
  }

  @Test
  void whenOversizedThenRefusedBeforeParsing() {
    String huge = "a".repeat(8193);
    assertEquals(ErrorCode.TOKEN_ERROR, refusal(huge));
  }

  @Test
  void whenDeeplyNestedJsonThenRefused() {
    String nested = "[".repeat(2000) + "]".repeat(2000);
    String p =
        payload(NOW.getEpochSecond() + 60)
            .replace("\"sub\":\"alice\"", "\"sub\":\"alice\",\"n\":" + nested);
    // under the 8 KiB cap only if small; build a token near the cap and check it is refused quickly
    String t = signRaw("{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"typ\":\"at+jwt\"}", p);
    JwtAuthException e =
        assertThrows(
            JwtAuthException.class,
            () -> new TokenVerifier(KEYS, "jwt-auth", 30, 65536, CLOCK).check(t, TokenType.ACCESS));
    assertEquals(ErrorCode.TOKEN_ERROR, e.error());
  }

  @Test
  void whenMissingApiKeyOrJtiThenTokenError() {
    String t =
        signRaw(
            "{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"typ\":\"at+jwt\"}",
            payload(NOW.getEpochSecond() + 60).replace(",\"api_key\":\"k1\"", ""));
    assertEquals(ErrorCode.TOKEN_ERROR, refusal(t));
    String noJti =
        signRaw(
            "{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"typ\":\"at+jwt\"}",
            payload(NOW.getEpochSecond() + 60).replace("\"jti\":\"j1\",", ""));
    assertEquals(ErrorCode.TOKEN_ERROR, refusal(noJti));
  }

  @Test
  void whenTokenTypeClaimIsNullItIsAnAccessTokenAndAnyOtherValueIsNot() {
    String header = "{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"typ\":\"at+jwt\"}";
    String base = payload(NOW.getEpochSecond() + 60);
    verifier.check(
        signRaw(header, base.replace("\"api_key\"", "\"token_type\":null,\"api_key\"")),
        TokenType.ACCESS);
    for (String tokenType : new String[] {"\"refresh\"", "\"access\"", "1", "true", "{}", "[]"}) {
      String t =
          signRaw(
              header, base.replace("\"api_key\"", "\"token_type\":" + tokenType + ",\"api_key\""));
      assertEquals(ErrorCode.INVALID_TOKEN_TYPE, refusal(t), tokenType);
    }
  }

  @Test
  void whenDataOrDataUserIsNotAnObjectThenTokenError() {
    String header = "{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"typ\":\"at+jwt\"}";
    String start =
        "{\"iss\":\"jwt-auth\",\"iat\":"
            + NOW.getEpochSecond()
            + ",\"exp\":"
            + (NOW.getEpochSecond() + 60)
            + ",\"jti\":\"j1\",\"sub\":\"alice\",\"data\":";
    for (String data :
        new String[] {
          "null",
          "\"x\"",
          "[]",
          "{}",
          "{\"user\":null}",
          "{\"user\":[\"k1\"]}",
          "{\"user\":{\"user_login\":\"alice\",\"api_key\":\"\"}}"
        }) {
      assertEquals(ErrorCode.TOKEN_ERROR, refusal(signRaw(header, start + data + "}")), data);
    }
  }

  static final String ACCESS_HEADER =
      "{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"typ\":\"at+jwt\"}";
  static final String REFRESH_HEADER =
      "{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"typ\":\"rt+jwt\"}";

  /** A genuine access token's payload with {@code data.user.id} replaced ("" = removed). */
  static String withId(String idJson) {
    String base = payload(NOW.getEpochSecond() + 60);
    return idJson.isEmpty()
        ? base.replace("\"id\":\"alice\",", "")
        : base.replace("\"id\":\"alice\"", "\"id\":" + idJson);
  }

  static String refresh(String payload) {
    return payload.replace("\"api_key\"", "\"token_type\":\"refresh\",\"api_key\"");
  }

  @Test
  void whenUserIdMissingOrNotAStringOrNumberThenMissingTokenUserId() {
    for (String id : new String[] {"", "true", "{}", "[\"alice\"]"}) {
      assertEquals(
          ErrorCode.MISSING_TOKEN_USER_ID, refusal(signRaw(ACCESS_HEADER, withId(id))), id);
      assertEquals(
          ErrorCode.MISSING_REFRESH_TOKEN_USER_ID,
          refusal(verifier, signRaw(REFRESH_HEADER, refresh(withId(id))), TokenType.REFRESH),
          id);
    }
  }

  @Test
  void whenUserIdIsAStringANumberOrNullThenAcceptedAndComparable() {
    assertEquals(
        KeyPairStatus.idOf("alice"),
        verifier.check(signRaw(ACCESS_HEADER, withId("\"alice\"")), TokenType.ACCESS).userId());
    assertEquals(
        KeyPairStatus.idOf(7L),
        verifier.check(signRaw(ACCESS_HEADER, withId("7.00")), TokenType.ACCESS).userId());
    // a user-sql row without an id is written as null: ours, so not refused here
    assertEquals(
        null, verifier.check(signRaw(ACCESS_HEADER, withId("null")), TokenType.ACCESS).userId());
    User numbered = new User(42L, "alice", "alice@example.org", false, Set.of());
    TokenVerifier.Verified v = verifier.check(issuer.access(numbered, "k1", NOW), TokenType.ACCESS);
    assertEquals(KeyPairStatus.idOf(42L), v.userId());
    assertEquals("alice@example.org", v.email());
    TokenVerifier.Verified r =
        verifier.check(
            issuer.refresh("j1", numbered, "k1", NOW, NOW.plusSeconds(60)), TokenType.REFRESH);
    assertEquals(KeyPairStatus.idOf(42L), r.userId());
  }

  @Test
  void whenRefreshTokenLacksApiKeyThenMissingRefreshTokenApiKey() {
    String base = refresh(payload(NOW.getEpochSecond() + 60));
    for (String apiKey :
        new String[] {"", "\"api_key\":\"\"", "\"api_key\":1", "\"api_key\":null"}) {
      String p =
          apiKey.isEmpty()
              ? base.replace(",\"api_key\":\"k1\"", "")
              : base.replace("\"api_key\":\"k1\"", apiKey);
      assertEquals(
          ErrorCode.MISSING_REFRESH_TOKEN_API_KEY,
          refusal(verifier, signRaw(REFRESH_HEADER, p), TokenType.REFRESH),
          apiKey);
    }
  }

  @Test
  void whenUserEmailMissingOrNotAStringThenInvalidTokenUserEmail() {
    String base = payload(NOW.getEpochSecond() + 60);
    for (String email :
        new String[] {"", "\"user_email\":1", "\"user_email\":{}", "\"user_email\":[]"}) {
      String p =
          email.isEmpty()
              ? base.replace(",\"user_email\":null", "")
              : base.replace("\"user_email\":null", email);
      assertEquals(ErrorCode.INVALID_TOKEN_USER_EMAIL, refusal(signRaw(ACCESS_HEADER, p)), email);
    }
  }

  @Test
  void whenUserTypeMissingOrNotAStringThenTokenError() {
    String base = payload(NOW.getEpochSecond() + 60);
    assertEquals(
        ErrorCode.TOKEN_ERROR,
        refusal(signRaw(ACCESS_HEADER, base.replace("\"type\":\"user\",", ""))));
    assertEquals(
        ErrorCode.TOKEN_ERROR,
        refusal(signRaw(ACCESS_HEADER, base.replace("\"type\":\"user\"", "\"type\":1"))));
  }

  static String header() {
    return "{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"typ\":\"at+jwt\"}";
  }

  /** A payload like {@link #payload} with the given {@code iat} and {@code nbf} (null: none). */
  static String payload(long iat, Long nbf) {
    return "{\"iss\":\"jwt-auth\",\"iat\":"
        + iat
        + (nbf == null ? "" : ",\"nbf\":" + nbf)
        + ",\"exp\":"
        + (NOW.getEpochSecond() + 600)
        + ",\"jti\":\"j1\",\"sub\":\"alice\",\"data\":{\"user\":{\"id\":\"alice\","
        + "\"type\":\"user\",\"user_login\":\"alice\",\"user_email\":null,\"api_key\":\"k1\"}}}";
  }

  @Test
  void whenNotBeforeOrIssuedAtIsPastTheLeewayThenNotValidYet() {
    long now = NOW.getEpochSecond();
    for (String t :
        List.of(
            signRaw(header(), payload(now, now + 31)),
            signRaw(header(), payload(now + 31, null)))) {
      JwtAuthException e =
          assertThrows(JwtAuthException.class, () -> verifier.check(t, TokenType.ACCESS));
      assertEquals(ErrorCode.TOKEN_ERROR, e.error());
      assertEquals("The token is not valid yet.", e.description());
    }
    assertEquals(
        "k1",
        verifier.check(signRaw(header(), payload(now + 30, now + 30)), TokenType.ACCESS).apiKey());
  }

  @Test
  void whenTokenIsExactlyTheMaximumSizeThenAcceptedAndOneCharacterLessMaximumRefused() {
    String t = issuer.access(ALICE, "k1", NOW);
    assertEquals(
        "k1",
        new TokenVerifier(KEYS, "jwt-auth", 30, t.length(), CLOCK)
            .check(t, TokenType.ACCESS)
            .apiKey());
    JwtAuthException e =
        assertThrows(
            JwtAuthException.class,
            () ->
                new TokenVerifier(KEYS, "jwt-auth", 30, t.length() - 1, CLOCK)
                    .check(t, TokenType.ACCESS));
    assertEquals(ErrorCode.TOKEN_ERROR, e.error());
    assertEquals("The token is malformed.", e.description());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "AAAA.AAAA.AAAA.AAAA",
        "AAAA.AAAA.AAAA.",
        "AAAA.AAAA",
        "AAAA",
        "",
        "AAAAA.AAAA.AAAA",
        "AAAA.AAAA.AAAAA",
        "AR.AAAA.AAAA",
        "AAF.AAAA.AAAA",
        "AA\u0080A.AAAA.AAAA",
        "AA\u007fA.AAAA.AAAA",
        "AA=A.AAAA.AAAA",
        "AA+A.AAAA.AAAA"
      })
  void whenNotThreeCanonicalBase64UrlSegmentsThenNotCanonical(String token) {
    assertEquals(false, TokenVerifier.isCanonicalCompactJws(token));
  }

  @ParameterizedTest
  @ValueSource(strings = {"AAAA.AAAA.AAAA", "..", "AQ.AAE.", "Az-_.09az.AAAAAA"})
  void whenThreeCanonicalBase64UrlSegmentsThenCanonical(String token) {
    assertEquals(true, TokenVerifier.isCanonicalCompactJws(token));
  }

  @Test
  void whenTokenHasANonAsciiCharacterThenMalformedNeverAnIndexError() {
    String t = issuer.access(ALICE, "k1", NOW);
    for (char c : new char[] {'\u0080', '\u00ff', '\u20ac'}) {
      String bad = c + t.substring(1);
      JwtAuthException e =
          assertThrows(JwtAuthException.class, () -> verifier.check(bad, TokenType.ACCESS));
      assertEquals("The token is malformed.", e.description());
    }
  }
}
