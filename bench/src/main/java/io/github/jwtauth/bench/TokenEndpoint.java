package io.github.jwtauth.bench;

import io.github.jwtauth.Settings;
import io.github.jwtauth.internal.AttemptLimiter;
import io.github.jwtauth.internal.Audit;
import io.github.jwtauth.internal.RateLimiter;
import io.github.jwtauth.internal.VerifiedSecretCache;
import io.github.jwtauth.keypair.KeyPairStore;
import io.github.jwtauth.keypair.Schema;
import io.github.jwtauth.keypair.SecretHasher;
import io.github.jwtauth.keypair.UserDirectory;
import io.github.jwtauth.token.KeySet;
import io.github.jwtauth.token.RefreshTokenStore;
import io.github.jwtauth.token.TokenIssuer;
import io.github.jwtauth.token.TokenService;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The token endpoint's logic ({@link TokenService}) wired as {@code JwtAuthContext} wires it, with
 * the defaults of {@code Settings}: HS256, bcrypt cost 10, refresh tokens 14 days, chains 90 days,
 * no grace window, 5 failures per key / 20 per address in 15 minutes.
 *
 * <p>The audit trail (one INFO line per exchange or refresh) is switched off: its cost is the
 * logging backend's, not jwt-auth's, and a console handler would measure the terminal.
 *
 * <p>Thread-safe once built.
 */
final class TokenEndpoint {
  private static final Logger AUDIT = Logger.getLogger(Audit.LOGGER); // strong reference

  static {
    AUDIT.setLevel(Level.WARNING);
  }

  final KeySet keys = Fixtures.keys("HS256");
  final Clock clock = Clock.systemUTC();
  final TokenIssuer issuer = Fixtures.issuer(keys, clock);
  final SecretHasher hasher = new SecretHasher(10, new SecureRandom());
  final Schema schema;
  final KeyPairStore store;
  final RefreshTokenStore refreshTokens;
  final TokenService service;

  /** With the secret cache off, so that every exchange pays bcrypt. */
  TokenEndpoint(DataSource ds) {
    this(ds, 0);
  }

  /**
   * @param secretCacheTtlMillis {@code jwt-auth.secret-cache-ttl} (the webapp's default is 5
   *     minutes)
   */
  TokenEndpoint(DataSource ds, long secretCacheTtlMillis) {
    schema = Fixtures.schema(ds);
    store = new KeyPairStore(ds, schema);
    refreshTokens =
        new RefreshTokenStore(
            ds,
            schema,
            Duration.ofDays(14).toSeconds(),
            Duration.ofDays(90).toSeconds(),
            0,
            Settings.DEFAULT_MAX_CHAINS_PER_KEY_PAIR);
    long window = Duration.ofMinutes(15).toSeconds();
    service =
        new TokenService(
            store,
            refreshTokens,
            UserDirectory.container(),
            hasher,
            new VerifiedSecretCache(secretCacheTtlMillis, 10_000, new SecureRandom()),
            issuer,
            Fixtures.verifier(keys, clock),
            new TokenService.Limits(
                new AttemptLimiter(1 << 16, 5, window, window, clock),
                new AttemptLimiter(1 << 16, 5, window, window, clock),
                new AttemptLimiter(1 << 16, 20, window, window, clock),
                new RateLimiter(1 << 16, 0, clock)), // the benchmark repeats one key-pair
            new Audit(clock));
  }

  /** A new key-pair with its own user; returns its api_key. */
  String newKeyPair(String secretHash) {
    String apiKey = hasher.newApiKey();
    store.insert(Fixtures.keyPair(apiKey, "u-" + apiKey, secretHash));
    return apiKey;
  }

  /** The first refresh token of a new chain, minted without bcrypt (setup only). */
  String firstRefreshToken(String apiKey) {
    long now = Instant.now(clock).getEpochSecond();
    String jti = TokenIssuer.newId();
    long expires = refreshTokens.start(jti, apiKey, now, "127.0.0.1");
    return issuer.refresh(
        jti,
        Fixtures.user("u-" + apiKey),
        apiKey,
        Instant.ofEpochSecond(now),
        Instant.ofEpochSecond(expires));
  }
}
