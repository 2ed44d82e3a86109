package io.github.jwtauth.bench.soak;

import io.github.jwtauth.JwtAuthFilter;
import io.github.jwtauth.bench.HelloServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Credential;

/**
 * One node of the soak (bench/run-soak.sh): an embedded Jetty 12 or Tomcat 11 on 127.0.0.1:PORT
 * serving one exploded webapp at {@code /app} with {@code WEB-INF/lib/jwt-auth.jar} (found through
 * its web-fragment, filter mode), configured by context-params on the shared PostgreSQL ({@code
 * jwt-auth.jdbc-url}), the shared secret, and the defaults otherwise (status cache 5 s). {@code
 * /app/hello} requires a token or a container login ({@code jwt-auth.token-required}); the
 * container's realm has users {@code u0}…{@code u49} (role {@code user}, password {@value
 * #PASSWORD}) who create key-pairs over BASIC. {@code /app/stats} (no jwt-auth involved) reports
 * the JVM's heap in use after a GC, its threads and its open file descriptors, for the leak check.
 *
 * <p>System property {@code soak.token-cache-size} sets {@code jwt-auth.token-cache-size} (default
 * 10000, jwt-auth's). With system property {@code soak.skew-seconds} (Jetty only), jwt-auth's clock
 * (the context attribute {@code java.time.Clock}) runs that many seconds ahead of the machine's.
 *
 * <p>Usage: {@code SoakNode jetty|tomcat PORT JDBC_URL READY_FILE}; runs until killed.
 */
public final class SoakNode {
  static final String SECRET = "soak-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
  static final String PASSWORD = "soak-password";
  static final int USERS = 50;

  private SoakNode() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4 || !(args[0].equals("jetty") || args[0].equals("tomcat"))) {
      System.err.println("usage: SoakNode jetty|tomcat PORT JDBC_URL READY_FILE");
      System.exit(2);
    }
    int port = Integer.parseInt(args[1]);
    Path work = Files.createTempDirectory("jwt-auth-soak-" + args[0]);
    Path app = webapp(work.resolve("app"), args[2]);
    if (args[0].equals("jetty")) {
      jetty(app, port);
    } else {
      tomcat(work, app, port);
    }
    Path ready = Path.of(args[3]);
    Path tmp = ready.resolveSibling(ready.getFileName() + ".tmp");
    Files.writeString(tmp, "PID=" + ProcessHandle.current().pid() + "\n");
    Files.move(tmp, ready, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    System.out.println("[soak] " + args[0] + " node ready on 127.0.0.1:" + port);
    Thread.currentThread().join();
  }

  static Path webapp(Path dir, String jdbcUrl) throws Exception {
    Files.createDirectories(dir.resolve("WEB-INF/lib"));
    Path jar =
        Path.of(JwtAuthFilter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Files.copy(jar, dir.resolve("WEB-INF/lib/jwt-auth.jar"), StandardCopyOption.REPLACE_EXISTING);
    String xml =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
          <context-param><param-name>jwt-auth.jdbc-url</param-name><param-value>%s</param-value></context-param>
          <context-param><param-name>jwt-auth.secret</param-name><param-value>%s</param-value></context-param>
          <context-param><param-name>jwt-auth.schema-create</param-name><param-value>true</param-value></context-param>
          <context-param><param-name>jwt-auth.role-candidates</param-name><param-value>user</param-value></context-param>
          <context-param><param-name>jwt-auth.token-required</param-name><param-value>/hello</param-value></context-param>
          <context-param><param-name>jwt-auth.max-token-requests-per-minute</param-name><param-value>0</param-value></context-param>
          <context-param><param-name>jwt-auth.token-cache-size</param-name><param-value>%s</param-value></context-param>
          <servlet><servlet-name>hello</servlet-name><servlet-class>%s</servlet-class></servlet>
          <servlet-mapping><servlet-name>hello</servlet-name><url-pattern>/hello</url-pattern></servlet-mapping>
          <servlet><servlet-name>stats</servlet-name><servlet-class>%s</servlet-class></servlet>
          <servlet-mapping><servlet-name>stats</servlet-name><url-pattern>/stats</url-pattern></servlet-mapping>
          <login-config><auth-method>BASIC</auth-method><realm-name>soak</realm-name></login-config>
          <security-role><role-name>user</role-name></security-role>
        </web-app>
        """
            .formatted(
                jdbcUrl.replace("&", "&amp;"),
                SECRET,
                Integer.getInteger("soak.token-cache-size", 10_000),
                HelloServlet.class.getName(),
                StatsServlet.class.getName());
    Files.writeString(dir.resolve("WEB-INF/web.xml"), xml);
    return dir;
  }

  static void jetty(Path app, int port) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    UserStore users = new UserStore();
    for (int i = 0; i < USERS; i++) {
      users.addUser("u" + i, Credential.getCredential(PASSWORD), new String[] {"user"});
    }
    HashLoginService login = new HashLoginService("soak");
    login.setUserStore(users);
    server.addBean(login);
    WebAppContext webapp = new WebAppContext();
    webapp.setContextPath("/app");
    webapp.setWar(app.toString());
    webapp.setParentLoaderPriority(false);
    webapp.setThrowUnavailableOnStartupException(true);
    webapp.setTempDirectory(app.resolveSibling("app-tmp").toFile());
    long skew = Long.getLong("soak.skew-seconds", 0);
    if (skew != 0) {
      // jwt-auth takes its clock from the context attribute java.time.Clock when one is set
      webapp.setAttribute(
          Clock.class.getName(), Clock.offset(Clock.systemUTC(), Duration.ofSeconds(skew)));
    }
    server.setHandler(webapp);
    server.setStopAtShutdown(true);
    server.start();
  }

  static void tomcat(Path work, Path app, int port) throws Exception {
    Tomcat tomcat = new Tomcat();
    Files.createDirectories(work.resolve("tomcat/webapps"));
    tomcat.setBaseDir(work.resolve("tomcat").toString());
    Connector connector = new Connector();
    connector.setPort(port);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    tomcat.getHost().setAutoDeploy(false);
    for (int i = 0; i < USERS; i++) {
      tomcat.addUser("u" + i, PASSWORD);
      tomcat.addRole("u" + i, "user");
    }
    StandardContext ctx = new StandardContext();
    ctx.setName("/app");
    ctx.setPath("/app");
    ctx.setDocBase(app.toString());
    ctx.setParentClassLoader(SoakNode.class.getClassLoader());
    StandardJarScanner scanner = new StandardJarScanner();
    scanner.setScanClassPath(false);
    ctx.setJarScanner(scanner);
    ContextConfig config = new ContextConfig();
    config.setDefaultWebXml(tomcat.noDefaultWebXmlPath());
    ctx.addLifecycleListener(config);
    tomcat.getHost().addChild(ctx);
    tomcat.start();
    if (!((Context) ctx).getState().isAvailable()) {
      throw new IllegalStateException("/app did not start");
    }
  }

  /** Heap in use after a GC, live threads and open file descriptors of this JVM, as JSON. */
  public static final class StatsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      System.gc();
      long heap = memory.getHeapMemoryUsage().getUsed();
      int threads = ManagementFactory.getThreadMXBean().getThreadCount();
      long fds;
      try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
        fds = s.count();
      }
      res.setContentType("application/json");
      res.getWriter()
          .write("{\"heap\":" + heap + ",\"threads\":" + threads + ",\"fds\":" + fds + "}");
    }
  }
}
