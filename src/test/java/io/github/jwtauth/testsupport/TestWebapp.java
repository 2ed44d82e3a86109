package io.github.jwtauth.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Describes and builds an exploded test webapp: {@code WEB-INF/web.xml} with the given context
 * params, a BASIC login-config (realm {@code test}), roles administrator/user and no
 * security-constraints, the legacy servlets {@code /api/me} and {@code /api/hello}, and {@code
 * WEB-INF/lib/jwt-auth.jar} copied from system property {@code jwtauth.jar}, so the container
 * discovers the library through its web-fragment exactly as a user's drop-in would.
 *
 * <p>Not thread-safe (a builder); {@link #build()} writes a fresh directory each time.
 */
public final class TestWebapp {
  public static final String REALM = "test";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final String name;
  private final Map<String, String> params = new LinkedHashMap<>();
  private boolean withLibrary = true;
  private String jndiName;
  private Databases.Db jndiDb;
  private boolean preemptiveBasic = true;
  private boolean failingFilter;
  private boolean metadataComplete;
  private String loginConfig;
  private final StringBuilder extraXml = new StringBuilder();
  private final List<Path> extraLibs = new ArrayList<>();
  private final List<Class<?>> webInfClasses = new ArrayList<>();
  private boolean isolated;

  private TestWebapp(String name) {
    this.name = name.replaceAll("[^A-Za-z0-9_-]", "-");
  }

  /** A webapp whose context path will start with name. */
  public static TestWebapp named(String name) {
    return new TestWebapp(name);
  }

  public TestWebapp param(String key, String value) {
    params.put(key, value);
    return this;
  }

  public TestWebapp params(Map<String, String> more) {
    params.putAll(more);
    return this;
  }

  public TestWebapp removeParam(String key) {
    params.remove(key);
    return this;
  }

  /**
   * Raises the library's failed-attempt limits ({@code jwt-auth.max-failures-per-key} / {@code
   * -per-address}, defaults 5 and 20 per 15 minutes) and lifts the per-key-pair token budget
   * ({@code jwt-auth.max-token-requests-per-minute}, default 60), so suites that send many
   * deliberate failures from 127.0.0.1, or exchange one reference key-pair after every test, are
   * not throttled; throttling has its own tests.
   */
  public TestWebapp lenientAttemptLimits() {
    params.put("jwt-auth.max-failures-per-key", "1000");
    params.put("jwt-auth.max-failures-per-address", "100000");
    params.put("jwt-auth.max-token-requests-per-minute", "0");
    return this;
  }

  /** Leaves WEB-INF/lib empty: a harness check independent of the library. */
  public TestWebapp withoutLibrary() {
    this.withLibrary = false;
    return this;
  }

  /**
   * Declares {@code <resource-ref>} jndiName (javax.sql.DataSource) and asks the container to bind
   * a DataSource for db under {@code java:comp/env/jndiName}. Does not set {@code
   * jwt-auth.datasource}.
   */
  public TestWebapp jndiDataSource(String jndiName, Databases.Db db) {
    this.jndiName = jndiName;
    this.jndiDb = db;
    return this;
  }

  /**
   * Tomcat only: whether BASIC credentials are processed on URLs without a security-constraint
   * (Context#setPreemptiveAuthentication). Default true. Jetty defers authentication anyway.
   */
  public TestWebapp containerPreemptiveBasic(boolean on) {
    this.preemptiveBasic = on;
    return this;
  }

  /** Adds a filter whose init throws (harness self-check of failure reporting). */
  public TestWebapp failingFilter() {
    this.failingFilter = true;
    return this;
  }

  /** Marks web.xml metadata-complete: the jar's web-fragment is then ignored by the container. */
  public TestWebapp metadataComplete() {
    this.metadataComplete = true;
    return this;
  }

  /** A {@code <login-config>} element instead of the default BASIC one (realm {@value #REALM}). */
  public TestWebapp loginConfig(String element) {
    this.loginConfig = element;
    return this;
  }

  /** Raw elements added inside {@code <web-app>} (declarations overriding the fragment's, …). */
  public TestWebapp webXml(String elements) {
    extraXml.append(elements).append('\n');
    return this;
  }

  /**
   * Maps Tomcat's default servlet on {@code /}, as every stock Tomcat does in {@code conf/web.xml}
   * (the bare embedded Tomcat of the tests has none): a container runs filters only for a path some
   * servlet serves, and the filter answers the {@code /.well-known} documents. Tomcat only; Jetty
   * always has its default servlet.
   */
  public TestWebapp withTomcatDefaultServlet() {
    return webXml(
        "<servlet><servlet-name>default</servlet-name><servlet-class>"
            + "org.apache.catalina.servlets.DefaultServlet</servlet-class></servlet>"
            + "<servlet-mapping><servlet-name>default</servlet-name>"
            + "<url-pattern>/</url-pattern></servlet-mapping>");
  }

  /** Also copies jar into WEB-INF/lib, under its own file name. */
  public TestWebapp lib(Path jar) {
    extraLibs.add(jar);
    return this;
  }

  /**
   * Copies the compiled class (with its nested classes) from the test classes into {@code
   * WEB-INF/classes}: the webapp's class loader then defines it and links it against {@code
   * WEB-INF/lib}, as it would an application's own servlet.
   */
  public TestWebapp webInfClass(Class<?> c) {
    webInfClasses.add(c);
    return this;
  }

  /**
   * Hides jwt-auth and the libraries it bundles on the test class path from this webapp (see {@link
   * IsolatingClassLoader}): it gets them only from its {@code WEB-INF/lib}, as in a real container.
   */
  public TestWebapp isolated() {
    this.isolated = true;
    return this;
  }

  /** The parent class loader for this webapp, given the container's. */
  public ClassLoader parentClassLoader(ClassLoader containers) {
    return isolated ? new IsolatingClassLoader(containers) : containers;
  }

  public boolean isIsolated() {
    return isolated;
  }

  public String name() {
    return name;
  }

  public Map<String, String> params() {
    return Collections.unmodifiableMap(params);
  }

  public String jndiName() {
    return jndiName;
  }

  public Databases.Db jndiDb() {
    return jndiDb;
  }

  public boolean preemptiveBasic() {
    return preemptiveBasic;
  }

  /** Target directory of the build ({@code basedir/target}). */
  public static Path targetDir() {
    return Paths.get(System.getProperty("basedir", System.getProperty("user.dir")), "target");
  }

  /** Path of the packaged library jar (system property jwtauth.jar), checked to exist. */
  public static Path libraryJar() {
    String p = System.getProperty("jwtauth.jar");
    if (p == null || p.isBlank()) {
      throw new IllegalStateException(
          "system property jwtauth.jar is not set: run the ITs with "
              + "`mvn verify` (failsafe passes it) or -Djwtauth.jar=target/jwt-auth-<version>.jar");
    }
    Path jar = Paths.get(p);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "jwtauth.jar " + jar + " does not exist: package the library first");
    }
    return jar;
  }

  /** Writes the exploded webapp to a fresh directory under target/it-webapps and returns it. */
  public Path build() {
    try {
      Path dir =
          targetDir()
              .resolve("it-webapps")
              .resolve(name + "-" + COUNTER.incrementAndGet() + "-" + System.nanoTime());
      Path webInf = dir.resolve("WEB-INF");
      Files.createDirectories(webInf.resolve("lib"));
      Files.createDirectories(webInf.resolve("classes"));
      Files.writeString(dir.resolve("index.txt"), "test webapp " + name + "\n");
      if (withLibrary) {
        Files.copy(
            libraryJar(),
            webInf.resolve("lib").resolve("jwt-auth.jar"),
            StandardCopyOption.REPLACE_EXISTING);
      }
      for (Path jar : extraLibs) {
        Files.copy(jar, webInf.resolve("lib").resolve(jar.getFileName().toString()));
      }
      for (Class<?> c : webInfClasses) {
        copyClass(c, webInf.resolve("classes"));
      }
      Files.writeString(webInf.resolve("web.xml"), webXml());
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copyClass(Class<?> c, Path classes) throws IOException {
    Path root;
    try {
      root = Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
    String pkg = c.getPackageName().replace('.', '/');
    Path from = root.resolve(pkg);
    Path to = classes.resolve(pkg);
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path f : files.toList()) {
        String n = f.getFileName().toString();
        if (n.equals(c.getSimpleName() + ".class") || n.startsWith(c.getSimpleName() + "$")) {
          Files.copy(f, to.resolve(n));
        }
      }
    }
  }

  String webXml() {
    StringBuilder x = new StringBuilder();
    x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\"\n")
        .append("         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n")
        .append("         xsi:schemaLocation=\"https://jakarta.ee/xml/ns/jakartaee ")
        .append("https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd\"\n")
        .append("         version=\"6.0\" metadata-complete=\"" + metadataComplete + "\">\n")
        .append("  <display-name>")
        .append(esc(name))
        .append("</display-name>\n");
    params.forEach(
        (k, v) ->
            x.append("  <context-param><param-name>")
                .append(esc(k))
                .append("</param-name><param-value>")
                .append(esc(v))
                .append("</param-value></context-param>\n"));
    if (failingFilter) {
      x.append("  <filter><filter-name>failing</filter-name><filter-class>")
          .append(FailingFilter.class.getName())
          .append("</filter-class></filter>\n")
          .append("  <filter-mapping><filter-name>failing</filter-name>")
          .append("<url-pattern>/*</url-pattern></filter-mapping>\n");
    }
    x.append(extraXml);
    servlet(x, "me", LegacyMeServlet.class.getName(), "/api/me", null);
    servlet(x, "hello", HelloServlet.class.getName(), "/api/hello", null);
    if (jndiName != null) {
      servlet(x, "jndiProbe", JndiProbeServlet.class.getName(), "/probe/jndi", jndiName);
    }
    if (loginConfig != null) {
      x.append("  ").append(loginConfig).append('\n');
    } else {
      x.append("  <login-config><auth-method>BASIC</auth-method><realm-name>")
          .append(REALM)
          .append("</realm-name></login-config>\n");
    }
    x.append("  <security-role><role-name>administrator</role-name></security-role>\n")
        .append("  <security-role><role-name>user</role-name></security-role>\n");
    if (jndiName != null) {
      x.append("  <resource-ref><res-ref-name>")
          .append(esc(jndiName))
          .append("</res-ref-name><res-type>javax.sql.DataSource</res-type>")
          .append("<res-auth>Container</res-auth></resource-ref>\n");
    }
    return x.append("</web-app>\n").toString();
  }

  private static void servlet(StringBuilder x, String n, String cls, String pattern, String jndi) {
    x.append("  <servlet><servlet-name>")
        .append(n)
        .append("</servlet-name><servlet-class>")
        .append(cls)
        .append("</servlet-class>");
    if (jndi != null) {
      x.append("<init-param><param-name>jndi-name</param-name><param-value>")
          .append(esc(jndi))
          .append("</param-value></init-param>");
    }
    x.append("</servlet>\n  <servlet-mapping><servlet-name>")
        .append(n)
        .append("</servlet-name><url-pattern>")
        .append(pattern)
        .append("</url-pattern></servlet-mapping>\n");
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
