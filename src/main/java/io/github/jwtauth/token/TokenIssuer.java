package io.github.jwtauth.token;

import com.auth0.jwt.JWT;
import io.github.jwtauth.keys.KeySet;
import io.github.jwtauth.store.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Signs access and refresh tokens with the claims of the original plugin ({@code data.user}) plus
 * {@code iss, iat, nbf, exp, jti, sub}, a {@code typ} header per {@link TokenType}, and the {@code
 * kid} of the active key.
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenIssuer {
  private final KeySet keys;
  private final String issuer;
  private final Duration accessTtl;
  private final Clock clock;

  public TokenIssuer(KeySet keys, String issuer, Duration accessTtl, Clock clock) {
    this.keys = keys;
    this.issuer = issuer;
    this.accessTtl = accessTtl;
    this.clock = clock;
  }

  public Duration accessTtl() {
    return accessTtl;
  }

  /** A new random token id. */
  public static String newId() {
    return UUID.randomUUID().toString();
  }

  public String access(User user, String apiKey, Instant now) {
    return access(user, apiKey, now, null);
  }

  /**
   * An access token that does not outlive its key-pair: its {@code exp} is the access-token
   * lifetime from now, or {@code notAfter} when that comes first.
   *
   * @param notAfter the key-pair's expiry, or null for none
   */
  public String access(User user, String apiKey, Instant now, Instant notAfter) {
    Instant issued = now.truncatedTo(ChronoUnit.SECONDS);
    return sign(TokenType.ACCESS, newId(), user, apiKey, issued, accessExpiry(issued, notAfter));
  }

  /** When an access token issued at {@code issued} expires, given its key-pair's expiry. */
  public Instant accessExpiry(Instant issued, Instant notAfter) {
    Instant exp = issued.truncatedTo(ChronoUnit.SECONDS).plus(accessTtl);
    return notAfter != null && notAfter.isBefore(exp) ? notAfter : exp;
  }

  /**
   * A refresh token. Deterministic for HMAC: the same id, user and times give the same token, so a
   * grace-window retry hands out the very successor issued before.
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
        .withKeyId(keys.activeKid())
        .withIssuer(issuer)
        .withIssuedAt(issued)
        .withNotBefore(issued)
        .withExpiresAt(expires)
        .withJWTId(jti)
        .withSubject(String.valueOf(user.id()))
        .withClaim("data", Map.of("user", u))
        .sign(keys.algorithm());
  }
}
