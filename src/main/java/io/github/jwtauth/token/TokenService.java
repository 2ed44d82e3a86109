package io.github.jwtauth.token;

import com.auth0.jwt.interfaces.DecodedJWT;
import io.github.jwtauth.http.ErrorCode;
import io.github.jwtauth.http.JwtAuthException;
import io.github.jwtauth.internal.LogText;
import io.github.jwtauth.keypair.KeyPair;
import io.github.jwtauth.keypair.KeyPairStore;
import io.github.jwtauth.keypair.SecretHasher;
import io.github.jwtauth.keypair.User;
import io.github.jwtauth.keypair.UserDirectory;
import java.time.Instant;
import java.util.Optional;

/**
 * The token endpoint's logic: exchange a key-pair for tokens, or rotate a refresh token. An
 * unknown key and a wrong secret get the same answer after the same work (one bcrypt).
 *
 * <p>Thread-safe.
 */
public final class TokenService {
  private static final System.Logger AUDIT = System.getLogger("io.github.jwtauth.audit");
  private static final int MAX_API_KEY_LENGTH = 64;

  /** Tokens just issued. */
  public record Issued(String accessToken, String refreshToken, long expiresIn, User user, String apiKey) {}

  private final KeyPairStore store;
  private final RefreshTokenStore refreshTokens;
  private final UserDirectory users;
  private final SecretHasher hasher;
  private final TokenIssuer issuer;
  private final TokenVerifier verifier;

  public TokenService(
      KeyPairStore store,
      RefreshTokenStore refreshTokens,
      UserDirectory users,
      SecretHasher hasher,
      TokenIssuer issuer,
      TokenVerifier verifier) {
    this.store = store;
    this.refreshTokens = refreshTokens;
    this.users = users;
    this.hasher = hasher;
    this.issuer = issuer;
    this.verifier = verifier;
  }

  /** Exchanges a key-pair for an access token and the first refresh token of a new chain. */
  public Issued exchange(String apiKey, String apiSecret, String clientIp) {
    Optional<KeyPair> kp =
        apiKey.length() <= MAX_API_KEY_LENGTH ? store.find(apiKey) : Optional.empty();
    boolean ok = hasher.matches(apiSecret, kp.map(KeyPair::secretHash).orElse(null));
    if (!ok) {
      AUDIT.log(System.Logger.Level.WARNING, "authn_login_fail api_key={0} ip={1}", safe(apiKey), safe(clientIp));
      throw new JwtAuthException(ErrorCode.INVALID_API_KEY_SECRET);
    }
    if (kp.get().revoked()) {
      throw new JwtAuthException(ErrorCode.REVOKED_API_KEY);
    }
    User user = user(kp.get(), ErrorCode.INVALID_TOKEN_USER);
    Instant now = issuer.now();
    String jti = TokenIssuer.newId();
    refreshTokens.start(
        jti, apiKey, now.getEpochSecond(), now.plus(issuer.refreshTtl()).getEpochSecond());
    store.touch(apiKey, now.getEpochSecond(), clientIp);
    AUDIT.log(System.Logger.Level.INFO, "authn_token_created user={0} api_key={1} ip={2}", safe(user.login()), apiKey, safe(clientIp));
    return issued(user, apiKey, jti, now);
  }

  /** Spends a refresh token and issues a new access token and refresh token in its chain. */
  public Issued refresh(String refreshToken, String clientIp) {
    DecodedJWT jwt = verifier.verify(refreshToken, TokenType.REFRESH);
    String apiKey = TokenVerifier.apiKey(jwt);
    KeyPair kp = store.find(apiKey).orElseThrow(() -> new JwtAuthException(ErrorCode.INVALID_REFRESH_TOKEN));
    if (kp.revoked()) {
      throw new JwtAuthException(ErrorCode.REVOKED_API_KEY);
    }
    if (!kp.userLogin().equals(TokenVerifier.userLogin(jwt))) {
      throw new JwtAuthException(ErrorCode.INVALID_REFRESH_TOKEN);
    }
    User user = user(kp, ErrorCode.INVALID_REFRESH_TOKEN);
    Instant now = issuer.now();
    String successor = TokenIssuer.newId();
    RefreshTokenStore.Outcome outcome =
        refreshTokens.rotate(
            jwt.getId(),
            apiKey,
            successor,
            now.getEpochSecond(),
            now.plus(issuer.refreshTtl()).getEpochSecond());
    switch (outcome) {
      case UNKNOWN -> throw new JwtAuthException(ErrorCode.INVALID_REFRESH_TOKEN);
      case REUSED -> {
        AUDIT.log(System.Logger.Level.ERROR, "authn_token_reuse user={0} api_key={1} ip={2}", safe(user.login()), apiKey, safe(clientIp));
        throw new JwtAuthException(ErrorCode.REFRESH_TOKEN_REUSED);
      }
      case ROTATED -> {}
    }
    store.touch(apiKey, now.getEpochSecond(), clientIp);
    AUDIT.log(System.Logger.Level.INFO, "authn_token_refreshed user={0} api_key={1} ip={2}", safe(user.login()), apiKey, safe(clientIp));
    return issued(user, apiKey, successor, now);
  }

  private Issued issued(User user, String apiKey, String refreshJti, Instant now) {
    return new Issued(
        issuer.access(user, apiKey, now),
        issuer.refresh(refreshJti, user, apiKey, now),
        issuer.accessTtl().toSeconds(),
        user,
        apiKey);
  }

  private User user(KeyPair kp, ErrorCode ifMissing) {
    Optional<User> u = users.find(kp.userLogin(), kp.roles());
    if (u.isEmpty() || u.get().disabled()) {
      throw new JwtAuthException(ifMissing);
    }
    return u.get();
  }

  private static String safe(String s) {
    return LogText.safe(s);
  }

}
