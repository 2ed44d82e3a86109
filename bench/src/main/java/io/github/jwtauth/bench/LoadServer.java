package io.github.jwtauth.bench;

import io.github.jwtauth.JwtAuthFilter;
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
 * 127.0.0.1 with two exploded webapps that serve {@link HelloServlet} at {@code /hello}:
 *
 * <ul>
 *   <li>{@code /plain}: no jwt-auth at all (the container's own cost);
 *   <li>{@code /jwt}: the same app with {@code WEB-INF/lib/jwt-auth.jar}, found through its
 *       web-fragment as a user's drop-in is, configured by context-params with an in-memory H2
 *       {@code jwt-auth.jdbc-url} and otherwise the defaults (HS256, status cache 5 s).
 * </ul>
 *
 * It creates a key-pair in that database with the library's own classes, exchanges it for an access
 * token at {@code POST /jwt/jwt-auth/v1/token}, checks that the token authenticates (and a bad one
 * does not), writes {@code PORT=…} and {@code TOKEN=…} to the ready file, and serves until killed
 * or until {@code maxSeconds} (default 900) have passed.
 *
 * <p>Usage: {@code LoadServer jetty|tomcat READY_FILE [maxSeconds]}.
 */
public final class LoadServer {
  private static final String JDBC_URL = "jdbc:h2:mem:jwtauth-load;DB_CLOSE_DELAY=-1";
  private static final String SECRET = "load-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

  private LoadServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || !Set.of("jetty", "tomcat").contains(args[0])) {
      System.err.println("usage: LoadServer jetty|tomcat READY_FILE [maxSeconds]");
      System.exit(2);
    }
    String container = args[0];
    Path ready = Path.of(args[1]);
    long maxSeconds = args.length > 2 ? Long.parseLong(args[2]) : 900;
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
            "alice",
            "load",
            hasher.hash(apiSecret),
            Set.of("user"),
            Instant.now().getEpochSecond(),
            null,
            null,
            null));

    Map<String, String> params = new LinkedHashMap<>();
    params.put("jwt-auth.jdbc-url", JDBC_URL);
    params.put("jwt-auth.jdbc-user", "sa");
    params.put("jwt-auth.secret", SECRET);
    params.put("jwt-auth.schema-create", "true");
    Path plain = webapp(work.resolve("plain"), false, params);
    Path jwt = webapp(work.resolve("jwt"), true, params);

    int port = container.equals("jetty") ? jetty(plain, jwt) : tomcat(work, plain, jwt);
    String base = "http://127.0.0.1:" + port;
    String token = exchange(base, apiKey, apiSecret);
    selfCheck(base, token);
    Path tmp = ready.resolveSibling(ready.getFileName() + ".tmp");
    Files.writeString(tmp, "PORT=" + port + "\nTOKEN=" + token + "\n");
    Files.move(tmp, ready, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    System.out.println("[load] " + container + " ready on " + base + " (/plain/hello, /jwt/hello)");
    Thread.sleep(maxSeconds * 1000);
    System.out.println("[load] " + container + ": " + maxSeconds + " s are up, stopping");
    System.exit(0);
  }

  /**
   * An exploded webapp: web.xml with the hello servlet and the params, and the library jar if
   * asked.
   */
  private static Path webapp(Path dir, boolean withLibrary, Map<String, String> params)
      throws Exception {
    Files.createDirectories(dir.resolve("WEB-INF/lib"));
    StringBuilder x =
        new StringBuilder()
            .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
            .append(
                "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\" metadata-complete=\"false\">\n");
    if (withLibrary) {
      params.forEach(
          (k, v) ->
              x.append("  <context-param><param-name>")
                  .append(k)
                  .append("</param-name><param-value>")
                  .append(v)
                  .append("</param-value></context-param>\n"));
      Path jar =
          Path.of(JwtAuthFilter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Files.copy(jar, dir.resolve("WEB-INF/lib/jwt-auth.jar"), StandardCopyOption.REPLACE_EXISTING);
    }
    x.append("  <servlet><servlet-name>hello</servlet-name><servlet-class>")
        .append(HelloServlet.class.getName())
        .append("</servlet-class></servlet>\n")
        .append(
            "  <servlet-mapping><servlet-name>hello</servlet-name><url-pattern>/hello</url-pattern></servlet-mapping>\n")
        .append("</web-app>\n");
    Files.writeString(dir.resolve("WEB-INF/web.xml"), x);
    return dir;
  }

  private static int jetty(Path plain, Path jwt) throws Exception {
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
    for (Path dir : new Path[] {plain, jwt}) {
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

  private static int tomcat(Path work, Path plain, Path jwt) throws Exception {
    Tomcat tomcat = new Tomcat();
    Files.createDirectories(work.resolve("tomcat/webapps"));
    tomcat.setBaseDir(work.resolve("tomcat").toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    tomcat.getHost().setAutoDeploy(false);
    for (Path dir : new Path[] {plain, jwt}) {
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
      if (!((Context) child).getState().isAvailable()) {
        throw new IllegalStateException("context " + child.getName() + " did not start");
      }
    }
    return tomcat.getConnector().getLocalPort();
  }

  private static String exchange(String base, String apiKey, String apiSecret) throws Exception {
    String form =
        "api_key="
            + URLEncoder.encode(apiKey, StandardCharsets.UTF_8)
            + "&api_secret="
            + URLEncoder.encode(apiSecret, StandardCharsets.UTF_8);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/jwt/jwt-auth/v1/token"))
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
    expect(http, base + "/plain/hello", null, 200, "hello\n");
    expect(http, base + "/jwt/hello", null, 200, "hello\n");
    expect(http, base + "/jwt/hello", token, 200, "hello alice\n");
    expect(http, base + "/plain/hello", token, 200, "hello\n");
    expect(http, base + "/jwt/hello", token.substring(0, token.length() - 2) + "xx", 401, null);
  }

  private static void expect(HttpClient http, String url, String token, int status, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != status || (body != null && !body.equals(r.body()))) {
      throw new IllegalStateException(
          "self-check "
              + url
              + (token != null ? " with token" : "")
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
