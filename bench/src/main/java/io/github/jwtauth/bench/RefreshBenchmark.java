package io.github.jwtauth.bench;

import io.github.jwtauth.store.DriverManagerDataSource;
import io.github.jwtauth.token.TokenService;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * Refresh throughput (issue 6, targets 4 and 5): {@link TokenService#refresh} — verify the refresh
 * token, look the key-pair up, rotate the chain in one transaction, record the use, sign two tokens
 * — by 1, 8 and 64 concurrent clients, each with its own key-pair and chain, on H2 (in memory) and
 * PostgreSQL (own schema {@value Fixtures#POSTGRES_SCHEMA} in the local test database), through a
 * HikariCP pool of 10 ({@code pooled}: a container DataSource) or the library's own unpooled
 * DriverManagerDataSource ({@code unpooled}: {@code jwt-auth.jdbc-url}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class RefreshBenchmark {
  static final int POOL_SIZE = 10;

  @Param({"h2", "postgresql"})
  public String db;

  @Param({"pooled", "unpooled"})
  public String pool;

  TokenEndpoint endpoint;
  private DataSource raw;
  private CountingDataSource counted;
  private final LongAdder calls = new LongAdder();

  /** One client: its own key-pair and refresh-token chain. */
  @State(Scope.Thread)
  public static class Client {
    String refreshToken;

    @Setup(Level.Trial)
    public void setUp(RefreshBenchmark b) {
      refreshToken = b.endpoint.firstRefreshToken(b.endpoint.newKeyPair("$2a$10$x"));
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    String url;
    if (db.equals("postgresql")) {
      Fixtures.resetPostgresSchema();
      url = Fixtures.postgresUrl();
    } else {
      url = "jdbc:h2:mem:refresh" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    }
    boolean h2 = db.equals("h2");
    raw =
        pool.equals("pooled")
            ? Fixtures.pooled(url, POOL_SIZE)
            : new DriverManagerDataSource(url, h2 ? "sa" : null, h2 ? "" : null);
    counted = new CountingDataSource(raw);
    endpoint = new TokenEndpoint(counted);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    long n = calls.sum();
    System.out.printf(
        "%n[bench] refresh %s/%s: %d refreshes, %.2f connections (DB round trips) each%n",
        db, pool, n, n == 0 ? 0.0 : counted.requestThreadConnections() / (double) n);
    if (raw instanceof AutoCloseable c) {
      c.close();
    }
    if (db.equals("postgresql")) {
      Fixtures.dropPostgresSchema();
    }
  }

  private TokenService.Issued refresh(Client c) {
    TokenService.Issued issued = endpoint.service.refresh(c.refreshToken, "127.0.0.1");
    c.refreshToken = issued.refreshToken();
    calls.increment();
    return issued;
  }

  @Benchmark
  @Threads(1)
  public TokenService.Issued clients01(Client c) {
    return refresh(c);
  }

  @Benchmark
  @Threads(8)
  public TokenService.Issued clients08(Client c) {
    return refresh(c);
  }

  @Benchmark
  @Threads(64)
  public TokenService.Issued clients64(Client c) {
    return refresh(c);
  }
}
