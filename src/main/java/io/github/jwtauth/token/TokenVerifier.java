package io.github.jwtauth.token;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.github.jwtauth.http.ErrorCode;
import io.github.jwtauth.http.Json;
import io.github.jwtauth.http.JwtAuthException;
import java.time.Clock;
import java.util.Map;

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
   * Verifies a token of the expected type.
   *
   * @throws JwtAuthException with the code the client is told
   */
  public DecodedJWT verify(String token, TokenType expected) {
    if (token == null || token.isEmpty() || token.length() > maxTokenSize) {
      throw new JwtAuthException(ErrorCode.TOKEN_ERROR, "The token is malformed.");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c >= 128 || !B64TOKEN[c]) { // RFC 6750 §2.1 b64token
        throw new JwtAuthException(ErrorCode.TOKEN_ERROR, "The token is malformed.");
      }
    }
    DecodedJWT jwt;
    try {
      jwt = JWT.decode(token);
    } catch (JWTDecodeException | IllegalArgumentException e) {
      throw new JwtAuthException(ErrorCode.TOKEN_ERROR, "The token is malformed.");
    }
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
    // java-jwt keeps the last of duplicate members and turns non-strings into text: other parsers
    // may read such a token differently, so refuse it (RFC 7515 §4, RFC 8725 §3.12).
    strictJson(jwt.getHeader());
    strictJson(jwt.getPayload());
    for (String name : STRING_CLAIMS) {
      if (jwt.getClaim(name).asString() == null) {
        throw new JwtAuthException(ErrorCode.TOKEN_ERROR);
      }
    }
    TokenType actual = typeOf(jwt);
    if (actual != expected) {
      throw new JwtAuthException(ErrorCode.INVALID_TOKEN_TYPE);
    }
    if (jwt.getId() == null || apiKey(jwt) == null || userLogin(jwt) == null) {
      throw new JwtAuthException(ErrorCode.TOKEN_ERROR);
    }
    return jwt;
  }

  /** RFC 6750 §2.1 b64token characters. */
  private static final boolean[] B64TOKEN = new boolean[128];

  static {
    for (char c = 'A'; c <= 'Z'; c++) {
      B64TOKEN[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      B64TOKEN[c] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      B64TOKEN[c] = true;
    }
    for (char c : "-._~+/=".toCharArray()) {
      B64TOKEN[c] = true;
    }
  }

  private static final String[] STRING_CLAIMS = {"iss", "jti", "sub"};

  private static void strictJson(String base64url) {
    byte[] json;
    try {
      json = java.util.Base64.getUrlDecoder().decode(base64url);
    } catch (IllegalArgumentException e) {
      throw new JwtAuthException(ErrorCode.TOKEN_ERROR, "The token is malformed.");
    }
    try {
      Json.parseObject(json);
    } catch (JwtAuthException e) {
      throw new JwtAuthException(ErrorCode.TOKEN_ERROR, "The token is malformed.");
    }
  }

  /** The type a verified token claims to be, or null when its header and claims disagree. */
  static TokenType typeOf(DecodedJWT jwt) {
    String typ = jwt.getType();
    Object tokenType = user(jwt).get("token_type");
    if (TokenType.ACCESS.typ().equals(typ) && tokenType == null) {
      return TokenType.ACCESS;
    }
    if (TokenType.REFRESH.typ().equals(typ) && "refresh".equals(tokenType)) {
      return TokenType.REFRESH;
    }
    return null;
  }

  /** The {@code data.user.api_key} claim. */
  public static String apiKey(DecodedJWT jwt) {
    return stringOrNull(user(jwt).get("api_key"));
  }

  /** The {@code data.user.user_login} claim. */
  public static String userLogin(DecodedJWT jwt) {
    return stringOrNull(user(jwt).get("user_login"));
  }

  private static String stringOrNull(Object o) {
    return o instanceof String s && !s.isEmpty() ? s : null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> user(DecodedJWT jwt) {
    Claim data = jwt.getClaim("data");
    if (data.isMissing() || data.isNull()) {
      return Map.of();
    }
    try {
      Map<String, Object> map = data.asMap();
      Object user = map == null ? null : map.get("user");
      return user instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    } catch (JWTDecodeException e) {
      return Map.of();
    }
  }
}
