package com.example.legacy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.plus.webapp.EnvConfiguration;
import org.eclipse.jetty.ee10.plus.webapp.PlusConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.plus.jndi.Resource;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Credential;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Jetty launcher for the example: deploys the built WAR into an embedded Jetty 12 with what a real
 * container would provide. It lives in src/test, so nothing here ends up in the WAR. The README's
 * run command starts {@link TomcatExample} instead (Tomcat takes jwt-auth's Jakarta Authentication
 * module, Jetty 12 does not); {@link TomcatExample} shares this class's conventions and files.
 *
 * <ul>
 *   <li>JNDI {@code java:comp/env/jdbc/jwtauth}: an H2 file database in the data directory;</li>
 *   <li>the realm "jwt-auth example" with the demo users {@code admin/password} (administrator,
 *       user) and {@code alice/password} (user) for the container's BASIC login;</li>
 *   <li>system property {@code jwtauth.example.secret}, which the example's web.xml hands to
 *       jwt-auth: a random secret generated into the data directory on first start (mode 600).</li>
 * </ul>
 *
 * <p>{@code main} settings: environment {@code PORT} (default 8080, 0 = any free port) and
 * {@code HOST} (default 127.0.0.1); system properties {@code jwtauth.example.war} (the WAR file or
 * exploded directory) and {@code jwtauth.example.data} (the data directory), both set by the
 * example's pom.
 *
 * <p>Not thread-safe: start and close it from one thread.
 */
public final class ExampleServer implements AutoCloseable {

    /** System property read by the example's web.xml as {@code ${sys:jwtauth.example.secret}}. */
    public static final String SECRET_PROPERTY = "jwtauth.example.secret";
    /** System property naming the WAR (file or exploded directory) to deploy. */
    public static final String WAR_PROPERTY = "jwtauth.example.war";
    /** System property naming the data directory (database and secret). */
    public static final String DATA_PROPERTY = "jwtauth.example.data";
    /** The realm name of the example's {@code <login-config>}. */
    public static final String REALM = "jwt-auth example";
    /** The demo users' password. */
    public static final String DEMO_PASSWORD = "password";

    static final String SECRET_FILE = "jwt-secret";
    private static final int SECRET_BYTES = 64;

    private final Server server;
    private final WebAppContext webapp;
    private final JdbcConnectionPool dataSource;
    private final URI baseUri;

    private ExampleServer(Server server, WebAppContext webapp, JdbcConnectionPool dataSource, URI baseUri) {
        this.server = server;
        this.webapp = webapp;
        this.dataSource = dataSource;
        this.baseUri = baseUri;
    }

    /**
     * Starts the example.
     *
     * @param war the WAR file or exploded WAR directory
     * @param dataDir where the H2 database and the generated secret live (created if missing)
     * @param host the address to listen on
     * @param port the port, 0 for any free port
     * @return the running server
     * @throws Exception if the server or the webapp fails to start (a webapp that fails to
     *     start, e.g. because of bad jwt-auth configuration, fails this call)
     */
    public static ExampleServer start(Path war, Path dataDir, String host, int port) throws Exception {
        return start(war, dataDir, host, port, null);
    }

    /**
     * Starts the example, signing with {@code algorithm}: null or an HS algorithm uses the
     * generated secret; ES256 or RS256 use a key pair generated into the data directory on first
     * start (a development convenience: the library itself never generates keys).
     */
    public static ExampleServer start(Path war, Path dataDir, String host, int port, String algorithm)
            throws Exception {
        if (!Files.exists(war)) {
            throw new IllegalArgumentException("WAR not found: " + war
                    + " (build it first: mvn -f webapp-example package)");
        }
        Files.createDirectories(dataDir);
        System.setProperty(SECRET_PROPERTY, loadOrCreateSecret(dataDir));

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setStopAtShutdown(true);

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setWar(war.toAbsolutePath().toString());
        webapp.setThrowUnavailableOnStartupException(true);
        webapp.addConfiguration(new EnvConfiguration(), new PlusConfiguration());
        webapp.getSecurityHandler().setLoginService(demoUsers());
        String asymmetric = asymmetric(algorithm);
        if (asymmetric != null) {
            webapp.addOverrideDescriptor(asymmetricOverride(dataDir, asymmetric).toString());
        }
        server.setHandler(webapp);

        // What the container provides for <resource-ref> jdbc/jwtauth.
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("jwtauth");
        JdbcConnectionPool dataSource = JdbcConnectionPool.create(url, "sa", "");
        new Resource(webapp, "jdbc/jwtauth", dataSource);

        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            dataSource.dispose();
            throw e;
        }
        String uriHost = host.equals("0.0.0.0") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
        URI baseUri = URI.create("http://" + uriHost + ":" + connector.getLocalPort());
        return new ExampleServer(server, webapp, dataSource, baseUri);
    }

    /** The root of the running example, e.g. {@code http://127.0.0.1:8080}, no trailing slash. */
    public URI baseUri() {
        return baseUri;
    }

    /**
     * How jwt-auth runs here, as its start-up line says: {@code filter} on Jetty 12 (its Jakarta
     * Authentication does not take a module registered by the application).
     */
    public String mode() {
        return String.valueOf(webapp.getServletContext().getAttribute(TomcatExample.MODE_ATTRIBUTE));
    }

    /** Blocks until the server stops (Ctrl+C). */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            dataSource.dispose();
        }
    }

    /**
     * The asymmetric algorithm asked for ({@code ES256} or {@code RS256}, upper-cased), or null for
     * null or an HS algorithm (the generated secret).
     */
    static String asymmetric(String algorithm) {
        if (algorithm == null || algorithm.isBlank()) {
            return null;
        }
        String upper = algorithm.strip().toUpperCase(java.util.Locale.ROOT);
        if (upper.startsWith("HS")) {
            return null;
        }
        if (!upper.equals("ES256") && !upper.equals("RS256")) {
            throw new IllegalArgumentException("JWT_AUTH_ALGORITHM must be HS256, ES256 or RS256, not " + algorithm);
        }
        return upper;
    }

    /**
     * An override descriptor (applied after web.xml) switching jwt-auth to an asymmetric
     * algorithm with a key pair kept in the data directory, generated on first start.
     */
    static Path asymmetricOverride(Path dataDir, String algorithm) throws Exception {
        Path key = signingKey(dataDir, algorithm);
        Path override = dataDir.resolve("override-web.xml");
        Files.writeString(override, """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <context-param><param-name>jwt-auth.algorithm</param-name><param-value>%s</param-value></context-param>
                  <context-param><param-name>jwt-auth.signing-key</param-name><param-value>file:%s</param-value></context-param>
                  <!-- an empty value unsets the web.xml secret, which is for HS algorithms only -->
                  <context-param><param-name>jwt-auth.secret</param-name><param-value></param-value></context-param>
                </web-app>
                """.formatted(algorithm, key.toAbsolutePath()), StandardCharsets.UTF_8);
        return override;
    }

    /**
     * The PEM file holding the {@code algorithm} (ES256 or RS256) key pair in the data directory,
     * generated (owner-only) on first start.
     */
    static Path signingKey(Path dataDir, String algorithm) throws Exception {
        Path key = dataDir.resolve("jwt-signing-key-" + algorithm.toLowerCase(java.util.Locale.ROOT) + ".pem");
        if (!Files.exists(key)) {
            java.security.KeyPairGenerator g;
            if (algorithm.equals("ES256")) {
                g = java.security.KeyPairGenerator.getInstance("EC");
                g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            } else {
                g = java.security.KeyPairGenerator.getInstance("RSA");
                g.initialize(3072);
            }
            java.security.KeyPair kp = g.generateKeyPair();
            Files.createFile(key, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(key, pem("PRIVATE KEY", kp.getPrivate().getEncoded())
                    + pem("PUBLIC KEY", kp.getPublic().getEncoded()), StandardCharsets.US_ASCII);
            System.out.println("[example] generated a new " + algorithm + " signing key pair in "
                    + key.toAbsolutePath() + " (development only; its public key is served at /jwt-auth/v1/keys)");
        } else {
            System.out.println("[example] signing with the " + algorithm + " key pair in " + key.toAbsolutePath());
        }
        return key;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /**
     * Runs the example in Jetty 12 until Ctrl+C: {@code mvn -B -q -f webapp-example package exec:java
     * -Dexample.main=com.example.legacy.ExampleServer}. Jetty 12 keeps jwt-auth in filter mode, so
     * the example's security-constraint on {@code /api/admin/*} refuses Bearer tokens here (see
     * docs/walkthrough.md).
     */
    public static void main(String[] args) throws Exception {
        int port = parsePort(System.getenv("PORT"));
        String host = envOr("HOST", "127.0.0.1");
        Path war = locateWar();
        Path dataDir = locateDataDir();
        ExampleServer example = start(war, dataDir, host, port, System.getenv("JWT_AUTH_ALGORITHM"));
        System.out.println(walkthrough("Jetty 12, " + example.mode() + " mode", shown(example.baseUri()), dataDir));
        example.join();
    }

    /** The address to print: localhost for 127.0.0.1. */
    static URI shown(URI base) {
        return base.getHost().equals("127.0.0.1") ? URI.create("http://localhost:" + base.getPort()) : base;
    }

    static String walkthrough(String container, URI base, Path dataDir) {
        return String.join(System.lineSeparator(),
                "",
                "jwt-auth example (" + container + ") is running on " + base + "   (Ctrl+C stops it)",
                "  data (H2 database, generated secret): " + dataDir.toAbsolutePath().normalize(),
                "  demo users (container BASIC login): admin / password (administrator, user),"
                        + " alice / password (user)",
                "",
                "Try it (see docs/walkthrough.md):",
                "  curl -u admin:password -X POST -F name=laptop " + base + "/jwt-auth/v1/key-pair",
                "  curl -X POST -F api_key=KEY -F api_secret=SECRET " + base + "/jwt-auth/v1/token",
                "  curl -H 'Authorization: Bearer ACCESS_TOKEN' " + base + "/api/me",
                "  curl -H 'Authorization: Bearer ACCESS_TOKEN' " + base + "/api/rest/notes",
                "  curl -H 'Authorization: Bearer ACCESS_TOKEN' " + base + "/api/admin/stats",
                "  curl -u alice:password " + base + "/api/me",
                "  curl " + base + "/api/hello",
                "");
    }

    private static HashLoginService demoUsers() {
        UserStore users = new UserStore();
        users.addUser("admin", Credential.getCredential(DEMO_PASSWORD), new String[] {"administrator", "user"});
        users.addUser("alice", Credential.getCredential(DEMO_PASSWORD), new String[] {"user"});
        HashLoginService loginService = new HashLoginService(REALM);
        loginService.setUserStore(users);
        return loginService;
    }

    /**
     * Reads the secret from {@code dataDir/jwt-secret}, generating 64 random bytes (stored
     * base64url-encoded, owner-only) on first start. The secret itself is never printed.
     */
    static String loadOrCreateSecret(Path dataDir) throws IOException {
        Path file = dataDir.resolve(SECRET_FILE);
        if (!Files.exists(file)) {
            byte[] random = new byte[SECRET_BYTES];
            new SecureRandom().nextBytes(random);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            try {
                createOwnerOnly(file);
                Files.writeString(file, secret, StandardCharsets.US_ASCII);
                System.out.println("[example] generated a new random JWT secret in " + file.toAbsolutePath()
                        + " (mode 600); delete the file to invalidate every issued token");
            } catch (FileAlreadyExistsException raced) {
                // another process created it first: use theirs
            }
        }
        String secret = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (secret.length() < 43) { // 32 bytes, base64url: the minimum for HS256
            throw new IllegalStateException(file + " holds a secret that is too short; delete the file");
        }
        return secret;
    }

    private static void createOwnerOnly(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
        } else {
            Files.createFile(file);
        }
    }

    static Path locateWar() throws IOException {
        String configured = System.getProperty(WAR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        for (Path target : new Path[] {Paths.get("webapp-example", "target"), Paths.get("target")}) {
            if (Files.isDirectory(target)) {
                try (Stream<Path> files = Files.list(target)) {
                    Path war = files.filter(p -> p.toString().endsWith(".war")).findFirst().orElse(null);
                    if (war != null) {
                        return war;
                    }
                }
            }
        }
        throw new IllegalStateException("No WAR found under webapp-example/target;"
                + " build it first: mvn -f webapp-example package");
    }

    static Path locateDataDir() {
        String configured = System.getProperty(DATA_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        return Files.isDirectory(Paths.get("webapp-example")) ? Paths.get("webapp-example", "data") : Paths.get("data");
    }

    static int parsePort(String value) {
        if (value == null || value.isBlank()) {
            return 8080;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PORT must be a number from 0 to 65535, was: " + value);
        }
    }

    static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // already failing: the start-up exception is the one worth reporting
        }
    }
}
