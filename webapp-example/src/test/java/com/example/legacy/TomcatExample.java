package com.example.legacy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ContextResource;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Deploys the built example WAR, unchanged, into an embedded Tomcat 11 with what an operator's
 * Tomcat would provide. Test scope only, like {@link ExampleServer}; the equivalent
 * {@code context.xml} of a standalone Tomcat is in docs/walkthrough.md.
 *
 * <ul>
 *   <li>JNDI {@code java:comp/env/jdbc/jwtauth}: a {@code <Resource>} pooling an H2 file database
 *       in the data directory ({@link H2PoolFactory}; naming enabled);</li>
 *   <li>the demo users {@code admin/password} (administrator, user) and {@code alice/password}
 *       (user) in Tomcat's realm;</li>
 *   <li>system property {@code jwtauth.example.secret}, generated into the data directory as by
 *       {@link ExampleServer};</li>
 *   <li>{@code preemptiveAuthentication="true"} on the context (unless asked otherwise): without it
 *       Tomcat ignores BASIC credentials on URLs that no security-constraint covers, such as
 *       {@code /api/me} and {@code /api/rest/*}.</li>
 * </ul>
 *
 * <p>{@code main} runs it like {@link ExampleServer#main} (environment {@code PORT}, {@code
 * HOST}). {@link Tomcat#enableNaming()} sets JVM-wide JNDI system properties; {@link #close()}
 * restores them, so run one at a time and never beside a Jetty JNDI lookup.
 *
 * <p>Not thread-safe: start, deploy and close it from one thread.
 */
public final class TomcatExample implements AutoCloseable {

    private static final String[] NAMING_PROPERTIES = {
        javax.naming.Context.URL_PKG_PREFIXES, javax.naming.Context.INITIAL_CONTEXT_FACTORY, "catalina.useNaming"
    };

    private final Tomcat tomcat;
    private final Path war;
    private final Path dataDir;
    private final String uriHost;
    private final Map<String, String> savedProperties;
    private URI baseUri;

    private TomcatExample(Tomcat tomcat, Path war, Path dataDir, String uriHost, Map<String, String> saved) {
        this.tomcat = tomcat;
        this.war = war;
        this.dataDir = dataDir;
        this.uriHost = uriHost;
        this.savedProperties = saved;
    }

    /**
     * Starts Tomcat and deploys the WAR at the root context with preemptive authentication.
     *
     * @param war the WAR file (it is expanded under the data directory, as Tomcat's appBase does)
     * @param dataDir where Tomcat's work files, the H2 database and the generated secret live
     * @param host the address to listen on
     * @param port the port, 0 for any free port
     * @throws Exception if Tomcat or the webapp fails to start
     */
    public static TomcatExample start(Path war, Path dataDir, String host, int port) throws Exception {
        if (!Files.isRegularFile(war)) {
            throw new IllegalArgumentException("WAR not found: " + war
                    + " (build it first: mvn -f webapp-example package)");
        }
        Files.createDirectories(dataDir);
        System.setProperty(ExampleServer.SECRET_PROPERTY, ExampleServer.loadOrCreateSecret(dataDir));
        Path baseDir = dataDir.resolve("tomcat").toAbsolutePath();
        Files.createDirectories(baseDir.resolve("webapps"));

        Map<String, String> saved = new HashMap<>();
        for (String name : NAMING_PROPERTIES) {
            saved.put(name, System.getProperty(name));
        }
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", host);
        tomcat.setConnector(connector);
        tomcat.enableNaming();
        tomcat.addUser("admin", ExampleServer.DEMO_PASSWORD);
        tomcat.addRole("admin", "administrator");
        tomcat.addRole("admin", "user");
        tomcat.addUser("alice", ExampleServer.DEMO_PASSWORD);
        tomcat.addRole("alice", "user");
        tomcat.getHost().setAutoDeploy(false);

        String uriHost = host.equals("0.0.0.0") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
        TomcatExample example = new TomcatExample(tomcat, war.toAbsolutePath(), dataDir, uriHost, saved);
        try {
            tomcat.start();
            example.baseUri = example.deploy("", true);
        } catch (Exception | Error e) {
            try {
                example.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return example;
    }

    /** The root of the example, e.g. {@code http://127.0.0.1:8080}, no trailing slash. */
    public URI baseUri() {
        return baseUri;
    }

    /**
     * Deploys the WAR once more, at {@code contextPath} with its own database, e.g. to see what an
     * operator who left preemptive authentication off gets.
     *
     * @return the root of that deployment, no trailing slash
     */
    public URI deploy(String contextPath, boolean preemptiveAuthentication) throws IOException {
        String name = contextPath.isEmpty() ? "ROOT" : contextPath.substring(1).replace('/', '#');
        StandardContext context = new StandardContext();
        context.setName(contextPath);
        context.setPath(contextPath);
        context.setDocBase(war.toString());
        context.setParentClassLoader(TomcatExample.class.getClassLoader());
        // <Context preemptiveAuthentication="true"> in a standalone Tomcat's context.xml
        context.setPreemptiveAuthentication(preemptiveAuthentication);
        ContextConfig config = new ContextConfig();
        // embedded Tomcat has no conf/web.xml (its JSP servlet would need Jasper); the app needs none
        config.setDefaultWebXml(tomcat.noDefaultWebXmlPath());
        context.addLifecycleListener(config);
        // like a standalone Tomcat: the app's jars (and jwt-auth's web-fragment) come from
        // WEB-INF/lib only, not from this JVM's test class path
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        context.setJarScanner(scanner);
        context.getNamingResources().addResource(dataSource(name));

        tomcat.getHost().addChild(context);
        if (context.getState() != LifecycleState.STARTED) {
            throw new IllegalStateException("the example did not start in Tomcat at '" + contextPath
                    + "' (state " + context.getState() + "); see the log above");
        }
        return URI.create("http://" + uriHost + ":" + tomcat.getConnector().getLocalPort() + contextPath);
    }

    /**
     * What {@code <Resource name="jdbc/jwtauth" auth="Container" type="javax.sql.DataSource"
     * factory="com.example.legacy.H2PoolFactory" closeMethod="dispose" url="…" user="sa"
     * password=""/>} declares in a {@code context.xml}: a pooled H2 file database, disposed when
     * the context stops.
     */
    private ContextResource dataSource(String name) {
        ContextResource resource = new ContextResource();
        resource.setName("jdbc/jwtauth");
        resource.setAuth("Container");
        resource.setType("javax.sql.DataSource");
        resource.setCloseMethod("dispose");
        resource.setProperty("factory", H2PoolFactory.class.getName());
        resource.setProperty("url", "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("jwtauth-tomcat-" + name));
        resource.setProperty("user", "sa");
        resource.setProperty("password", "");
        return resource;
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not stop", e);
        } finally {
            savedProperties.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
        }
    }

    /**
     * Runs the example WAR in Tomcat until Ctrl+C: {@code mvn -B -q -f webapp-example package
     * exec:java -Dexample.main=com.example.legacy.TomcatExample}.
     */
    public static void main(String[] args) throws Exception {
        String war = System.getProperty(ExampleServer.WAR_PROPERTY);
        String data = System.getProperty(ExampleServer.DATA_PROPERTY);
        if (war == null || data == null) {
            throw new IllegalStateException("run it through the example's pom (exec:java), which sets "
                    + ExampleServer.WAR_PROPERTY + " and " + ExampleServer.DATA_PROPERTY);
        }
        String host = System.getenv("HOST") == null || System.getenv("HOST").isBlank() ? "127.0.0.1" : System.getenv("HOST").strip();
        TomcatExample example = start(Paths.get(war), Paths.get(data), host, ExampleServer.parsePort(System.getenv("PORT")));
        Runtime.getRuntime().addShutdownHook(new Thread(example::close));
        URI shown = example.baseUri().getHost().equals("127.0.0.1")
                ? URI.create("http://localhost:" + example.baseUri().getPort())
                : example.baseUri();
        System.out.println(ExampleServer.walkthrough(shown, Paths.get(data))
                .replace("jwt-auth example is running", "jwt-auth example (Tomcat 11) is running"));
        example.tomcat.getServer().await();
    }
}
