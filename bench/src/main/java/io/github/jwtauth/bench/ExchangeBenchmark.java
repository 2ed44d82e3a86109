package io.github.jwtauth.bench;

import io.github.jwtauth.token.TokenService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The token endpoint's exchange (issue 6, target 4): {@link TokenService#exchange} of a key-pair
 * for tokens with the secret cache off (every exchange pays bcrypt, as a first one does), the same
 * client exchanging again within {@code jwt-auth.secret-cache-ttl} (a cache hit), the bcrypt check
 * alone ({@code SecretHasher.matches}, cost 10) and a refresh; one client, on H2 through the
 * library's unpooled DataSource.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class ExchangeBenchmark {
  private TokenEndpoint endpoint;
  private TokenEndpoint cached;
  private String cachedApiKey;
  private String apiKey;
  private String secret;
  private String secretHash;
  private String refreshToken;

  @Setup(Level.Trial)
  public void setUp() {
    endpoint = new TokenEndpoint(Fixtures.h2("exchange" + System.nanoTime()));
    secret = endpoint.hasher.newSecret();
    secretHash = endpoint.hasher.hash(secret);
    apiKey = endpoint.newKeyPair(secretHash);
    refreshToken = endpoint.firstRefreshToken(apiKey);
    cached = new TokenEndpoint(Fixtures.h2("exchange-again" + System.nanoTime()), 5 * 60 * 1000);
    cachedApiKey = cached.newKeyPair(secretHash);
    cached.service.exchange(cachedApiKey, secret, "127.0.0.1"); // the first one pays bcrypt
  }

  @Benchmark
  public TokenService.Issued exchange() {
    return endpoint.service.exchange(apiKey, secret, "127.0.0.1");
  }

  @Benchmark
  public TokenService.Issued exchangeAgain() {
    return cached.service.exchange(cachedApiKey, secret, "127.0.0.1");
  }

  @Benchmark
  public boolean bcryptCheckOnly() {
    return endpoint.hasher.matches(secret, secretHash);
  }

  @Benchmark
  public TokenService.Issued refresh() {
    TokenService.Issued issued = endpoint.service.refresh(refreshToken, "127.0.0.1");
    refreshToken = issued.refreshToken();
    return issued;
  }
}
