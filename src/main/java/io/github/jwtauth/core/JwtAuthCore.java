package io.github.jwtauth.core;

import io.github.jwtauth.audit.Audit;
import io.github.jwtauth.cache.ExpiringCache;
import io.github.jwtauth.config.Settings;
import io.github.jwtauth.credential.AttemptLimiter;
import io.github.jwtauth.credential.KeyPairService;
import io.github.jwtauth.credential.RateLimiter;
import io.github.jwtauth.credential.SecretHasher;
import io.github.jwtauth.credential.VerifiedSecretCache;
import io.github.jwtauth.keys.KeySet;
import io.github.jwtauth.store.KeyPairStore;
import io.github.jwtauth.store.RefreshTokenStore;
import io.github.jwtauth.store.Schema;
import io.github.jwtauth.store.SqlUserDirectory;
import io.github.jwtauth.store.UserDirectory;
import io.github.jwtauth.token.BearerAuthenticator;
import io.github.jwtauth.token.KeyPairStatus;
import io.github.jwtauth.token.StatusCache;
import io.github.jwtauth.token.TokenIssuer;
import io.github.jwtauth.token.TokenRevocation;
import io.github.jwtauth.token.TokenService;
import io.github.jwtauth.token.TokenVerifier;
import java.security.SecureRandom;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * The servlet-free core of one configuration, wired once by constructor injection from {@link
 * Settings}, the keys, a {@link DataSource} and a {@link Clock}: the authenticator of Bearer
 * tokens, the token service of the token endpoint, the key-pair service, the stores, the user
 * directory, the hasher and the audit trail. Every way in (the servlet filter and endpoints, the
 * benchmarks) is an adapter over one of these; it knows nothing of HTTP.
 *
 * <p>Thread-safe once built. {@link #close()} stops its background thread.
 */
public final class JwtAuthCore implements AutoCloseable {
  /** Counters per limiter: 64 Ki longs, 512 KiB, fixed at start. */
  private static final int LIMITER_SLOTS = 1 << 16;

  private final Settings settings;
  private final Clock clock;
  private final KeySet keys;
  private final KeyPairStore keyPairs;
  private final UserDirectory users;
  private final SecretHasher hasher;
  private final Audit audit;
  private final BearerAuthenticator authenticator;
  private final TokenService tokens;
  private final KeyPairService keyPairService;
  private final TokenRevocation revocation;
  private final StatusRefresher refresher = new StatusRefresher();

  public JwtAuthCore(Settings s, KeySet keys, DataSource ds, Clock clock) {
    this.settings = s;
    this.clock = clock;
    this.keys = keys;
    Schema schema = new Schema(ds, s.schemaCreate());
    schema.tryAtStart();
    this.keyPairs = new KeyPairStore(ds, schema);
    this.users =
        s.userSql() != null
            ? new SqlUserDirectory(ds, s.userSql(), s.rolesSql())
            : UserDirectory.container();
    SecureRandom random = new SecureRandom();
    this.hasher = new SecretHasher(s.bcryptCost(), random);
    this.audit = new Audit(clock);
    TokenVerifier verifier =
        new TokenVerifier(keys, s.issuer(), s.leeway().toSeconds(), s.maxTokenSize(), clock);
    TokenIssuer issuer = new TokenIssuer(keys, s.issuer(), s.accessTokenTtl(), clock);
    StatusCache<String, KeyPairStatus> statuses =
        new StatusCache<>(s.statusCacheTtl().toMillis(), s.statusCacheSize(), clock, refresher);
    this.authenticator =
        new BearerAuthenticator(
            verifier, keyPairs, users, statuses, new ExpiringCache<>(s.tokenCacheSize()), clock);
    long window = s.failureWindow().toSeconds();
    long maxWait = s.lockoutMax().toSeconds();
    RefreshTokenStore refreshTokens =
        new RefreshTokenStore(
            ds,
            schema,
            s.refreshTokenTtl().toSeconds(),
            s.refreshChainLifetime().toSeconds(),
            s.refreshGrace().toSeconds(),
            s.maxChainsPerKeyPair());
    this.tokens =
        new TokenService(
            keyPairs,
            refreshTokens,
            users,
            hasher,
            new VerifiedSecretCache(s.secretCacheTtl().toMillis(), s.statusCacheSize(), random),
            issuer,
            verifier,
            new TokenService.Limits(
                new AttemptLimiter(LIMITER_SLOTS, s.maxFailuresPerKey(), maxWait, window, clock),
                new AttemptLimiter(LIMITER_SLOTS, s.maxFailuresPerKey(), maxWait, window, clock),
                new AttemptLimiter(
                    LIMITER_SLOTS, s.maxFailuresPerAddress(), maxWait, window, clock),
                new RateLimiter(LIMITER_SLOTS, s.maxTokenRequestsPerMinute(), clock)),
            audit);
    this.keyPairService =
        new KeyPairService(
            keyPairs,
            hasher,
            audit,
            clock,
            s.maxKeyPairsPerUser(),
            authenticator::revoked,
            new KeyPairService.Lifetimes(s.keyPairMaxLifetime(), s.keyPairDefaultLifetime()));
    this.revocation =
        new TokenRevocation(verifier, authenticator, refreshTokens, keyPairService, audit, clock);
  }

  public Settings settings() {
    return settings;
  }

  public Clock clock() {
    return clock;
  }

  public KeySet keys() {
    return keys;
  }

  /** Authenticates Bearer access tokens (the hot path). */
  public BearerAuthenticator authenticator() {
    return authenticator;
  }

  /** Exchanges key-pairs and refresh tokens for tokens. */
  public TokenService tokens() {
    return tokens;
  }

  /**
   * Creates, lists and revokes key-pairs, capped per user; revocations reach {@link
   * #authenticator()} at once.
   */
  public KeyPairService keyPairService() {
    return keyPairService;
  }

  /** RFC 7009 revocation of refresh-token chains and of key-pairs by their access tokens. */
  public TokenRevocation revocation() {
    return revocation;
  }

  public KeyPairStore keyPairs() {
    return keyPairs;
  }

  public UserDirectory users() {
    return users;
  }

  public SecretHasher hasher() {
    return hasher;
  }

  public Audit audit() {
    return audit;
  }

  /** Stops the background status renewal. */
  @Override
  public void close() {
    refresher.stop();
  }
}
