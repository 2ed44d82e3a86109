package io.github.jwtauth.it.attack;

import static io.github.jwtauth.testsupport.Forgery.with;
import static io.github.jwtauth.testsupport.Forgery.withUser;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.jwtauth.testsupport.AttackFixture;
import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Forgery;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Correctly signed tokens with bad claims (README, "Security model": forged or tampered tokens),
 * over HTTP against Jetty 12 and Tomcat 11: expired or not yet valid beyond the leeway, no {@code
 * exp}, claims and headers of the wrong JSON type, and duplicate member names (RFC 8725 §3.11).
 * Signed with each deployment's own key, so only the claim can make the server refuse the token.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Container.Kind.class)
class ClaimAttackIT extends AttackFixture {
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
  void whenATimeClaimIsPastTheLastInstantThen401TokenErrorNot500() {
    // found by fuzzing (RELIABILITY.md): the library's DateTimeException for a time claim past
    // the last Instant escaped the verifier, before any signature check
    BigDecimal far = new BigDecimal("99999999E9");
    for (String claim : new String[] {"exp", "nbf", "iat"}) {
      refused(hs, hs.sign(hs.header(), hs.claims(b -> b.add(claim, far))), TOKEN_ERROR);
      refused(hs, hs.sign(hs.header(), hs.claims(b -> b.add(claim, far.negate()))), TOKEN_ERROR);
    }
    refused(es, es.sign(es.header(), es.claims(b -> b.add("exp", far))), TOKEN_ERROR);
  }

  @Test
  void whenHeaderOrPayloadIsJsonNullThen401TokenErrorNot500() {
    // found by fuzzing (RELIABILITY.md): the library decoded them to null and threw
    // NullPointerException, for the header before any signature check
    refused(hs, Forgery.b64("null") + "." + Forgery.b64("{}") + ".AAAA", TOKEN_ERROR);
    refused(hs, hs.signText(hs.header().toString(), "null"), TOKEN_ERROR);
    refused(es, es.signText("null", es.claims(b -> b).toString()), TOKEN_ERROR);
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

  /**
   * Signed with the deployment's own key but without a {@code data.user} member our issuer always
   * writes: refused with the plugin's codes (README, "Differences from the WordPress plugin").
   */
  @Test
  void whenTokenLacksDataUserIdThen401MissingTokenUserId() {
    refused(
        hs,
        hs.sign(hs.header(), withUser(hs.claims(b -> b), u -> u.remove("id"))),
        "rest_authentication_missing_token_user_id");
    refused(
        es,
        es.sign(es.header(), withUser(es.claims(b -> b), u -> u.remove("id"))),
        "rest_authentication_missing_token_user_id");
    refused(
        hs,
        hs.sign(hs.header(), withUser(hs.claims(b -> b), u -> u.remove("user_email"))),
        "rest_authentication_invalid_token_user_email");
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
        Arguments.of(
            "data.user.id as object",
            userClaim("id", emptyObject),
            "rest_authentication_missing_token_user_id"),
        Arguments.of(
            "user_email as number",
            userClaim("user_email", num(42)),
            "rest_authentication_invalid_token_user_email"),
        Arguments.of("data.user.type as number", userClaim("type", num(1)), TOKEN_ERROR),
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
}
