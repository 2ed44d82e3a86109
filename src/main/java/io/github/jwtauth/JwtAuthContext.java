package io.github.jwtauth;

import io.github.jwtauth.http.ErrorWriter;
import io.github.jwtauth.internal.AttemptLimiter;
import io.github.jwtauth.internal.Audit;
import io.github.jwtauth.internal.ClientAddress;
import io.github.jwtauth.internal.RateLimiter;
import io.github.jwtauth.internal.StatusCache;
import io.github.jwtauth.internal.VerifiedSecretCache;
import io.github.jwtauth.internal.VerifiedTokenCache;
import io.github.jwtauth.keypair.DriverManagerDataSource;
import io.github.jwtauth.keypair.KeyPairStore;
import io.github.jwtauth.keypair.Schema;
import io.github.jwtauth.keypair.SecretHasher;
import io.github.jwtauth.keypair.SqlUserDirectory;
import io.github.jwtauth.keypair.UserDirectory;
import io.github.jwtauth.token.BearerAuthenticator;
import io.github.jwtauth.token.BearerTokenResolver;
import io.github.jwtauth.token.KeyPairStatus;
import io.github.jwtauth.token.KeySet;
import io.github.jwtauth.token.RefreshTokenStore;
import io.github.jwtauth.token.TokenIssuer;
import io.github.jwtauth.token.TokenService;
import io.github.jwtauth.token.TokenVerifier;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Everything one web application's jwt-auth needs, built once from {@link Settings} and kept in the
 * {@link ServletContext} (never in static state), shared by {@link JwtAuthFilter} and {@link
 * TokenServlet}.
 *
 * <p>Thread-safe once built.
 */
final class JwtAuthContext {
  static final String ATTRIBUTE = JwtAuthContext.class.getName();
  private static final System.Logger LOG = System.getLogger("io.github.jwtauth");
  private static final long STOP_WAIT_SECONDS = 5;

  /** Counters per limiter: 64 Ki longs, 512 KiB, fixed at start. */
  private static final int LIMITER_SLOTS = 1 << 16;

  final Settings settings;
  final Clock clock;
  final ErrorWriter errors;
  final BearerTokenResolver resolver;
  final BearerAuthenticator authenticator;
  final TokenService tokens;
  final KeyPairStore keyPairs;
  final UserDirectory users;
  final SecretHasher hasher;
  final Audit audit;
  final ClientAddress clientAddress;
  final KeySet keys;
  private final Refresher refresher;

  private JwtAuthContext(Settings s, KeySet keys, DataSource ds, Clock clock) {
    this.settings = s;
    this.clock = clock;
    this.errors = new ErrorWriter(s.realm());
    this.resolver = new BearerTokenResolver(s.maxTokenSize());
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
    TokenVerifier verifier =
        new TokenVerifier(keys, s.issuer(), s.leeway().toSeconds(), s.maxTokenSize(), clock);
    TokenIssuer issuer = new TokenIssuer(keys, s.issuer(), s.accessTokenTtl(), clock);
    this.refresher = new Refresher();
    StatusCache<String, KeyPairStatus> statuses =
        new StatusCache<>(s.statusCacheTtl().toMillis(), s.statusCacheSize(), clock, refresher);
    this.authenticator =
        new BearerAuthenticator(
            verifier,
            keyPairs,
            users,
            statuses,
            new VerifiedTokenCache<>(s.tokenCacheSize()),
            clock);
    this.audit = new Audit(clock);
    this.clientAddress = ClientAddress.of(s.trustedProxies());
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
  }

  /**
   * One daemon thread renewing key-pair statuses in the background (bounded queue; extra work is
   * dropped and done on the request thread instead); stopped with the web application.
   */
  static final class Refresher extends ThreadPoolExecutor {
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    Refresher() {
      super(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024));
      setThreadFactory(
          r -> {
            Thread t = new Thread(r, "jwt-auth-status-refresh");
            t.setDaemon(true);
            threads.removeIf(old -> !old.isAlive()); // the core thread times out when idle
            threads.add(t);
            return t;
          });
      allowCoreThreadTimeOut(true);
    }

    /**
     * Interrupts the thread and waits for a renewal in flight to end (in practice bounded by the
     * store's query timeout), so that the container finds no thread of ours left when it checks the
     * stopped application for leaks.
     */
    void stop() {
      shutdownNow();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_WAIT_SECONDS);
      try {
        for (Thread t : threads) {
          t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
          if (t.isAlive()) {
            LOG.log(
                System.Logger.Level.WARNING,
                "jwt-auth: a key-pair status renewal was still running {0} s after the stop",
                STOP_WAIT_SECONDS);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops background work; called when the web application stops. */
  static void close(ServletContext ctx) {
    synchronized (ctx) {
      if (ctx.getAttribute(ATTRIBUTE) instanceof JwtAuthContext c) {
        c.refresher.stop();
        ctx.removeAttribute(ATTRIBUTE);
      }
    }
  }

  /** The context of this web application, built on first call from its configuration. */
  static JwtAuthContext obtain(ServletContext ctx) throws ServletException {
    synchronized (ctx) {
      Object existing = ctx.getAttribute(ATTRIBUTE);
      if (existing instanceof JwtAuthContext c) {
        return c;
      }
      Settings settings;
      KeySet keys;
      try {
        settings = Settings.parse(parameters(ctx), System::getenv);
        checkMapping(ctx, settings);
        keys = keys(settings);
      } catch (IllegalArgumentException e) {
        LOG.log(System.Logger.Level.ERROR, "jwt-auth: invalid configuration: {0}", e.getMessage());
        throw new ServletException("jwt-auth: invalid configuration: " + e.getMessage());
      }
      DataSource ds = dataSource(settings);
      Object clock = ctx.getAttribute(Clock.class.getName());
      JwtAuthContext c =
          new JwtAuthContext(settings, keys, ds, clock instanceof Clock k ? k : Clock.systemUTC());
      LOG.log(System.Logger.Level.INFO, "jwt-auth: started with {0}", settings.describe());
      ctx.setAttribute(ATTRIBUTE, c);
      return c;
    }
  }

  /**
   * Every {@code jwt-auth.*} parameter: context-params, then the init-params of the registered
   * JwtAuthFilter and TokenServlet. One name given two different values is an error.
   */
  private static Map<String, String> parameters(ServletContext ctx) {
    Map<String, String> out = new LinkedHashMap<>();
    Enumeration<String> names = ctx.getInitParameterNames();
    while (names.hasMoreElements()) {
      String n = names.nextElement();
      if (n.startsWith(Settings.PREFIX)) {
        out.put(n, ctx.getInitParameter(n));
      }
    }
    Map<String, String> fromComponents = new LinkedHashMap<>();
    try {
      for (FilterRegistration r : ctx.getFilterRegistrations().values()) {
        if (JwtAuthFilter.class.getName().equals(r.getClassName())) {
          merge(fromComponents, r.getInitParameters(), "filter " + r.getName());
        }
      }
      for (ServletRegistration r : ctx.getServletRegistrations().values()) {
        if (TokenServlet.class.getName().equals(r.getClassName())) {
          merge(fromComponents, r.getInitParameters(), "servlet " + r.getName());
        }
      }
    } catch (UnsupportedOperationException e) {
      // a container that does not expose registrations: context-params only
    }
    out.putAll(fromComponents);
    return out;
  }

  private static void merge(Map<String, String> into, Map<String, String> params, String where) {
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (!e.getKey().startsWith(Settings.PREFIX)) {
        continue;
      }
      String before = into.putIfAbsent(e.getKey(), e.getValue());
      if (before != null && !before.equals(e.getValue())) {
        throw new IllegalArgumentException(
            "Parameter "
                + e.getKey()
                + " has different values on the filter and the servlet ("
                + where
                + ")");
      }
    }
  }

  /**
   * The token servlet must be mapped where {@code jwt-auth.base-path} says. Checked here, where the
   * filter's start fails the web application on every container (Tomcat keeps a webapp running when
   * only a servlet fails to start).
   */
  private static void checkMapping(ServletContext ctx, Settings s) {
    String expected = s.basePath() + "/*";
    try {
      for (ServletRegistration r : ctx.getServletRegistrations().values()) {
        if (TokenServlet.class.getName().equals(r.getClassName())
            && !r.getMappings().isEmpty()
            && !r.getMappings().contains(expected)) {
          throw new IllegalArgumentException(
              "Parameter "
                  + Settings.PARAM_BASE_PATH
                  + " is "
                  + s.basePath()
                  + " but servlet "
                  + r.getName()
                  + " is mapped to "
                  + r.getMappings()
                  + "; map it to "
                  + expected);
        }
      }
    } catch (UnsupportedOperationException e) {
      // registrations not exposed: TokenServlet checks its own mapping at init
    }
  }

  /**
   * The signing and verification keys the settings name; IllegalArgumentException names the
   * parameter.
   */
  static KeySet keys(Settings s) {
    if (s.algorithm().startsWith("HS")) {
      return KeySet.hmac(s.algorithm(), s.secret());
    }
    if (s.signingKey() != null) {
      return KeySet.pem(
          s.algorithm(),
          s.signingKey(),
          s.publicKeys(),
          Settings.PARAM_SIGNING_KEY,
          Settings.PARAM_PUBLIC_KEYS);
    }
    char[] password =
        s.keystorePassword() == null ? new char[0] : s.keystorePassword().toCharArray();
    return KeySet.keystore(
        s.algorithm(),
        java.nio.file.Path.of(s.keystore()),
        password,
        s.signingKeyAlias(),
        Settings.PARAM_KEYSTORE);
  }

  private static DataSource dataSource(Settings s) throws ServletException {
    if (s.jdbcUrl() != null) {
      return new DriverManagerDataSource(s.jdbcUrl(), s.jdbcUser(), s.jdbcPassword());
    }
    String name = s.dataSource();
    String jndi = name.startsWith("java:") ? name : "java:comp/env/" + name;
    try {
      Object o = new InitialContext().lookup(jndi);
      if (o instanceof DataSource ds) {
        return ds;
      }
      throw new ServletException(
          "jwt-auth: invalid configuration: Parameter "
              + Settings.PARAM_DATASOURCE
              + ": "
              + jndi
              + " is not a javax.sql.DataSource");
    } catch (NamingException e) {
      throw new ServletException(
          "jwt-auth: invalid configuration: Parameter "
              + Settings.PARAM_DATASOURCE
              + ": no DataSource at "
              + jndi
              + " (declare a <resource-ref> and bind it in the container)");
    }
  }
}
