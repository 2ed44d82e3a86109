package io.github.jwtauth.bench;

import io.github.jwtauth.JwtAuthFilter;
import io.github.jwtauth.container.ContainerModeInitializer;
import io.github.jwtauth.credential.SecretHasher;
import io.github.jwtauth.store.DriverManagerDataSource;
import io.github.jwtauth.store.KeyPair;
import io.github.jwtauth.store.KeyPairStore;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * The server side of bench/run-load.sh: one embedded container (Jetty 12 ee10 or Tomcat 11) on
 * 127.0.0.1 with exploded webapps that serve {@link HelloServlet} at {@code /hello}. Application
 * {@code bare} (the default):
 *
 * <ul>
 *   <li>{@code /plain}: no jwt-auth at all (the container's own cost);
 *   <li>{@code /jwt}: the same app with {@code WEB-INF/lib/jwt-auth.jar}, found through its
 *       web-fragment as a user's drop-in is, configured by context-params with an in-memory H2
 *       {@code jwt-auth.jdbc-url} and otherwise the defaults (HS256, status cache 5 s).
 * </ul>
 *
 * Application {@code container} (Tomcat only: Jetty takes no module from the application), both
 * with a security-constraint on {@code /hello} (role {@value #ROLE}) and a BASIC login-config, and
 * the user {@value #USER} with that role in Tomcat's in-memory realm:
 *
 * <ul>
 *   <li>{@code /container}: the {@code /jwt} app plus that web.xml, so jwt-auth registers its
 *       Jakarta Authentication module (container mode, checked); BASIC requests then reach the
 *       realm through the module's {@code PasswordValidationCallback};
 *   <li>{@code /basic}: the {@code /plain} app plus that web.xml: Tomcat's own BASIC authenticator,
 *       no jwt-auth and no Jakarta Authentication.
 * </ul>
 *
 * It creates a key-pair for {@value #USER} (roles {@value #ROLE}) in that database with the
 * library's own classes, exchanges it for an access token at {@code POST
 * /jwt|container/jwt-auth/v1/token}, checks that the token authenticates (and a bad one does not),
 * writes {@code PORT=…}, {@code TOKEN=…} and {@code BASIC=…} (the base64 of {@value #USER}'s BASIC
 * credentials) to the ready file, and serves until killed or until {@code maxSeconds} (default 900)
 * have passed.
 *
 * <p>Application {@code peers} (issue 13): the {@code bare} app's {@code /plain} and {@code /jwt},
 * plus the same hello servlet behind the peers a team would compare jwt-auth with, each a web.xml
 * filter given jwt-auth's secret as context-param {@value #PEER_SECRET_PARAM} (so the peers verify
 * the very token jwt-auth issued: same HS256 key, same claims):
 *
 * <ul>
 *   <li>{@code /spring}: {@link SpringResourceServerFilter}, Spring Security's resource server;
 *   <li>{@code /javajwt}: {@link JavaJwtFilter}, a naive java-jwt filter.
 * </ul>
 *
 * <p>Usage: {@code LoadServer jetty|tomcat READY_FILE [maxSeconds [bare|container|peers]]}.
 */
public final class LoadServer {
  private static final String JDBC_URL = "jdbc:h2:mem:jwtauth-load;DB_CLOSE_DELAY=-1";
  private static final String SECRET = "load-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
  private static final String USER = "alice";
  private static final String ROLE = "user";
  private static final String PASSWORD = "load-password";

  /**
   * The context-param that hands the peers jwt-auth's HS256 secret (not {@code jwt-auth.secret}:
   * jwt-auth's initializer, visible to every webapp through the parent class loader, starts in any
   * webapp that has a {@code jwt-auth.*} parameter).
   */
  public static final String PEER_SECRET_PARAM = "peer.hs256-secret";

  /** The container app's web.xml: BASIC login for role {@value #ROLE} on {@code /hello}. */
  private static final String CONSTRAINED =
      """
        <security-constraint>
          <web-resource-collection><web-resource-name>hello</web-resource-name><url-pattern>/hello</url-pattern></web-resource-collection>
          <auth-constraint><role-name>user</role-name></auth-constraint>
        </security-constraint>
        <login-config><auth-method>BASIC</auth-method><realm-name>load</realm-name></login-config>
        <security-role><role-name>user</role-name></security-role>
      """;

  private LoadServer() {}

  public static void main(String[] args) throws Exception {
    String app = args.length > 3 ? args[3] : "bare";
    if (args.length < 2
        || !Set.of("jetty", "tomcat").contains(args[0])
        || !Set.of("bare", "container", "peers").contains(app)
        || (app.equals("container") && !args[0].equals("tomcat"))) {
      System.err.println(
          "usage: LoadServer jetty|tomcat READY_FILE [maxSeconds [bare|container|peers]]"
              + " (container: tomcat only)");
      System.exit(2);
    }
    String container = args[0];
    Path ready = Path.of(args[1]);
    long maxSeconds = args.length > 2 ? Long.parseLong(args[2]) : 900;
    boolean constrained = app.equals("container");
    Path work = Files.createTempDirectory("jwt-auth-load-" + container);

    // the key-pair, in the very database the webapp will use (one H2 per JVM, shared by name)
    DataSource ds = new DriverManagerDataSource(JDBC_URL, "sa", "");
    KeyPairStore store = new KeyPairStore(ds, Fixtures.schema(ds));
    SecretHasher hasher = new SecretHasher(10, new SecureRandom());
    String apiKey = hasher.newApiKey();
    String apiSecret = hasher.newSecret();
    store.insert(
        new KeyPair(
            apiKey,
            USER,
            "load",
            hasher.hash(apiSecret),
            Set.of(ROLE),
            Instant.now().getEpochSecond(),
            null,
            null,
            null));

    Map<String, String> params = new LinkedHashMap<>();
    params.put("jwt-auth.jdbc-url", JDBC_URL);
    params.put("jwt-auth.jdbc-user", "sa");
    params.put("jwt-auth.secret", SECRET);
    params.put("jwt-auth.schema-create", "true");
    String xml = constrained ? CONSTRAINED : "";
    Path plain = webapp(work.resolve(constrained ? "basic" : "plain"), false, Map.of(), xml);
    Path jwt = webapp(work.resolve(constrained ? "container" : "jwt"), true, params, xml);
    Path[] apps = {plain, jwt};
    if (app.equals("peers")) {
      Map<String, String> secret = Map.of(PEER_SECRET_PARAM, SECRET);
      apps =
          new Path[] {
            plain,
            jwt,
            webapp(work.resolve("spring"), false, secret, filter(SpringResourceServerFilter.class)),
            webapp(work.resolve("javajwt"), false, secret, filter(JavaJwtFilter.class))
          };
    }

    int port = container.equals("jetty") ? jetty(apps) : tomcat(work, apps);
    String base = "http://127.0.0.1:" + port;
    String token = exchange(base + "/" + jwt.getFileName(), apiKey, apiSecret);
    String basic =
        Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    if (constrained) {
      selfCheckContainer(base, token, basic);
    } else {
      selfCheck(base, token);
    }
    if (app.equals("peers")) {
      selfCheckPeers(base, token);
    }
    Path tmp = ready.resolveSibling(ready.getFileName() + ".tmp");
    Files.writeString(tmp, "PORT=" + port + "\nTOKEN=" + token + "\nBASIC=" + basic + "\n");
    Files.move(tmp, ready, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    StringBuilder paths = new StringBuilder();
    for (Path dir : apps) {
      paths.append(paths.length() == 0 ? "" : ", ").append('/').append(dir.getFileName());
    }
    System.out.println("[load] " + container + " ready on " + base + " (" + paths + ")");
    Thread.sleep(maxSeconds * 1000);
    System.out.println("[load] " + container + ": " + maxSeconds + " s are up, stopping");
    System.exit(0);
  }

  /** A web.xml filter of {@code type} in front of everything. */
  private static String filter(Class<? extends jakarta.servlet.Filter> type) {
    return "  <filter><filter-name>peer</filter-name><filter-class>"
        + type.getName()
        + "</filter-class></filter>\n"
        + "  <filter-mapping><filter-name>peer</filter-name><url-pattern>/*</url-pattern></filter-mapping>\n";
  }

  /**
   * An exploded webapp: web.xml with the hello servlet, the params (as context-params) and {@code
   * xml}, and the library jar if asked.
   */
  private static Path webapp(Path dir, boolean withLibrary, Map<String, String> params, String xml)
      throws Exception {
    Files.createDirectories(dir.resolve("WEB-INF/lib"));
    StringBuilder x =
        new StringBuilder()
            .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
            .append(
                "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\" metadata-complete=\"false\">\n");
    params.forEach(
        (k, v) ->
            x.append("  <context-param><param-name>")
                .append(k)
                .append("</param-name><param-value>")
                .append(v)
                .append("</param-value></context-param>\n"));
    if (withLibrary) {
      Path jar =
          Path.of(JwtAuthFilter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Files.copy(jar, dir.resolve("WEB-INF/lib/jwt-auth.jar"), StandardCopyOption.REPLACE_EXISTING);
    }
    x.append("  <servlet><servlet-name>hello</servlet-name><servlet-class>")
        .append(HelloServlet.class.getName())
        .append("</servlet-class></servlet>\n")
        .append(
            "  <servlet-mapping><servlet-name>hello</servlet-name><url-pattern>/hello</url-pattern></servlet-mapping>\n")
        .append(xml)
        .append("</web-app>\n");
    Files.writeString(dir.resolve("WEB-INF/web.xml"), x);
    return dir;
  }

  private static int jetty(Path... apps) throws Exception {
    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    // -Djetty.headerCacheSize=0 turns off Jetty's per-connection cache of header fields (default
    // 1024), which otherwise walks every Authorization header through a trie, character by
    // character
    Integer headerCache = Integer.getInteger("jetty.headerCacheSize");
    if (headerCache != null) {
      http.setHeaderCacheSize(headerCache);
    }
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ContextHandlerCollection contexts = new ContextHandlerCollection();
    for (Path dir : apps) {
      WebAppContext webapp = new WebAppContext();
      webapp.setContextPath("/" + dir.getFileName());
      webapp.setWar(dir.toString());
      webapp.setParentLoaderPriority(false);
      webapp.setThrowUnavailableOnStartupException(true);
      webapp.setTempDirectory(dir.resolveSibling(dir.getFileName() + "-tmp").toFile());
      contexts.addHandler(webapp);
    }
    server.setHandler(contexts);
    server.setStopAtShutdown(true);
    server.start();
    return connector.getLocalPort();
  }

  private static int tomcat(Path work, Path... apps) throws Exception {
    Tomcat tomcat = new Tomcat();
    Files.createDirectories(work.resolve("tomcat/webapps"));
    tomcat.setBaseDir(work.resolve("tomcat").toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    tomcat.getHost().setAutoDeploy(false);
    tomcat.addUser(USER, PASSWORD); // the default in-memory realm, checked as is (no hashing)
    tomcat.addRole(USER, ROLE);
    for (Path dir : apps) {
      StandardContext ctx = new StandardContext();
      ctx.setName("/" + dir.getFileName());
      ctx.setPath("/" + dir.getFileName());
      ctx.setDocBase(dir.toString());
      ctx.setParentClassLoader(LoadServer.class.getClassLoader());
      StandardJarScanner scanner = new StandardJarScanner();
      scanner.setScanClassPath(false); // the drop-in is found in WEB-INF/lib, as in production
      ctx.setJarScanner(scanner);
      ContextConfig config = new ContextConfig();
      config.setDefaultWebXml(tomcat.noDefaultWebXmlPath());
      ctx.addLifecycleListener(config);
      tomcat.getHost().addChild(ctx);
    }
    tomcat.start();
    for (var child : tomcat.getHost().findChildren()) {
      Context ctx = (Context) child;
      if (!ctx.getState().isAvailable()) {
        throw new IllegalStateException("context " + child.getName() + " did not start");
      }
      Object mode = ctx.getServletContext().getAttribute(ContainerModeInitializer.MODE_ATTRIBUTE);
      if (mode != null) {
        System.out.println(
            "[load] tomcat: " + child.getName() + " runs jwt-auth in " + mode + " mode");
      }
      if (child.getName().equals("/container") && !"container".equals(mode)) {
        throw new IllegalStateException("/container is not in container mode: " + mode);
      }
    }
    return tomcat.getConnector().getLocalPort();
  }

  private static String exchange(String app, String apiKey, String apiSecret) throws Exception {
    String form =
        "api_key="
            + URLEncoder.encode(apiKey, StandardCharsets.UTF_8)
            + "&api_secret="
            + URLEncoder.encode(apiSecret, StandardCharsets.UTF_8);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(app + "/jwt-auth/v1/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("token exchange: HTTP " + r.statusCode() + " " + r.body());
    }
    try (var reader = Json.createReader(new StringReader(r.body()))) {
      JsonObject o = reader.readObject();
      return o.getString("access_token");
    }
  }

  private static void selfCheck(String base, String token) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String bearer = "Bearer " + token;
    expect(http, base + "/plain/hello", null, 200, "hello\n");
    expect(http, base + "/jwt/hello", null, 200, "hello\n");
    expect(http, base + "/jwt/hello", bearer, 200, "hello alice\n");
    expect(http, base + "/plain/hello", bearer, 200, "hello\n");
    expect(http, base + "/jwt/hello", bearer.substring(0, bearer.length() - 2) + "xx", 401, null);
  }

  /**
   * Every peer lets an anonymous request through, says hello to {@value #USER} for jwt-auth's token
   * and refuses a damaged one with 401.
   */
  private static void selfCheckPeers(String base, String token) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String bearer = "Bearer " + token;
    for (String app : new String[] {"/spring", "/javajwt"}) {
      expect(http, base + app + "/hello", null, 200, "hello\n");
      expect(http, base + app + "/hello", bearer, 200, "hello " + USER + "\n");
      expect(
          http, base + app + "/hello", bearer.substring(0, bearer.length() - 2) + "xx", 401, null);
    }
  }

  /**
   * Both constrained apps let {@value #USER} in by BASIC, the module also by token; nobody else.
   */
  private static void selfCheckContainer(String base, String token, String basic) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String hello = "hello " + USER + "\n";
    for (String app : new String[] {"/basic", "/container"}) {
      expect(http, base + app + "/hello", null, 401, null);
      expect(http, base + app + "/hello", "Basic " + basic, 200, hello);
      String wrong =
          Base64.getEncoder().encodeToString((USER + ":wrong").getBytes(StandardCharsets.UTF_8));
      expect(http, base + app + "/hello", "Basic " + wrong, 401, null);
    }
    expect(http, base + "/container/hello", "Bearer " + token, 200, hello);
    String bad = "Bearer " + token.substring(0, token.length() - 2) + "xx";
    expect(http, base + "/container/hello", bad, 401, null);
  }

  private static void expect(
      HttpClient http, String url, String authorization, int status, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != status || (body != null && !body.equals(r.body()))) {
      throw new IllegalStateException(
          "self-check "
              + url
              + (authorization != null ? " with " + authorization.split(" ")[0] : "")
              + ": expected "
              + status
              + " "
              + body
              + ", got "
              + r.statusCode()
              + " "
              + r.body());
    }
  }
}
