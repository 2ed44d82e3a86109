package io.github.jwtauth.token;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.json.Json;
import io.github.jwtauth.keys.KeySet;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Verifies a compact JWS issued by jwt-auth: algorithm pinned to the configured one (the header
 * {@code alg} must match, RFC 8725 §3.1), signature, {@code exp} required, {@code iss}, {@code nbf}
 * with leeway, token type by {@code typ} header and claim. Library exceptions are translated here,
 * and only here, into {@link ErrorCode}s with fixed descriptions.
 *
 * <p>Immutable and thread-safe; built once at start.
 */
public final class TokenVerifier {
  private final JWTVerifier verifier;
  private final KeySet keys;
  private final int maxTokenSize;

  public TokenVerifier(
      KeySet keys, String issuer, long leewaySeconds, int maxTokenSize, Clock clock) {
    this.verifier =
        ((JWTVerifier.BaseVerification)
                JWT.require(keys.algorithm()).withIssuer(issuer).acceptLeeway(leewaySeconds))
            .build(clock);
    this.keys = keys;
    this.maxTokenSize = maxTokenSize;
  }

  /**
   * What verification established about a token: the decoded token and the two claims every caller
   * needs, read once from the strictly parsed payload.
   *
   * @param jwt the verified token
   * @param apiKey its {@code data.user.api_key}
   * @param login its {@code data.user.user_login}
   * @param userId its {@code data.user.id} in the form {@link KeyPairStatus#idOf} gives, or null
   *     when the token carries the JSON null our issuer writes for a user without an id
   * @param email its {@code data.user.user_email}, or null
   */
  public record Verified(
      DecodedJWT jwt, String apiKey, String login, String userId, String email) {}

  /**
   * Verifies a token of the expected type and returns what it established.
   *
   * @throws JwtAuthException with the code the client is told
   */
  public Verified check(String token, TokenType expected) {
    if (token == null
        || token.isEmpty()
        || token.length() > maxTokenSize
        || !isCanonicalCompactJws(token)) {
      throw new JwtAuthException(ErrorCode.TOKEN_ERROR, "The token is malformed.");
    }
    DecodedJWT jwt;
    try {
      jwt = JWT.decode(token);
    } catch (JWTDecodeException | IllegalArgumentException | DateTimeException e) {
      // DateTimeException: exp, nbf or iat past the last Instant, which java-jwt decodes before
      // any signature check (found by fuzzing; RELIABILITY.md)
      throw new JwtAuthException(ErrorCode.TOKEN_ERROR, "The token is malformed.");
    }
    // java-jwt keeps the last of duplicate members and turns non-strings into text: other parsers
    // may read such a token differently, so refuse it (RFC 7515 §4, RFC 8725 §3.12). First, before
    // anything reads the decoded token: java-jwt decodes a header or payload of JSON null to null
    // and then fails with a NullPointerException (found by fuzzing; RELIABILITY.md). The strict
    // parse of the payload is also where the claims below are read from.
    strictJson(jwt.getHeader());
    JsonObject payload = strictJson(jwt.getPayload());
    if (!keys.algorithmName().equals(jwt.getAlgorithm())) {
      throw new JwtAuthException(ErrorCode.TOKEN_ERROR, "The token algorithm is not accepted.");
    }
    if (!keys.knows(jwt.getKeyId())) {
      // Never fetched from anywhere (jku, x5u, embedded jwk are ignored): RFC 8725 §3.10.
      throw new JwtAuthException(ErrorCode.TOKEN_ERROR, "The token key id is unknown.");
    }
    try {
      verifier.verify(jwt);
    } catch (AlgorithmMismatchException e) {
      throw new JwtAuthException(ErrorCode.TOKEN_ERROR, "The token algorithm is not accepted.");
    } catch (TokenExpiredException e) {
      throw new JwtAuthException(ErrorCode.TOKEN_EXPIRED);
    } catch (MissingClaimException | IncorrectClaimException e) {
      String claim =
          e instanceof IncorrectClaimException ice
              ? ice.getClaimName()
              : ((MissingClaimException) e).getClaimName();
      if ("iss".equals(claim)) {
        throw new JwtAuthException(ErrorCode.INVALID_TOKEN_ISSUER);
      }
      if ("nbf".equals(claim) || "iat".equals(claim)) {
        throw new JwtAuthException(ErrorCode.TOKEN_ERROR, "The token is not valid yet.");
      }
      throw new JwtAuthException(ErrorCode.TOKEN_ERROR);
    } catch (JWTVerificationException | IllegalArgumentException e) {
      // signature mismatch, undecodable claims of the wrong type, …
      throw new JwtAuthException(ErrorCode.TOKEN_ERROR);
    }
    // RFC 8725 §3.10: refuse headers we do not understand.
    if (!jwt.getHeaderClaim("crit").isMissing()) {
      throw new JwtAuthException(
          ErrorCode.TOKEN_ERROR, "The token has unsupported critical headers.");
    }
    if (jwt.getExpiresAt() == null) {
      throw new JwtAuthException(ErrorCode.MISSING_TOKEN_EXPIRATION);
    }
    for (String name : STRING_CLAIMS) {
      if (!(payload.get(name) instanceof JsonString)) {
        throw new JwtAuthException(ErrorCode.TOKEN_ERROR);
      }
    }
    JsonObject user = user(payload);
    if (typeOf(jwt.getType(), user) != expected) {
      throw new JwtAuthException(ErrorCode.INVALID_TOKEN_TYPE);
    }
    String apiKey = nonEmptyString(user, "api_key");
    if (apiKey == null) {
      // the plugin's code for a refresh token without one; an access token's stays token_error
      throw new JwtAuthException(
          expected == TokenType.REFRESH
              ? ErrorCode.MISSING_REFRESH_TOKEN_API_KEY
              : ErrorCode.TOKEN_ERROR);
    }
    String login = nonEmptyString(user, "user_login");
    if (login == null) {
      throw new JwtAuthException(ErrorCode.TOKEN_ERROR);
    }
    // The other members TokenIssuer always writes: refuse a token without them, or with a value
    // of a type it never writes (a signed token we did not issue, README "Differences from the
    // WordPress plugin").
    String userId = userId(user.get("id"), expected);
    JsonValue email = user.get("user_email");
    if (!(email instanceof JsonString || isNull(email))) {
      throw new JwtAuthException(ErrorCode.INVALID_TOKEN_USER_EMAIL);
    }
    if (!(user.get("type") instanceof JsonString)) {
      throw new JwtAuthException(ErrorCode.TOKEN_ERROR);
    }
    return new Verified(
        jwt, apiKey, login, userId, email instanceof JsonString s ? s.getString() : null);
  }

  /**
   * {@code data.user.id} as {@link KeyPairStatus#idOf} spells the directory's id: a string or a
   * number, or null for the JSON null written for a user whose directory row has no id.
   */
  private static String userId(JsonValue id, TokenType expected) {
    if (id instanceof JsonString s) {
      return KeyPairStatus.idOf(s.getString());
    }
    if (id instanceof JsonNumber n) {
      return KeyPairStatus.idOf(n.bigDecimalValue());
    }
    if (isNull(id)) {
      return null;
    }
    throw new JwtAuthException(
        expected == TokenType.REFRESH
            ? ErrorCode.MISSING_REFRESH_TOKEN_USER_ID
            : ErrorCode.MISSING_TOKEN_USER_ID);
  }

  /**
   * Whether the token is in the one canonical compact serialization (RFC 7515 §7.1): three segments
   * separated by two dots, each base64url without padding (RFC 7515 §2, RFC 4648 §5) whose unused
   * bits in the last character are zero (RFC 4648 §3.5). The decoder java-jwt uses ignores those
   * bits and accepts padding, so without this one token would have several accepted spellings, each
   * its own verified-token cache entry and each missed by a denylist of token text. One pass, no
   * allocation.
   */
  static boolean isCanonicalCompactJws(String token) {
    int segments = 0;
    int start = 0;
    int n = token.length();
    for (int i = 0; i <= n; i++) {
      char c = i < n ? token.charAt(i) : '.';
      if (c == '.') {
        if (++segments > 3) {
          return false;
        }
        int length = i - start;
        if (length % 4 != 0) {
          int last = B64URL[token.charAt(i - 1)];
          // 1 character left over encodes no whole byte; 2 encode one byte (4 bits unused),
          // 3 encode two bytes (2 bits unused)
          int unused = length % 4 == 1 ? -1 : length % 4 == 2 ? 0x0f : 0x03;
          if (unused < 0 || (last & unused) != 0) {
            return false;
          }
        }
        start = i + 1;
      } else if (c >= 128 || B64URL[c] < 0) {
        return false;
      }
    }
    return segments == 3;
  }

  /** The 6-bit value of each base64url character (RFC 4648 §5), -1 for any other character. */
  private static final byte[] B64URL = new byte[128];

  static {
    Arrays.fill(B64URL, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      B64URL[alphabet.charAt(i)] = (byte) i;
    }
  }

  private static final String[] STRING_CLAIMS = {"iss", "jti", "sub"};

  private static JsonObject strictJson(String base64url) {
    String json;
    try {
      json = new String(Base64.getUrlDecoder().decode(base64url), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new JwtAuthException(ErrorCode.TOKEN_ERROR, "The token is malformed.");
    }
    try {
      return Json.parseObject(json);
    } catch (JwtAuthException e) {
      throw new JwtAuthException(ErrorCode.TOKEN_ERROR, "The token is malformed.");
    }
  }

  /**
   * The type a token claims to be by its {@code typ} header and {@code data.user.token_type}, or
   * null when the two disagree.
   */
  private static TokenType typeOf(String typ, JsonObject user) {
    JsonValue tokenType = user.get("token_type");
    if (TokenType.ACCESS.typ().equals(typ)
        && (tokenType == null || tokenType.getValueType() == JsonValue.ValueType.NULL)) {
      return TokenType.ACCESS;
    }
    if (TokenType.REFRESH.typ().equals(typ)
        && tokenType instanceof JsonString s
        && s.getString().equals("refresh")) {
      return TokenType.REFRESH;
    }
    return null;
  }

  /** {@code data.user}, or an empty object when the payload has none. */
  private static JsonObject user(JsonObject payload) {
    if (payload.get("data") instanceof JsonObject data
        && data.get("user") instanceof JsonObject user) {
      return user;
    }
    return JsonValue.EMPTY_JSON_OBJECT;
  }

  private static boolean isNull(JsonValue v) {
    return v != null && v.getValueType() == JsonValue.ValueType.NULL;
  }

  private static String nonEmptyString(JsonObject o, String name) {
    return o.get(name) instanceof JsonString s && !s.getString().isEmpty() ? s.getString() : null;
  }
}
