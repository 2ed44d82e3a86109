package io.github.jwtauth.bench;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.github.jwtauth.Authentication;
import io.github.jwtauth.keys.KeySet;
import io.github.jwtauth.store.KeyPairStore;
import io.github.jwtauth.token.BearerAuthenticator;
import io.github.jwtauth.token.TokenType;
import io.github.jwtauth.token.TokenVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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

/**
 * What a token's first request costs, jwt-auth against its peers (issue 13, item 4), on one token
 * that jwt-auth issued (same key, same claims, {@code typ: at+jwt}) handed over as a new String per
 * call, as a request does:
 *
 * <ul>
 *   <li>{@code jwtAuthFirstSeen}: {@link BearerAuthenticator#authenticate} with the verified-token
 *       cache off (full verification, strict re-parse, claims, and the key-pair status check from
 *       its cache) — what jwt-auth pays for a token it has not seen;
 *   <li>{@code jwtAuthVerifier}: {@link TokenVerifier#check} alone;
 *   <li>{@code jwtAuthSeen}: the same authenticator with its cache on (every later request);
 *   <li>{@code springDecode}: Spring Security's {@code NimbusJwtDecoder.decode} with the validators
 *       of {@link SpringPeer} — what the resource server pays on every request (it has no cache);
 *   <li>{@code javaJwtVerify}: java-jwt's {@link JWTVerifier#verify(String)}, what the naive filter
 *       pays on every request.
 * </ul>
 *
 * RS256 keys are 2048-bit RSA, ES256 keys P-256, fresh per trial; HS256 uses {@link
 * Fixtures#SECRET}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class PeerVerifyBenchmark {
  @Param({"HS256", "RS256", "ES256"})
  public String alg;

  private byte[] token;
  private BearerAuthenticator uncached;
  private BearerAuthenticator cached;
  private TokenVerifier verifier;
  private JwtDecoder spring;
  private JWTVerifier javaJwt;
  private ThreadPoolExecutor refresher;

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
    var db = Fixtures.h2("peers" + alg + System.nanoTime());
    KeyPairStore store = new KeyPairStore(db, Fixtures.schema(db));
    store.insert(Fixtures.keyPair("k1", "alice", "$2a$10$x"));
    refresher = Fixtures.refresher();
    uncached =
        Fixtures.authenticator(keys, store, 0, Fixtures.STATUS_CACHE_SIZE, clock, refresher, null);
    cached =
        Fixtures.authenticator(
            keys,
            store,
            Fixtures.TOKEN_CACHE_SIZE,
            Fixtures.STATUS_CACHE_SIZE,
            clock,
            refresher,
            null);
    verifier = Fixtures.verifier(keys, clock);
    javaJwt =
        JWT.require(keys.algorithm())
            .withIssuer(Fixtures.ISSUER)
            .acceptLeeway(Fixtures.LEEWAY_SECONDS)
            .build();
    String t = Fixtures.issuer(keys, clock).access(Fixtures.user("alice"), "k1", clock.instant());
    token = t.getBytes(StandardCharsets.ISO_8859_1);
    // every path accepts the token as alice's
    check(uncached.authenticate(Fixtures.fresh(token)).login().equals("alice"), "jwt-auth");
    check(spring.decode(Fixtures.fresh(token)).getSubject().equals("alice"), "Spring");
    check(javaJwt.verify(Fixtures.fresh(token)).getSubject().equals("alice"), "java-jwt");
    String bad = t.substring(0, t.length() - 2) + (t.endsWith("A") ? "BB" : "AA");
    try {
      spring.decode(bad);
      throw new IllegalStateException("Spring accepted a damaged token");
    } catch (org.springframework.security.oauth2.jwt.JwtException expected) {
      // refused
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    refresher.shutdownNow();
  }

  @Benchmark
  public Authentication jwtAuthFirstSeen() {
    return uncached.authenticate(Fixtures.fresh(token));
  }

  @Benchmark
  public DecodedJWT jwtAuthVerifier() {
    return verifier.check(Fixtures.fresh(token), TokenType.ACCESS).jwt();
  }

  @Benchmark
  public Authentication jwtAuthSeen() {
    return cached.authenticate(Fixtures.fresh(token));
  }

  @Benchmark
  public Jwt springDecode() {
    return spring.decode(Fixtures.fresh(token));
  }

  @Benchmark
  public DecodedJWT javaJwtVerify() {
    return javaJwt.verify(Fixtures.fresh(token));
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("bench self-check failed: " + what);
    }
  }
}
