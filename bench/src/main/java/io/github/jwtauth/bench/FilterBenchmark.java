package io.github.jwtauth.bench;

import io.github.jwtauth.JwtAuthFilter;
import io.github.jwtauth.keys.KeySet;
import io.github.jwtauth.store.DriverManagerDataSource;
import io.github.jwtauth.store.KeyPairStore;
import io.github.jwtauth.web.BearerTokenResolver;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link JwtAuthFilter#doFilter} itself, without a container: the same filter a container would
 * build (initialised from context-params through a stub ServletContext: H2 jdbc-url, HS256, the
 * defaults), called with a minimal request whose {@code Authorization} header is absent ({@code
 * anonymous}) or a valid Bearer token ({@code bearer}, token seen before), and a chain that only
 * asks {@code getRemoteUser()}. The difference is what jwt-auth adds to an authenticated request;
 * run-load.sh measures it inside Jetty and Tomcat. The {@code part*} benchmarks split {@code
 * bearer} up (compare with VerifyBenchmark.seenToken for the authenticator's share).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class FilterBenchmark {
  private static final String JDBC_URL = "jdbc:h2:mem:filterbench;DB_CLOSE_DELAY=-1";

  private JwtAuthFilter filter;
  private final BearerTokenResolver resolver = new BearerTokenResolver(Fixtures.MAX_TOKEN_SIZE);
  private byte[] header;
  private byte[] token;
  private HttpServletResponse response;
  private ServletContext context;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Map<String, String> params =
        Map.of(
            "jwt-auth.jdbc-url",
            JDBC_URL,
            "jwt-auth.jdbc-user",
            "sa",
            "jwt-auth.secret",
            new String(Fixtures.SECRET, StandardCharsets.UTF_8),
            "jwt-auth.schema-create",
            "true");
    Map<String, Object> attributes = new HashMap<>();
    context =
        (ServletContext)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ServletContext.class},
                (p, m, a) ->
                    switch (m.getName()) {
                      case "getInitParameterNames" -> Collections.enumeration(params.keySet());
                      case "getInitParameter" -> params.get((String) a[0]);
                      case "getAttribute" -> attributes.get((String) a[0]);
                      case "setAttribute" -> attributes.put((String) a[0], a[1]);
                      case "removeAttribute" -> attributes.remove((String) a[0]);
                      case "getFilterRegistrations", "getServletRegistrations" ->
                          throw new UnsupportedOperationException();
                      case "getContextPath" -> "";
                      case "log" -> null;
                      case "hashCode" -> System.identityHashCode(p);
                      case "equals" -> p == a[0];
                      case "toString" -> "stub context";
                      default -> throw new UnsupportedOperationException(m.getName());
                    });
    FilterConfig config = Fixtures.filterConfig(context);
    filter = new JwtAuthFilter();
    filter.init(config);
    // a key-pair and a token, with the library's classes, in the database the filter uses
    DriverManagerDataSource ds = new DriverManagerDataSource(JDBC_URL, "sa", "");
    new KeyPairStore(ds, Fixtures.schema(ds)).insert(Fixtures.keyPair("k1", "alice", "$2a$10$x"));
    KeySet keys = Fixtures.keys("HS256");
    String token =
        Fixtures.issuer(keys, Clock.systemUTC())
            .access(Fixtures.user("alice"), "k1", Clock.systemUTC().instant());
    header = ("Bearer " + token).getBytes(StandardCharsets.ISO_8859_1);
    this.token = token.getBytes(StandardCharsets.ISO_8859_1);
    response =
        (HttpServletResponse)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (p, m, a) -> {
                  throw new IllegalStateException("the filter wrote a response: " + m.getName());
                });
    String[] seen = new String[1];
    filter.doFilter(
        new Req(Fixtures.fresh(header)),
        response,
        (rq, rs) -> seen[0] = ((HttpServletRequest) rq).getRemoteUser());
    if (!"alice".equals(seen[0])) {
      throw new IllegalStateException("bench self-check failed: " + seen[0]);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    filter.destroy();
  }

  @Benchmark
  public void anonymous(Blackhole bh) throws Exception {
    filter.doFilter(new Req(null), response, chain(bh));
  }

  @Benchmark
  public void bearer(Blackhole bh) throws Exception {
    filter.doFilter(new Req(Fixtures.fresh(header)), response, chain(bh));
  }

  // The parts of bearer(), to see where its time goes:

  /** The copy of the header every call makes (the container's work, not jwt-auth's). */
  @Benchmark
  public String partHeaderCopy() {
    return Fixtures.fresh(header);
  }

  /** {@link BearerTokenResolver#resolve}: read the header, check and cut out the token. */
  @Benchmark
  public String partResolve() {
    return resolver.resolve(new Req(Fixtures.fresh(header)));
  }

  /**
   * {@code String.hashCode()} of a new token String: what the verified-token cache lookup pays
   * first.
   */
  @Benchmark
  public int partTokenHashCode() {
    return Fixtures.fresh(token).hashCode();
  }

  private static FilterChain chain(Blackhole bh) {
    return (ServletRequest rq, ServletResponse rs) ->
        bh.consume(((HttpServletRequest) rq).getRemoteUser());
  }

  /** The request as a container presents it, reduced to what the filter and the chain ask. */
  static final class Req extends HttpServletRequestWrapper {
    private static final HttpServletRequest NONE =
        (HttpServletRequest)
            Proxy.newProxyInstance(
                Req.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (p, m, a) -> {
                  throw new UnsupportedOperationException(m.getName());
                });
    private final String authorization;
    private Object attribute1;
    private Object attribute2;

    Req(String authorization) {
      super(NONE);
      this.authorization = authorization;
    }

    @Override
    public String getMethod() {
      return "GET";
    }

    @Override
    public String getHeader(String name) {
      return "Authorization".equalsIgnoreCase(name) ? authorization : null;
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return authorization != null && "Authorization".equalsIgnoreCase(name)
          ? Collections.enumeration(List.of(authorization))
          : Collections.emptyEnumeration();
    }

    @Override
    public String getServletPath() {
      return "/hello";
    }

    @Override
    public String getPathInfo() {
      return null;
    }

    @Override
    public Principal getUserPrincipal() {
      return null;
    }

    @Override
    public String getRemoteUser() {
      return null;
    }

    @Override
    public void setAttribute(String name, Object o) {
      if (attribute1 == null) {
        attribute1 = o;
      } else {
        attribute2 = o;
      }
    }

    @Override
    public Object getAttribute(String name) {
      return attribute2 != null ? attribute2 : attribute1;
    }
  }
}
