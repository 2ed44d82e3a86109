package io.github.jwtauth.token;

import io.github.jwtauth.Authentication;
import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.cache.ExpiringCache;
import io.github.jwtauth.store.KeyPair;
import io.github.jwtauth.store.KeyPairStore;
import io.github.jwtauth.store.User;
import io.github.jwtauth.store.UserDirectory;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Authenticates an access token: verifies it, then checks its key-pair and user against the status
 * cache (a database round trip only when the cached status is older than the configured staleness).
 * A key-pair's expiry travels in its status and is compared with the clock on every request, so its
 * tokens stop at that second even while the status is cached. The roles are the owner's current
 * ones, narrowed to the key-pair's restriction when it has one. If the status cannot be known,
 * nothing is authenticated: {@code rest_authentication_unavailable}.
 *
 * <p>Thread-safe.
 */
public final class BearerAuthenticator {
  private final TokenVerifier verifier;
  private final KeyPairStore store;
  private final UserDirectory users;
  private final StatusCache<String, KeyPairStatus> statuses;
  private final ExpiringCache<TokenVerifier.Verified> verified;
  private final Clock clock;

  public BearerAuthenticator(
      TokenVerifier verifier,
      KeyPairStore store,
      UserDirectory users,
      StatusCache<String, KeyPairStatus> statuses,
      ExpiringCache<TokenVerifier.Verified> verifiedTokens,
      Clock clock) {
    this.verifier = verifier;
    this.store = store;
    this.users = users;
    this.statuses = statuses;
    this.verified = verifiedTokens;
    this.clock = clock;
  }

  /**
   * Authenticates an access token: a token seen before costs a lookup, a new one a full
   * verification; either way the key-pair status (revocation, user) is checked.
   */
  public Authentication authenticate(String token) {
    long now = clock.millis();
    TokenVerifier.Verified v = verified.get(token, now);
    if (v == null) {
      v = verifier.check(token, TokenType.ACCESS);
      verified.put(token, v, v.jwt().getExpiresAtAsInstant().toEpochMilli(), now);
    }
    KeyPairStatus status = statuses.get(v.apiKey(), this::load);
    if (!status.active()) {
      throw new JwtAuthException(ErrorCode.REVOKED_API_KEY);
    }
    if (status.expiredAt(now)) {
      throw new JwtAuthException(ErrorCode.KEY_PAIR_EXPIRED);
    }
    // The plugin's checks of the token's user (README, "Differences from the WordPress plugin"),
    // against the cached status: no database work here.
    if (!status.userExists() || !Objects.equals(status.userId(), v.userId())) {
      throw new JwtAuthException(ErrorCode.INVALID_TOKEN_WP_USER); // deleted, or login reused
    }
    if (!status.userValid()) {
      throw new JwtAuthException(ErrorCode.INVALID_TOKEN_USER);
    }
    if (!status.login().equals(v.login())) {
      throw new JwtAuthException(ErrorCode.INVALID_TOKEN_USER_LOGIN);
    }
    if (!Objects.equals(status.email(), v.email())) {
      throw new JwtAuthException(ErrorCode.INVALID_TOKEN_USER_EMAIL);
    }
    return new Authentication(status.login(), status.roles(), v.apiKey(), v.jwt());
  }

  /**
   * Marks key-pairs revoked on this node at once (other nodes see it within the staleness bound).
   */
  public void revoked(List<String> apiKeys) {
    for (String k : apiKeys) {
      statuses.put(k, KeyPairStatus.REVOKED);
    }
  }

  private KeyPairStatus load(String apiKey) {
    Optional<KeyPair> kp = store.find(apiKey);
    if (kp.isEmpty() || kp.get().revoked()) {
      return KeyPairStatus.REVOKED;
    }
    Optional<User> user = users.find(kp.get().userLogin(), kp.get().roles());
    boolean valid = user.isPresent() && !user.get().disabled();
    return new KeyPairStatus(
        true,
        kp.get().userLogin(),
        valid,
        valid ? kp.get().restrict(user.get().roles()) : java.util.Set.of(),
        user.isPresent(),
        user.map(u -> KeyPairStatus.idOf(u.id())).orElse(null),
        user.map(User::email).orElse(null),
        kp.get().expiresAt());
  }
}
