package io.github.jwtauth.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A fresh copy of one of the Tomcat distributions the build unpacks ({@link Line}), run as a
 * separate process with {@code bin/catalina.sh run}: HTTP on a free loopback port, no shutdown port
 * (SIGTERM stops it, through Tomcat's shutdown hook), the users given, an unbuffered access log.
 * Not thread-safe: set up, start and stop from one thread.
 */
public final class TomcatDistribution implements AutoCloseable {
  /** A Tomcat line, and the system property naming where the build unpacked its distribution. */
  public enum Line {
    TOMCAT_10_1("jwtauth.tomcat-dist.10.1"),
    TOMCAT_11("jwtauth.tomcat-dist.11");

    private final String property;

    Line(String property) {
      this.property = property;
    }

    /**
     * The unpacked distribution.
     *
     * @throws IllegalStateException when it is missing: the test fails, never skips
     */
    public Path dist() {
      String dist = System.getProperty(property);
      if (dist == null || dist.isBlank()) {
        throw new IllegalStateException(
            "system property "
                + property
                + " is not set: run the ITs with `mvn verify` (the dependency plugin unpacks"
                + " org.apache.tomcat:tomcat:tar.gz in pre-integration-test)");
      }
      Path source = Path.of(dist);
      if (!Files.isRegularFile(source.resolve("bin/catalina.sh"))) {
        throw new IllegalStateException("no Tomcat distribution at " + source);
      }
      return source;
    }

    /** The version, e.g. {@code 11.0.24}, from the distribution's directory name. */
    public String version() {
      return dist().getFileName().toString().replace("apache-tomcat-", "");
    }

    /** The distribution's directory name, e.g. {@code apache-tomcat-11.0.24}, for test names. */
    @Override
    public String toString() {
      String dist = System.getProperty(property);
      return dist == null || dist.isBlank() ? name() : Path.of(dist).getFileName().toString();
    }
  }

  private static final String ACCESS_LOG_VALVE =
      "className=\"org.apache.catalina.valves.AccessLogValve\"";
  private static final long START_TIMEOUT_MILLIS = 90_000;
  private static final long STOP_TIMEOUT_SECONDS = 30;

  private final Path home;
  private final StringBuilder users = new StringBuilder();
  private final Set<String> roles = new java.util.TreeSet<>();
  private Process process;
  private int port;

  private TomcatDistribution(Path home) {
    this.home = home;
  }

  /**
   * Copies the distribution of {@code line} to {@code target/<name>-<line>/} (deleting an earlier
   * copy) and removes every web application but {@code keep}.
   *
   * @throws IllegalStateException when the distribution is missing: the test fails, never skips
   */
  public static TomcatDistribution freshCopy(Line line, String name, String... keep) {
    Path source = line.dist();
    Path home = TestWebapp.targetDir().resolve(name + "-" + line).toAbsolutePath();
    try {
      deleteTree(home);
      copyTree(source, home);
      try (Stream<Path> apps = Files.list(home.resolve("webapps"))) {
        for (Path app : apps.toList()) {
          if (!List.of(keep).contains(app.getFileName().toString())) {
            deleteTree(app);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("copying " + source + " to " + home, e);
    }
    return new TomcatDistribution(home);
  }

  public Path home() {
    return home;
  }

  /** {@code webapps/<name>}. */
  public Path webapp(String name) {
    return home.resolve("webapps").resolve(name);
  }

  /**
   * Installs jwt-auth into {@code webapps/<name>} as README tells a user: the library jar (and
   * {@code moreJars}, e.g. the operator's JDBC driver) in its {@code WEB-INF/lib}.
   *
   * @return the webapp's directory
   */
  public Path installJwtAuth(String name, Path... moreJars) throws IOException {
    Path app = webapp(name);
    Path lib = Files.createDirectories(app.resolve("WEB-INF/lib"));
    List<Path> jars = new ArrayList<>(LibraryJars.forWebInfLib());
    jars.addAll(List.of(moreJars));
    for (Path jar : jars) {
      Files.copy(jar, lib.resolve(jar.getFileName()));
    }
    return app;
  }

  /** A watcher that prints the output of {@code tomcat.get()} (if any) when a test fails. */
  public static org.junit.jupiter.api.extension.TestWatcher printOutputOnFailure(
      java.util.function.Supplier<TomcatDistribution> tomcat) {
    return new org.junit.jupiter.api.extension.TestWatcher() {
      @Override
      public void testFailed(
          org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
        TomcatDistribution t = tomcat.get();
        if (t != null) {
          System.err.println("catalina.sh output:\n" + t.output());
        }
      }
    };
  }

  /** Adds a user of {@code conf/tomcat-users.xml} (the default realm), written at start. */
  public TomcatDistribution user(String name, String password, String... userRoles) {
    roles.addAll(List.of(userRoles));
    users
        .append("  <user username=\"")
        .append(name)
        .append("\" password=\"")
        .append(password)
        .append("\" roles=\"")
        .append(String.join(",", userRoles))
        .append("\"/>\n");
    return this;
  }

  /** Configures and starts Tomcat, and waits until it has started (at most 90 s). */
  public TomcatDistribution start() {
    try {
      port = freePort();
      writeUsers();
      editServerXml();
      Path console = home.resolve("logs/console.out");
      ProcessBuilder pb =
          new ProcessBuilder("sh", home.resolve("bin/catalina.sh").toString(), "run")
              .directory(home.toFile())
              .redirectErrorStream(true)
              .redirectOutput(console.toFile());
      Map<String, String> env = pb.environment();
      env.keySet().removeIf(k -> k.startsWith("CATALINA_") || k.equals("JRE_HOME"));
      env.remove("JAVA_OPTS");
      env.put("JAVA_HOME", System.getProperty("java.home"));
      env.put("CATALINA_HOME", home.toString());
      env.put("CATALINA_BASE", home.toString());
      env.put("CATALINA_PID", home.resolve("catalina.pid").toString());
      env.put("CATALINA_OPTS", "-Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
      process = pb.start();
      awaitStarted();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("starting Tomcat in " + home, e);
    }
  }

  /** {@code http://127.0.0.1:<port>} */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** What {@code catalina.sh run} printed so far (console log, stdout and stderr). */
  public String output() {
    try {
      Path console = home.resolve("logs/console.out");
      return Files.isRegularFile(console)
          ? Files.readString(console, StandardCharsets.UTF_8)
          : "(no output)";
    } catch (IOException e) {
      return "(output unreadable: " + e + ")";
    }
  }

  /**
   * What Tomcat logged so far: {@link #output()} and each {@code logs/*.log} that {@code
   * conf/logging.properties} writes (a web application's own log, e.g. {@code manager.<date>.log},
   * gets what its context logs, such as an exception thrown by one of its listeners), each after a
   * line naming it.
   */
  public String logs() {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> logs = Files.list(home.resolve("logs"))) {
      for (Path log :
          logs.filter(
                  p ->
                      p.getFileName().toString().endsWith(".log")
                          || p.getFileName().toString().equals("console.out"))
              .sorted()
              .toList()) {
        all.append("== logs/")
            .append(log.getFileName())
            .append(" ==\n")
            .append(Files.readString(log, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all.toString();
  }

  /** The lines of the host's access log ({@code logs/localhost_access_log.*.txt}) so far. */
  public List<String> accessLog() {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> logs = Files.list(home.resolve("logs"))) {
      for (Path log :
          logs.filter(p -> p.getFileName().toString().startsWith("localhost_access_log"))
              .sorted()
              .toList()) {
        lines.addAll(Files.readAllLines(log, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  /**
   * Stops Tomcat: SIGTERM to the process tree, which runs Tomcat's shutdown hook (every web
   * application stops, as with {@code catalina.sh stop}), then SIGKILL after 30 s. {@link
   * #output()} then holds what the shutdown printed.
   *
   * @return whether Tomcat stopped by itself within 30 s (false: killed, or never started)
   */
  public boolean stop() {
    Process p = process;
    if (p == null) {
      return false;
    }
    process = null;
    List<ProcessHandle> tree = p.toHandle().descendants().toList();
    tree.forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (p.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        return true;
      }
      tree.forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
    return false;
  }

  /** {@link #stop()}, if still running. */
  @Override
  public void close() {
    stop();
  }

  private void awaitStarted() throws IOException {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "Tomcat exited with " + process.exitValue() + " while starting:\n" + output());
      }
      if (output().contains("Server startup in") && listening()) {
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        close();
        throw new AssertionError(
            "Tomcat did not start within " + START_TIMEOUT_MILLIS / 1000 + " s:\n" + output());
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  private boolean listening() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void writeUsers() throws IOException {
    StringBuilder xml =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<tomcat-users xmlns=\"http://tomcat.apache.org/xml\" version=\"1.0\">\n");
    for (String role : roles) {
      xml.append("  <role rolename=\"").append(role).append("\"/>\n");
    }
    xml.append(users).append("</tomcat-users>\n");
    Files.writeString(home.resolve("conf/tomcat-users.xml"), xml, StandardCharsets.UTF_8);
  }

  /** HTTP on 127.0.0.1:port, shutdown port disabled, the access log (which has %u) unbuffered. */
  private void editServerXml() throws IOException {
    Path file = home.resolve("conf/server.xml");
    String xml = Files.readString(file, StandardCharsets.UTF_8);
    xml = replaceOnce(xml, "<Server port=\"8005\"", "<Server port=\"-1\"");
    xml =
        replaceOnce(
            xml,
            "<Connector port=\"8080\" protocol=\"HTTP/1.1\"",
            "<Connector port=\"" + port + "\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\"");
    int valve = xml.indexOf(ACCESS_LOG_VALVE);
    if (valve < 0 || !xml.substring(valve, xml.indexOf("/>", valve)).contains("%u")) {
      throw new IllegalStateException("server.xml has no AccessLogValve logging %u");
    }
    xml = replaceOnce(xml, ACCESS_LOG_VALVE, ACCESS_LOG_VALVE + " buffered=\"false\"");
    Files.writeString(file, xml, StandardCharsets.UTF_8);
  }

  private static String replaceOnce(String text, String from, String to) {
    int at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + 1) >= 0) {
      throw new IllegalStateException("expected exactly one '" + from + "' in server.xml");
    }
    return text.replace(from, to);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
