package io.github.jwtauth.bench;

import io.github.jwtauth.audit.Audit;
import io.github.jwtauth.config.Settings;
import io.github.jwtauth.core.JwtAuthCore;
import io.github.jwtauth.credential.SecretHasher;
import io.github.jwtauth.keys.KeySet;
import io.github.jwtauth.store.KeyPairStore;
import io.github.jwtauth.store.RefreshTokenStore;
import io.github.jwtauth.token.TokenIssuer;
import io.github.jwtauth.token.TokenService;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The token endpoint's logic ({@link TokenService}) as the web application wires it: a {@link
 * JwtAuthCore} built from the defaults of {@link Settings} (HS256, bcrypt cost 10, refresh tokens
 * 14 days, chains 90 days, no grace window, 5 failures per key and address / 20 per address in 15
 * minutes), with the per-key-pair token budget lifted, since the benchmark repeats one key-pair.
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
  final JwtAuthCore core;
  final SecretHasher hasher;
  final KeyPairStore store;
  final TokenService service;
  private final RefreshTokenStore setupChains;

  /** With the secret cache off, so that every exchange pays bcrypt. */
  TokenEndpoint(DataSource ds) {
    this(ds, 0);
  }

  /**
   * @param secretCacheTtlMillis {@code jwt-auth.secret-cache-ttl} (the webapp's default is 5
   *     minutes)
   */
  TokenEndpoint(DataSource ds, long secretCacheTtlMillis) {
    Settings settings =
        Settings.parse(
            Map.of(
                "jwt-auth.datasource", "bench",
                "jwt-auth.schema-create", "true",
                "jwt-auth.secret",
                    new String(Fixtures.SECRET, java.nio.charset.StandardCharsets.UTF_8),
                "jwt-auth.secret-cache-ttl", (secretCacheTtlMillis / 1000) + "s",
                "jwt-auth.max-token-requests-per-minute", "0"),
            name -> null);
    core = new JwtAuthCore(settings, keys, ds, clock);
    hasher = core.hasher();
    store = core.keyPairs();
    service = core.tokens();
    setupChains =
        new RefreshTokenStore(
            ds,
            Fixtures.schema(ds),
            settings.refreshTokenTtl().toSeconds(),
            settings.refreshChainLifetime().toSeconds(),
            0,
            settings.maxChainsPerKeyPair());
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
    long expires = setupChains.start(jti, apiKey, now, "127.0.0.1");
    return issuer.refresh(
        jti,
        Fixtures.user("u-" + apiKey),
        apiKey,
        Instant.ofEpochSecond(now),
        Instant.ofEpochSecond(expires));
  }
}
