package io.github.jwtauth.bench;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.github.jwtauth.Authentication;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.cache.ExpiringCache;
import io.github.jwtauth.keys.KeySet;
import io.github.jwtauth.store.KeyPairStore;
import io.github.jwtauth.token.BearerAuthenticator;
import io.github.jwtauth.token.TokenIssuer;
import io.github.jwtauth.token.TokenType;
import io.github.jwtauth.token.TokenVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * The verify path, side by side in one run (issue 6, target 2):
 *
 * <ul>
 *   <li>{@code rawHmacSha256}: the yardstick, {@link Mac} HMAC-SHA256 over the token's signing
 *       input (header.payload), whatever the token's algorithm;
 *   <li>{@code seenToken}: {@link BearerAuthenticator#authenticate} of a token verified before,
 *       revocation (key-pair status) check included — the steady-state hot path;
 *   <li>{@code firstSeenToken}: the same with the verified-token cache off, so every call is a full
 *       verification plus the status check (what a token's first request costs);
 *   <li>{@code tokenVerifier}: {@link TokenVerifier#verify} alone, and {@code javaJwtVerify}:
 *       java-jwt's own {@link JWTVerifier#verify(String)} with the same algorithm and claims;
 *   <li>{@code springDecode}: Spring Security's {@code NimbusJwtDecoder.decode} as {@link
 *       SpringPeer} builds it (issue 13's peer: the resource server has no cache, so this is what
 *       it pays on every request);
 *   <li>{@code reject*}: a bad signature, garbage, and an oversized token through the cached
 *       authenticator (the trial fails if any of them entered a cache).
 * </ul>
 *
 * Every call gets the token as a new String (as a request does), so the cache lookup pays for
 * hashing and comparing it. The key-pair lives in a real {@link KeyPairStore} on H2; its status is
 * cached, with the real clock and background renewal. DB round trips are counted per trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class VerifyBenchmark {
  @Param({"HS256", "RS256", "ES256"})
  public String alg;

  private byte[] token;
  private byte[] signingInput;
  private byte[] badSignature;
  private byte[] garbage;
  private byte[] oversized;
  private BearerAuthenticator cached;
  private BearerAuthenticator uncached;
  private ExpiringCache<TokenVerifier.Verified> tokenCache;
  private TokenVerifier verifier;
  private JWTVerifier javaJwt;
  private JwtDecoder spring;
  private CountingDataSource db;
  private ThreadPoolExecutor refresher;
  private long dbAtStart;

  /** One Mac per thread, initialised once: the cheapest honest HMAC-SHA256. */
  @State(Scope.Thread)
  public static class Hmac {
    Mac mac;

    @Setup
    public void setUp() throws Exception {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Fixtures.SECRET, "HmacSHA256"));
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    Clock clock = Clock.systemUTC();
    KeySet keys;
    if (alg.equals("HS256")) {
      keys = Fixtures.keys(alg);
      spring = SpringPeer.hs256(Fixtures.SECRET, Fixtures.ISSUER);
    } else {
      java.security.KeyPair kp = Fixtures.newKeyPair(alg);
      keys = Fixtures.keys(alg, kp);
      spring = SpringPeer.publicKey(alg, kp.getPublic(), keys.activeKid(), Fixtures.ISSUER);
    }
    db = new CountingDataSource(Fixtures.h2("verify" + alg + System.nanoTime()));
    KeyPairStore store = new KeyPairStore(db, Fixtures.schema(db));
    store.insert(Fixtures.keyPair("k1", "alice", "$2a$10$x"));
    TokenIssuer issuer = Fixtures.issuer(keys, clock);
    String t = issuer.access(Fixtures.user("alice"), "k1", clock.instant());
    token = ascii(t);
    signingInput = ascii(t.substring(0, t.lastIndexOf('.')));
    String sig = t.substring(t.lastIndexOf('.') + 1);
    // same length, still base64url, wrong bytes
    String flipped =
        (sig.charAt(0) == 'A' ? 'B' : 'A')
            + sig.substring(1, sig.length() - 2)
            + (sig.charAt(sig.length() - 2) == 'A' ? 'B' : 'A')
            + sig.charAt(sig.length() - 1);
    badSignature = ascii(t.substring(0, t.lastIndexOf('.') + 1) + flipped);
    garbage = ascii(scramble(t));
    oversized = ascii("a".repeat(Fixtures.MAX_TOKEN_SIZE + 1));

    refresher = Fixtures.refresher();
    tokenCache = new ExpiringCache<>(Fixtures.TOKEN_CACHE_SIZE);
    cached =
        Fixtures.authenticator(
            keys,
            store,
            Fixtures.TOKEN_CACHE_SIZE,
            Fixtures.STATUS_CACHE_SIZE,
            clock,
            refresher,
            tokenCache);
    uncached =
        Fixtures.authenticator(keys, store, 0, Fixtures.STATUS_CACHE_SIZE, clock, refresher, null);
    verifier = Fixtures.verifier(keys, clock);
    javaJwt =
        JWT.require(keys.algorithm())
            .withIssuer(Fixtures.ISSUER)
            .acceptLeeway(Fixtures.LEEWAY_SECONDS)
            .build();
    // sanity: every path accepts the valid token and refuses the bad ones
    check(cached.authenticate(Fixtures.fresh(token)).login().equals("alice"), "seen token");
    check(uncached.authenticate(Fixtures.fresh(token)).login().equals("alice"), "first-seen token");
    check(javaJwt.verify(Fixtures.fresh(token)) != null, "java-jwt verify");
    check(spring.decode(Fixtures.fresh(token)).getSubject().equals("alice"), "Spring decode");
    for (byte[] bad : new byte[][] {badSignature, garbage, oversized}) {
      try {
        cached.authenticate(Fixtures.fresh(bad));
        throw new IllegalStateException("an invalid token was accepted");
      } catch (JwtAuthException expected) {
        // refused
      }
      try {
        spring.decode(Fixtures.fresh(bad));
        throw new IllegalStateException("Spring accepted an invalid token");
      } catch (JwtException expected) {
        // refused
      }
    }
    dbAtStart = db.requestThreadConnections();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    refresher.shutdownNow();
    System.out.printf(
        "%n[bench] %s: verified-token cache holds %d token(s); request-thread DB round trips"
            + " during the trial after setup: %d; background renewals: %d%n",
        alg,
        tokenCache.size(),
        db.requestThreadConnections() - dbAtStart,
        db.backgroundConnections());
    // issue 6: invalid tokens never enter any cache
    check(tokenCache.size() == 1, "only the one valid token is cached, found " + tokenCache.size());
  }

  @Benchmark
  public byte[] rawHmacSha256(Hmac h) {
    return h.mac.doFinal(signingInput);
  }

  @Benchmark
  public Authentication seenToken() {
    return cached.authenticate(Fixtures.fresh(token));
  }

  @Benchmark
  public Authentication firstSeenToken() {
    return uncached.authenticate(Fixtures.fresh(token));
  }

  @Benchmark
  public DecodedJWT tokenVerifier() {
    return verifier.check(Fixtures.fresh(token), TokenType.ACCESS).jwt();
  }

  @Benchmark
  public DecodedJWT javaJwtVerify() {
    return javaJwt.verify(Fixtures.fresh(token));
  }

  @Benchmark
  public Jwt springDecode() {
    return spring.decode(Fixtures.fresh(token));
  }

  @Benchmark
  public Object rejectBadSignature() {
    return reject(badSignature);
  }

  @Benchmark
  public Object rejectGarbage() {
    return reject(garbage);
  }

  @Benchmark
  public Object rejectOversized() {
    return reject(oversized);
  }

  private Object reject(byte[] bad) {
    try {
      return cached.authenticate(Fixtures.fresh(bad));
    } catch (JwtAuthException e) {
      return e;
    }
  }

  /**
   * Same length, three dot-separated parts of base64url characters shuffled deterministically: not
   * JSON.
   */
  private static String scramble(String t) {
    StringBuilder out = new StringBuilder();
    for (String part : t.split("\\.")) {
      char[] c = part.toCharArray();
      for (int i = 0; i < c.length; i++) {
        int j = (i * 7919 + 13) % c.length;
        char x = c[i];
        c[i] = c[j];
        c[j] = x;
      }
      out.append(out.length() == 0 ? "" : ".").append(c);
    }
    return out.toString();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("bench self-check failed: " + what);
    }
  }
}
