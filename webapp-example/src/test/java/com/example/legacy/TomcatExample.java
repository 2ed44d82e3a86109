package com.example.legacy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ApplicationParameter;
import org.apache.tomcat.util.descriptor.web.ContextResource;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * The example's launcher for the README's run command: deploys the built example WAR, unchanged,
 * into an embedded Tomcat 11 with what an operator's Tomcat would provide. Tomcat takes jwt-auth's
 * Jakarta Authentication module (container mode), so the WAR's {@code <security-constraint>} on
 * {@code /api/admin/*} accepts Bearer tokens. Test scope only, like {@link ExampleServer} (the Jetty
 * launcher), whose conventions and files it shares; the equivalent {@code context.xml} of a
 * standalone Tomcat is in docs/walkthrough.md.
 *
 * <ul>
 *   <li>JNDI {@code java:comp/env/jdbc/jwtauth}: a {@code <Resource>} pooling an H2 file database
 *       in the data directory ({@link H2PoolFactory}; naming enabled);</li>
 *   <li>the demo users {@code admin/password} (administrator, user) and {@code alice/password}
 *       (user) in Tomcat's realm;</li>
 *   <li>system property {@code jwtauth.example.secret}, generated into the data directory as by
 *       {@link ExampleServer}; with an ES256 or RS256 algorithm, the key pair generated there as by
 *       {@link ExampleServer}, handed to jwt-auth as context parameters that replace web.xml's
 *       ({@code <Parameter override="false">} in a context.xml);</li>
 *   <li>Tomcat's default context otherwise: no {@code preemptiveAuthentication}, which container
 *       mode does not need (jwt-auth's module sees every request).</li>
 * </ul>
 *
 * <p>{@code main} runs it like {@link ExampleServer#main}: environment {@code PORT} (default 8080,
 * 0 = any free port), {@code HOST} (default 127.0.0.1) and {@code JWT_AUTH_ALGORITHM}; system
 * properties {@code jwtauth.example.war} and {@code jwtauth.example.data}, both set by the
 * example's pom. {@link Tomcat#enableNaming()} sets JVM-wide JNDI system properties; {@link
 * #close()} restores them, so run one at a time and never beside a Jetty JNDI lookup.
 *
 * <p>Not thread-safe: start, deploy and close it from one thread.
 */
public final class TomcatExample implements AutoCloseable {

    /** The context attribute where jwt-auth says which mode it chose ({@code container} or {@code filter}). */
    static final String MODE_ATTRIBUTE = "io.github.jwtauth.mode";

    private static final String[] NAMING_PROPERTIES = {
        javax.naming.Context.URL_PKG_PREFIXES, javax.naming.Context.INITIAL_CONTEXT_FACTORY, "catalina.useNaming"
    };

    private final Tomcat tomcat;
    private final Path war;
    private final Path dataDir;
    private final String uriHost;
    private final Map<String, String> savedProperties;
    /** Context parameters that replace web.xml's (the asymmetric key), empty for HS256. */
    private final Map<String, String> parameters;
    private URI baseUri;
    private String mode;

    private TomcatExample(Tomcat tomcat, Path war, Path dataDir, String uriHost, Map<String, String> saved,
            Map<String, String> parameters) {
        this.tomcat = tomcat;
        this.war = war;
        this.dataDir = dataDir;
        this.uriHost = uriHost;
        this.savedProperties = saved;
        this.parameters = parameters;
    }

    /**
     * Starts Tomcat and deploys the WAR at the root context, signing with the generated secret.
     *
     * @param war the WAR file or exploded WAR directory
     * @param dataDir where Tomcat's work files, the H2 database and the generated secret live
     * @param host the address to listen on
     * @param port the port, 0 for any free port
     * @throws Exception if Tomcat or the webapp fails to start
     */
    public static TomcatExample start(Path war, Path dataDir, String host, int port) throws Exception {
        return start(war, dataDir, host, port, null);
    }

    /**
     * Starts the example, signing with {@code algorithm}: null or an HS algorithm uses the
     * generated secret; ES256 or RS256 use a key pair generated into the data directory on first
     * start, as {@link ExampleServer#start(Path, Path, String, int, String)} does.
     */
    public static TomcatExample start(Path war, Path dataDir, String host, int port, String algorithm)
            throws Exception {
        if (!Files.exists(war)) {
            throw new IllegalArgumentException("WAR not found: " + war
                    + " (build it first: mvn -f webapp-example package)");
        }
        Files.createDirectories(dataDir);
        System.setProperty(ExampleServer.SECRET_PROPERTY, ExampleServer.loadOrCreateSecret(dataDir));
        Map<String, String> parameters = new LinkedHashMap<>();
        String asymmetric = ExampleServer.asymmetric(algorithm);
        if (asymmetric != null) {
            Path key = ExampleServer.signingKey(dataDir, asymmetric);
            parameters.put("jwt-auth.algorithm", asymmetric);
            parameters.put("jwt-auth.signing-key", "file:" + key.toAbsolutePath());
            parameters.put("jwt-auth.secret", ""); // for HS algorithms only: unset web.xml's
        }
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
        TomcatExample example = new TomcatExample(tomcat, war.toAbsolutePath(), dataDir, uriHost, saved, parameters);
        try {
            tomcat.start();
            example.baseUri = example.deploy("", false);
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
     * How jwt-auth runs in the root deployment, as its start-up line says: {@code container} (the
     * Jakarta Authentication module is registered) or {@code filter}.
     */
    public String mode() {
        return mode;
    }

    /**
     * Deploys the WAR once more, at {@code contextPath} with its own database, e.g. to see what an
     * operator who turns preemptive authentication on gets.
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
        parameters.forEach((parameter, value) -> {
            // <Parameter name="…" value="…" override="false"/>: replaces web.xml's context-param
            ApplicationParameter replacement = new ApplicationParameter();
            replacement.setName(parameter);
            replacement.setValue(value);
            replacement.setOverride(false);
            context.addApplicationParameter(replacement);
        });

        tomcat.getHost().addChild(context);
        if (context.getState() != LifecycleState.STARTED) {
            throw new IllegalStateException("the example did not start in Tomcat at '" + contextPath
                    + "' (state " + context.getState() + "); see the log above");
        }
        if (contextPath.isEmpty()) {
            mode = String.valueOf(context.getServletContext().getAttribute(MODE_ATTRIBUTE));
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
     * Runs the example WAR in Tomcat until Ctrl+C: the README's run command, {@code mvn -B -q -f
     * webapp-example package exec:java}, or with the built test class path as bench/run-load.sh
     * does.
     */
    public static void main(String[] args) throws Exception {
        int port = ExampleServer.parsePort(System.getenv("PORT"));
        String host = ExampleServer.envOr("HOST", "127.0.0.1");
        Path war = ExampleServer.locateWar();
        Path dataDir = ExampleServer.locateDataDir();
        TomcatExample example = start(war, dataDir, host, port, System.getenv("JWT_AUTH_ALGORITHM"));
        Runtime.getRuntime().addShutdownHook(new Thread(example::close));
        System.out.println(ExampleServer.walkthrough("Tomcat 11, " + example.mode() + " mode",
                ExampleServer.shown(example.baseUri()), dataDir));
        example.tomcat.getServer().await();
    }
}
