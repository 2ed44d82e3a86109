package io.github.jwtauth.token;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.github.jwtauth.keypair.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Signs access and refresh tokens with the claims of the original plugin ({@code data.user})
 * plus {@code iss, iat, nbf, exp, jti, sub}, and a {@code typ} header per {@link TokenType}.
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenIssuer {
  private final Algorithm algorithm;
  private final String issuer;
  private final Duration accessTtl;
  private final Duration refreshTtl;
  private final Clock clock;

  public TokenIssuer(
      Algorithm algorithm, String issuer, Duration accessTtl, Duration refreshTtl, Clock clock) {
    this.algorithm = algorithm;
    this.issuer = issuer;
    this.accessTtl = accessTtl;
    this.refreshTtl = refreshTtl;
    this.clock = clock;
  }

  public Duration accessTtl() {
    return accessTtl;
  }

  public Duration refreshTtl() {
    return refreshTtl;
  }

  /** A new random token id. */
  public static String newId() {
    return UUID.randomUUID().toString();
  }

  public String access(User user, String apiKey, Instant now) {
    Instant issued = now.truncatedTo(ChronoUnit.SECONDS);
    return sign(TokenType.ACCESS, newId(), user, apiKey, issued, issued.plus(accessTtl));
  }

  /**
   * A refresh token. Deterministic for HMAC: the same id, user and times give the same token, so
   * a grace-window retry hands out the very successor issued before.
   */
  public String refresh(String jti, User user, String apiKey, Instant issued, Instant expires) {
    return sign(TokenType.REFRESH, jti, user, apiKey, issued, expires);
  }

  public Instant now() {
    return clock.instant();
  }

  private String sign(
      TokenType type, String jti, User user, String apiKey, Instant issued, Instant expires) {
    Map<String, Object> u = new LinkedHashMap<>();
    u.put("id", user.id());
    u.put("type", "user");
    u.put("user_login", user.login());
    u.put("user_email", user.email());
    u.put("api_key", apiKey);
    if (type == TokenType.REFRESH) {
      u.put("token_type", "refresh");
    }
    return JWT.create()
        .withHeader(Map.of("typ", type.typ()))
        .withIssuer(issuer)
        .withIssuedAt(issued)
        .withNotBefore(issued)
        .withExpiresAt(expires)
        .withJWTId(jti)
        .withSubject(String.valueOf(user.id()))
        .withClaim("data", Map.of("user", u))
        .sign(algorithm);
  }
}
