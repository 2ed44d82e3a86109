package io.github.jwtauth.bench;

import io.github.jwtauth.JwtAuthFilter;
import io.github.jwtauth.container.ContainerModeInitializer;
import io.github.jwtauth.keys.KeySet;
import io.github.jwtauth.store.DriverManagerDataSource;
import io.github.jwtauth.store.KeyPairStore;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.security.auth.message.config.AuthConfigProvider;
import jakarta.security.auth.message.config.ServerAuthConfig;
import jakarta.security.auth.message.config.ServerAuthContext;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.security.auth.Subject;
import org.apache.catalina.Container;
import org.apache.catalina.authenticator.jaspic.CallbackHandlerImpl;
import org.apache.catalina.authenticator.jaspic.MessageInfoImpl;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.realm.MessageDigestCredentialHandler;
import org.apache.catalina.realm.RealmBase;
import org.apache.juli.logging.LogFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Container mode's per-request path on Tomcat 11 without the network: jwt-auth's module registered
 * by its own {@link ContainerModeInitializer} (stub ServletContext: web.xml with a
 * security-constraint and a BASIC login-config) in Tomcat's {@code AuthConfigFactoryImpl}, and
 * called the way Tomcat's {@code AuthenticatorBase} calls it for every request: a new {@code
 * MessageInfoImpl}, {@code getAuthContextID} and {@code getAuthContext} of the context's cached
 * {@code ServerAuthConfig}, a new {@code Subject}, {@code validateRequest} with Tomcat's {@code
 * CallbackHandlerImpl}, and the {@code GenericPrincipal} taken from the subject. Tomcat's {@code
 * register()} of the caller and the constraint check are left out (the same for every mode).
 *
 * <ul>
 *   <li>{@code bearer}: a valid HS256 token, seen before;
 *   <li>{@code basic}: {@code Authorization: Basic} checked by the module against a realm that
 *       compares a plain password and returns a cached principal (as Tomcat's in-memory realm);
 *   <li>{@code tomcatPart}: only Tomcat's objects of that path, no module call.
 * </ul>
 *
 * Compare {@code bearer} with FilterBenchmark.bearer (filter mode) and with {@code basic}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class ContainerBenchmark {
  private static final String JDBC_URL = "jdbc:h2:mem:containerbench;DB_CLOSE_DELAY=-1";
  private static final String WEB_XML =
      """
      <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
        <security-constraint>
          <web-resource-collection><web-resource-name>hello</web-resource-name><url-pattern>/hello</url-pattern></web-resource-collection>
          <auth-constraint><role-name>user</role-name></auth-constraint>
        </security-constraint>
        <login-config><auth-method>BASIC</auth-method><realm-name>load</realm-name></login-config>
      </web-app>
      """;

  private JwtAuthFilter filter;
  private ServerAuthConfig config;
  private byte[] bearerHeader;
  private byte[] basicHeader;
  private HttpServletResponse response;
  private String registration;

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
    FilterRegistration declared =
        (FilterRegistration)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {FilterRegistration.class},
                (p, m, a) ->
                    switch (m.getName()) {
                      case "getClassName" -> JwtAuthFilter.class.getName();
                      case "getName" -> "JwtAuthFilter";
                      case "getInitParameter" -> null;
                      default -> throw new UnsupportedOperationException(m.getName());
                    });
    Map<String, Object> attributes = new HashMap<>();
    ServletContext context =
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
                      case "getFilterRegistrations" -> Map.of("JwtAuthFilter", declared);
                      case "getResourceAsStream" ->
                          "/WEB-INF/web.xml".equals(a[0])
                              ? new ByteArrayInputStream(WEB_XML.getBytes(StandardCharsets.UTF_8))
                              : null;
                      case "getClassLoader" -> ContainerBenchmark.class.getClassLoader();
                      case "addListener" -> null;
                      case "getVirtualServerName" -> "bench";
                      case "getContextPath" -> "/container";
                      case "log" -> null;
                      case "hashCode" -> System.identityHashCode(p);
                      case "equals" -> p == a[0];
                      case "toString" -> "stub context";
                      default -> throw new UnsupportedOperationException(m.getName());
                    });
    // as Tomcat: the initializer registers the module, then the filter starts
    new ContainerModeInitializer().onStartup(Set.of(), context);
    if (!"container".equals(attributes.get(ContainerModeInitializer.MODE_ATTRIBUTE))) {
      throw new IllegalStateException("not in container mode: " + attributes);
    }
    filter = new JwtAuthFilter();
    filter.init(Fixtures.filterConfig(context));
    // as AuthenticatorBase: one ServerAuthConfig per context, with Tomcat's callback handler and
    // a realm for PasswordValidationCallback
    String appContext = "bench /container";
    AuthConfigFactory factory = AuthConfigFactory.getFactory();
    AuthConfigProvider provider = factory.getConfigProvider("HttpServlet", appContext, null);
    CallbackHandlerImpl handler = new CallbackHandlerImpl();
    handler.setContainer(container(new Realm()));
    config = provider.getServerAuthConfig("HttpServlet", appContext, handler);
    registration = factory.getRegistrationIDs(provider)[0];

    DriverManagerDataSource ds = new DriverManagerDataSource(JDBC_URL, "sa", "");
    new KeyPairStore(ds, Fixtures.schema(ds)).insert(Fixtures.keyPair("k1", "alice", "$2a$10$x"));
    KeySet keys = Fixtures.keys("HS256");
    String token =
        Fixtures.issuer(keys, Clock.systemUTC())
            .access(Fixtures.user("alice"), "k1", Clock.systemUTC().instant());
    bearerHeader = ("Bearer " + token).getBytes(StandardCharsets.ISO_8859_1);
    basicHeader =
        ("Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (Realm.USER + ":" + Realm.PASSWORD).getBytes(StandardCharsets.UTF_8)))
            .getBytes(StandardCharsets.ISO_8859_1);
    response =
        (HttpServletResponse)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (p, m, a) -> {
                  throw new IllegalStateException("the module wrote a response: " + m.getName());
                });
    for (byte[] header : new byte[][] {bearerHeader, basicHeader}) {
      GenericPrincipal gp = request(header);
      if (gp == null || !"alice".equals(gp.getName()) || !gp.hasRole("user")) {
        throw new IllegalStateException("bench self-check failed: " + gp);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    filter.destroy();
    AuthConfigFactory.getFactory().removeRegistration(registration);
  }

  @Benchmark
  public GenericPrincipal bearer() throws Exception {
    return request(bearerHeader);
  }

  @Benchmark
  public GenericPrincipal basic() throws Exception {
    return request(basicHeader);
  }

  /** Tomcat's objects of the path alone (its MessageInfoImpl, context id, Subject). */
  @Benchmark
  public Object tomcatPart() throws Exception {
    MessageInfo info =
        new MessageInfoImpl(new FilterBenchmark.Req(Fixtures.fresh(bearerHeader)), response, true);
    ServerAuthContext ctx = config.getAuthContext(config.getAuthContextID(info), null, null);
    return new Object[] {ctx, new Subject(), info};
  }

  /** One request as AuthenticatorBase makes it (without register() and the constraint check). */
  private GenericPrincipal request(byte[] header) throws Exception {
    MessageInfo info =
        new MessageInfoImpl(new FilterBenchmark.Req(Fixtures.fresh(header)), response, true);
    ServerAuthContext ctx = config.getAuthContext(config.getAuthContextID(info), null, null);
    Subject client = new Subject();
    if (ctx.validateRequest(info, client, null) != AuthStatus.SUCCESS) {
      throw new IllegalStateException("not authenticated");
    }
    Set<GenericPrincipal> set = client.getPrivateCredentials(GenericPrincipal.class);
    return set.isEmpty() ? null : set.iterator().next();
  }

  /** A Tomcat container that only has a realm (all CallbackHandlerImpl asks of it). */
  private static Container container(org.apache.catalina.Realm realm) {
    return (Container)
        Proxy.newProxyInstance(
            ContainerBenchmark.class.getClassLoader(),
            new Class<?>[] {Container.class},
            (p, m, a) ->
                switch (m.getName()) {
                  case "getRealm" -> realm;
                  case "getName" -> "bench";
                  case "hashCode" -> System.identityHashCode(p);
                  case "equals" -> p == a[0];
                  case "toString" -> "stub container";
                  default -> throw new UnsupportedOperationException(m.getName());
                });
  }

  /** Tomcat's in-memory realm reduced to one user: plain password, cached principal. */
  static final class Realm extends RealmBase {
    static final String USER = "alice";
    static final String PASSWORD = "load-password";
    private final GenericPrincipal principal = new GenericPrincipal(USER, List.of("user"));

    Realm() {
      setCredentialHandler(new MessageDigestCredentialHandler());
      containerLog = LogFactory.getLog(Realm.class); // set by a started container otherwise
    }

    @Override
    protected String getPassword(String username) {
      return USER.equals(username) ? PASSWORD : null;
    }

    @Override
    protected Principal getPrincipal(String username) {
      return USER.equals(username) ? principal : null;
    }
  }
}
