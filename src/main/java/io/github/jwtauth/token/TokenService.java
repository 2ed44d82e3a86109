package io.github.jwtauth.token;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.audit.Audit;
import io.github.jwtauth.audit.Audit.Event;
import io.github.jwtauth.credential.AttemptLimiter;
import io.github.jwtauth.credential.RateLimiter;
import io.github.jwtauth.credential.SecretFormat;
import io.github.jwtauth.credential.SecretHasher;
import io.github.jwtauth.credential.VerifiedSecretCache;
import io.github.jwtauth.net.IpAddresses;
import io.github.jwtauth.store.KeyPair;
import io.github.jwtauth.store.KeyPairStore;
import io.github.jwtauth.store.RefreshTokenStore;
import io.github.jwtauth.store.User;
import io.github.jwtauth.store.UserDirectory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The token endpoint's logic: exchange a key-pair for tokens, or rotate a refresh token.
 *
 * <ul>
 *   <li>A secret that claims the {@code jwtas_} format with a bad checksum ({@link
 *       SecretFormat#isForgedLookalike}) is refused like a wrong secret, and counted as a failure
 *       like one, before the database or bcrypt is touched.
 *   <li>An unknown key and a wrong secret get the same answer after the same work (one bcrypt). A
 *       secret that passed bcrypt for its key-pair within the last {@code
 *       jwt-auth.secret-cache-ttl} skips it ({@link VerifiedSecretCache}).
 *   <li>Failed exchanges are counted per ({@code api_key}, client address), per client address
 *       (IPv6 per /64) and per {@code api_key}. A pair or an address over its limit gets 429 {@code
 *       rest_authentication_too_many_attempts} before the database or bcrypt is touched. The
 *       per-key count only slows down addresses that have themselves failed at that key: an
 *       attacker at many addresses cannot lock the owner out (the {@code api_key} is no secret: it
 *       is in every token), and each of them gets one guess per key before waiting. Counting the
 *       presented key, known or not, means a locked key and an unknown key look alike.
 *   <li>A key-pair buys at most {@code jwt-auth.max-token-requests-per-minute} tokens per minute on
 *       this node, by exchange and refresh together (429 {@code
 *       rest_authentication_too_many_requests}); only a caller that holds its secret or a refresh
 *       token can spend that budget.
 *   <li>Refresh tokens are single-use; a spent one coming back revokes its chain (RFC 9700
 *       §4.14.2), unless retried within the configured grace window.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class TokenService {
  private static final int MAX_API_KEY_LENGTH = 64;

  /**
   * The counters that bound what a client may try.
   *
   * @param perPair failed exchanges per ({@code api_key}, address): over the limit, that address
   *     waits for that key
   * @param perKey failed exchanges per {@code api_key} from all addresses: over the limit, only
   *     addresses that have failed at that key wait
   * @param perAddress failed exchanges per address, whatever the key
   * @param tokenRate tokens issued per key-pair per minute
   */
  public record Limits(
      AttemptLimiter perPair,
      AttemptLimiter perKey,
      AttemptLimiter perAddress,
      RateLimiter tokenRate) {}

  /**
   * Tokens just issued.
   *
   * @param expiresIn seconds the access token lives (less than the configured lifetime when its
   *     key-pair expires sooner)
   * @param keyPairExpiresAt the key-pair's expiry, epoch seconds, or null for never
   */
  public record Issued(
      String accessToken,
      String refreshToken,
      long expiresIn,
      User user,
      String apiKey,
      Long keyPairExpiresAt) {}

  private final KeyPairStore store;
  private final RefreshTokenStore refreshTokens;
  private final UserDirectory users;
  private final SecretHasher hasher;
  private final VerifiedSecretCache secrets;
  private final TokenIssuer issuer;
  private final TokenVerifier verifier;
  private final Limits limits;
  private final Audit audit;

  public TokenService(
      KeyPairStore store,
      RefreshTokenStore refreshTokens,
      UserDirectory users,
      SecretHasher hasher,
      VerifiedSecretCache secrets,
      TokenIssuer issuer,
      TokenVerifier verifier,
      Limits limits,
      Audit audit) {
    this.store = store;
    this.refreshTokens = refreshTokens;
    this.users = users;
    this.hasher = hasher;
    this.secrets = secrets;
    this.issuer = issuer;
    this.verifier = verifier;
    this.limits = limits;
    this.audit = audit;
  }

  /**
   * A key-pair that authenticated as an OAuth client (RFC 6749 §2.3.1) at the revocation or
   * introspection endpoint.
   *
   * @param apiKey its stored {@code api_key}
   * @param login its owner
   * @param roles its owner's roles as tokens of this key-pair carry them (narrowed to the
   *     key-pair's restriction, if any)
   */
  public record Client(String apiKey, String login, java.util.Set<String> roles) {}

  /** What {@link #check} found: the key-pair, its user, and how its secret was verified. */
  private record Checked(
      KeyPair keyPair, User user, boolean cached, String storedHash, long nowMillis) {}

  /** Exchanges a key-pair for an access token and the first refresh token of a new chain. */
  public Issued exchange(String apiKey, String apiSecret, String clientIp) {
    Checked c = check(apiKey, apiSecret, clientIp);
    String key = c.keyPair().apiKey(); // the stored key from here on, never the text as sent
    User user = c.user();
    spendTokenBudget(key, user, clientIp);
    keep(c, apiSecret);
    Instant now = issuer.now();
    String jti = TokenIssuer.newId();
    long expires = refreshTokens.start(jti, key, now.getEpochSecond(), clientIp);
    audit.log(Event.AUTHN_TOKEN_CREATED, user.login(), user.login(), key, clientIp, null);
    return issued(user, c.keyPair(), jti, now, now.getEpochSecond(), expires);
  }

  /**
   * Authenticates a key-pair sent as client credentials, with the same limits, checks and answers
   * as an exchange (it counts against the same failure counters), but issues nothing and spends no
   * token budget.
   *
   * @throws JwtAuthException {@link ErrorCode#INVALID_CLIENT} for an unknown, wrong, revoked,
   *     expired or disabled key-pair (one answer for all), {@link ErrorCode#TOO_MANY_ATTEMPTS},
   *     {@link ErrorCode#UNAVAILABLE}
   */
  public Client authenticateClient(String apiKey, String apiSecret, String clientIp) {
    Checked c;
    try {
      c = check(apiKey, apiSecret, clientIp);
    } catch (JwtAuthException e) {
      switch (e.error()) {
        case INVALID_API_KEY_SECRET, REVOKED_API_KEY, KEY_PAIR_EXPIRED, INVALID_TOKEN_USER ->
            throw new JwtAuthException(ErrorCode.INVALID_CLIENT);
        default -> throw e;
      }
    }
    keep(c, apiSecret);
    // a key-pair restricted to some of its owner's roles acts with those only
    return new Client(
        c.keyPair().apiKey(), c.user().login(), c.keyPair().restrict(c.user().roles()));
  }

  /** The limits, the checksum, the lookup, bcrypt (or the cache), revocation and the user. */
  private Checked check(String apiKey, String apiSecret, String clientIp) {
    String from = IpAddresses.limiterKey(clientIp);
    String pair = apiKey + '\n' + from; // an address never holds a line feed: pairs cannot collide
    String shown = shown(apiKey);
    long wait = Math.max(limits.perPair.waitSeconds(pair), limits.perAddress.waitSeconds(from));
    if (wait == 0 && limits.perPair.hasFailed(pair)) {
      wait = limits.perKey.waitSeconds(apiKey); // the key is under attack and this address failed
    }
    if (wait > 0) {
      audit.log(Event.EXCESS_RATE_LIMIT_EXCEEDED, shown, null, shown, clientIp, "limit=token");
      throw JwtAuthException.tooManyAttempts(wait);
    }
    if (SecretFormat.isForgedLookalike(apiSecret)) {
      // a jwtas_ secret whose checksum fails is no secret we made: refused as a wrong secret,
      // counted as one, before any database or bcrypt work
      throw failed(apiKey, pair, from, shown, null, clientIp, "secret=bad_checksum");
    }
    Optional<KeyPair> kp =
        apiKey.length() <= MAX_API_KEY_LENGTH ? store.find(apiKey) : Optional.empty();
    String storedHash = kp.map(KeyPair::secretHash).orElse(null);
    long nowMillis = issuer.now().toEpochMilli();
    // the same secret verified a moment ago skips bcrypt; anything else pays it
    boolean cached = secrets.matches(apiKey, apiSecret, storedHash, nowMillis);
    boolean ok = cached || hasher.matches(apiSecret, storedHash);
    if (!ok) {
      throw failed(
          apiKey, pair, from, shown, kp.map(KeyPair::userLogin).orElse(null), clientIp, null);
    }
    limits.perPair.succeeded(pair);
    KeyPair keyPair = kp.get();
    if (keyPair.revoked()) {
      throw new JwtAuthException(ErrorCode.REVOKED_API_KEY);
    }
    if (keyPair.expiredAt(issuer.now().getEpochSecond())) {
      throw new JwtAuthException(ErrorCode.KEY_PAIR_EXPIRED);
    }
    User user = user(keyPair, ErrorCode.INVALID_TOKEN_USER);
    return new Checked(keyPair, user, cached, storedHash, nowMillis);
  }

  /** After a success: a hash of another cost is made again, and the secret remembered. */
  private void keep(Checked c, String apiSecret) {
    String key = c.keyPair().apiKey();
    String storedHash = c.storedHash();
    if (!c.cached() && hasher.needsRehash(storedHash)) {
      String rehashed = hasher.hash(apiSecret);
      store.rehash(key, storedHash, rehashed);
      storedHash = rehashed;
    }
    secrets.remember(key, apiSecret, storedHash, c.nowMillis());
  }

  /**
   * Records a failed exchange (audit line, the three counters) and gives the one answer for an
   * unknown key, a wrong secret and a secret with a bad checksum.
   */
  private JwtAuthException failed(
      String apiKey,
      String pair,
      String from,
      String shown,
      String owner,
      String clientIp,
      String detail) {
    audit.log(Event.AUTHN_LOGIN_FAIL, shown, owner, shown, clientIp, detail);
    boolean pairMax = limits.perPair.failed(pair);
    boolean keyMax = limits.perKey.failed(apiKey);
    boolean addressMax = limits.perAddress.failed(from);
    if (pairMax || keyMax || addressMax) {
      audit.log(
          Event.AUTHN_LOGIN_FAIL_MAX,
          shown,
          owner,
          shown,
          clientIp,
          addressMax ? "limit=address" : pairMax ? "limit=api_key" : "limit=api_key_all");
    }
    return new JwtAuthException(ErrorCode.INVALID_API_KEY_SECRET);
  }

  /** Counts one token bought with a key-pair; over the per-minute budget, 429. */
  private void spendTokenBudget(String apiKey, User user, String clientIp) {
    long wait = limits.tokenRate.acquire(apiKey);
    if (wait > 0) {
      audit.log(
          Event.EXCESS_RATE_LIMIT_EXCEEDED,
          user.login(),
          user.login(),
          apiKey,
          clientIp,
          "limit=token_requests");
      throw JwtAuthException.tooManyRequests(wait);
    }
  }

  /**
   * The presented {@code api_key} as it may appear in the audit trail: a value shaped like a secret
   * (a client that swapped {@code api_key} and {@code api_secret}) is never logged.
   */
  private static String shown(String apiKey) {
    return SecretHasher.looksLikeSecret(apiKey) ? "[redacted]" : apiKey;
  }

  /** Spends a refresh token and issues a new access token and refresh token in its chain. */
  public Issued refresh(String refreshToken, String clientIp) {
    TokenVerifier.Verified v = verifier.check(refreshToken, TokenType.REFRESH);
    String apiKey = v.apiKey();
    KeyPair kp =
        store.find(apiKey).orElseThrow(() -> new JwtAuthException(ErrorCode.INVALID_REFRESH_TOKEN));
    if (kp.revoked()) {
      throw new JwtAuthException(ErrorCode.REVOKED_API_KEY);
    }
    if (kp.expiredAt(issuer.now().getEpochSecond())) {
      throw new JwtAuthException(ErrorCode.KEY_PAIR_EXPIRED);
    }
    if (!kp.userLogin().equals(v.login())) {
      throw new JwtAuthException(ErrorCode.INVALID_REFRESH_TOKEN);
    }
    User user = user(kp, ErrorCode.INVALID_REFRESH_TOKEN);
    spendTokenBudget(apiKey, user, clientIp);
    Instant now = issuer.now();
    RefreshTokenStore.Rotation r =
        refreshTokens.rotate(
            v.jwt().getId(), apiKey, TokenIssuer.newId(), now.getEpochSecond(), clientIp);
    switch (r.outcome()) {
      case UNKNOWN, CHAIN_EXPIRED -> throw new JwtAuthException(ErrorCode.INVALID_REFRESH_TOKEN);
      case REVOKED -> throw new JwtAuthException(ErrorCode.REVOKED_API_KEY); // revoked meanwhile
      case REUSED -> {
        audit.log(
            Event.AUTHN_TOKEN_REUSE, user.login(), user.login(), apiKey, clientIp, "chain=revoked");
        throw new JwtAuthException(ErrorCode.REFRESH_TOKEN_REUSED);
      }
      case ROTATED, GRACE -> {} // its use is recorded in the rotation's transaction
    }
    audit.log(
        Event.AUTHN_TOKEN_REFRESHED,
        user.login(),
        user.login(),
        apiKey,
        clientIp,
        r.outcome() == RefreshTokenStore.Outcome.GRACE ? "grace=retry" : null);
    return issued(user, kp, r.jti(), now, r.issuedAt(), r.expiresAt());
  }

  /** The answer: an access token that does not outlive its key-pair, and the refresh token. */
  private Issued issued(
      User user,
      KeyPair kp,
      String refreshJti,
      Instant now,
      long refreshIssued,
      long refreshExpires) {
    String apiKey = kp.apiKey();
    Instant notAfter = kp.expiresAt() == null ? null : Instant.ofEpochSecond(kp.expiresAt());
    Instant issued = now.truncatedTo(ChronoUnit.SECONDS);
    return new Issued(
        issuer.access(user, apiKey, issued, notAfter),
        issuer.refresh(
            refreshJti,
            user,
            apiKey,
            Instant.ofEpochSecond(refreshIssued),
            Instant.ofEpochSecond(refreshExpires)),
        issuer.accessExpiry(issued, notAfter).getEpochSecond() - issued.getEpochSecond(),
        user,
        apiKey,
        kp.expiresAt());
  }

  private User user(KeyPair kp, ErrorCode ifMissing) {
    Optional<User> u = users.find(kp.userLogin(), kp.roles());
    if (u.isEmpty() || u.get().disabled()) {
      throw new JwtAuthException(ifMissing);
    }
    return u.get();
  }
}
