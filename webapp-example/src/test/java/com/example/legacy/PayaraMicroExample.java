package com.example.legacy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built example WAR, unchanged, in Payara Micro (a full Jakarta EE 10 server) as a
 * separate process, configured only as an operator would, with the commands of docs/walkthrough.md
 * ("On Payara Micro"):
 *
 * <ul>
 *   <li>{@code --nohazelcast}, and a pre-boot {@code set} that binds the HTTP listener to
 *       127.0.0.1, on a free port;</li>
 *   <li>post-boot {@code create-file-user --groups …} for {@code admin} (administrator, user) and
 *       {@code alice} (user) in the default file realm (groups map to roles by name), the password
 *       in a {@code --passwordfile} ({@code AS_ADMIN_USERPASSWORD}), as boot commands refuse
 *       passwords on their command line;</li>
 *   <li>post-boot {@code create-jdbc-connection-pool} over the H2 that Payara ships (a file database
 *       in the data directory) and {@code create-jdbc-resource jdbc/jwtauth}: web.xml's resource-ref
 *       binds to the resource of the same name;</li>
 *   <li>the secret as system property {@code jwtauth.example.secret}, through {@code
 *       --systemproperties} (generated into the data directory as by {@link ExampleServer}).</li>
 * </ul>
 *
 * <p>The jar is copied to {@code target/payara/payara-micro.jar} by the pom (system property
 * {@value #JAR_PROPERTY}). Everything the server prints goes to {@link #log()}.
 *
 * <p>Not thread-safe: start and close it from one thread.
 */
final class PayaraMicroExample implements AutoCloseable {

    /** System property naming the Payara Micro jar. */
    static final String JAR_PROPERTY = "jwtauth.example.payara";

    /** What Payara Micro prints once it serves its applications. */
    static final String READY = ") ready in ";

    private static final Duration START_LIMIT = Duration.ofSeconds(180);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(30);

    private final Process process;
    private final Path log;
    private final URI baseUri;

    private PayaraMicroExample(Process process, Path log, URI baseUri) {
        this.process = process;
        this.log = log;
        this.baseUri = baseUri;
    }

    /**
     * Starts Payara Micro with the WAR at the root context (and {@code moreWars} each at its file
     * name's context) and waits until it answers.
     *
     * @param workDir where the boot command files, the server's root directory, the H2 database,
     *     the secret and the log go
     * @throws IllegalStateException when the server does not start within {@link #START_LIMIT},
     *     with the end of its output
     */
    static PayaraMicroExample start(Path war, Path workDir, Path... moreWars)
            throws IOException, InterruptedException {
        Path jar = Paths.get(System.getProperty(JAR_PROPERTY, "target/payara/payara-micro.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No Payara Micro jar at " + jar + "; run through mvn verify");
        }
        Files.createDirectories(workDir);
        Path data = workDir.toAbsolutePath();
        Path passwordFile = Files.writeString(data.resolve("password.txt"),
                "AS_ADMIN_USERPASSWORD=" + ExampleServer.DEMO_PASSWORD + "\n");
        Path preBoot = Files.writeString(data.resolve("pre-boot.txt"),
                "set configs.config.server-config.network-config.network-listeners.network-listener"
                        + ".http-listener.address=127.0.0.1\n");
        Path postBoot = Files.writeString(data.resolve("post-boot.txt"), String.join("\n",
                "create-file-user --passwordfile " + passwordFile + " --groups administrator:user admin",
                "create-file-user --passwordfile " + passwordFile + " --groups user alice",
                "create-jdbc-connection-pool --datasourceclassname org.h2.jdbcx.JdbcDataSource"
                        + " --restype javax.sql.DataSource"
                        + " --property URL=" + asadminValue("jdbc:h2:" + data.resolve("jwtauth")) + " jwtauth-pool",
                "create-jdbc-resource --connectionpoolid jwtauth-pool jdbc/jwtauth",
                ""));
        Path properties = Files.writeString(data.resolve("system.properties"),
                ExampleServer.SECRET_PROPERTY + "=" + ExampleServer.loadOrCreateSecret(data) + "\n");
        int port = freePort();
        Path log = data.resolve("payara.log");
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString(),
                "--nohazelcast",
                "--port", Integer.toString(port),
                "--rootdir", data.resolve("payara-root").toString(),
                "--prebootcommandfile", preBoot.toString(),
                "--postbootcommandfile", postBoot.toString(),
                "--systemproperties", properties.toString(),
                "--deploy", war.toAbsolutePath().toString(),
                "--contextroot", "/"));
        for (Path more : moreWars) { // at /<file name without .war>
            command.add("--deploy");
            command.add(more.toAbsolutePath().toString());
        }
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PayaraMicroExample payara = new PayaraMicroExample(process, log, URI.create("http://127.0.0.1:" + port));
        try {
            payara.awaitReady();
        } catch (RuntimeException | InterruptedException e) {
            payara.close();
            throw e;
        }
        return payara;
    }

    /** The root of the example, no trailing slash. */
    URI baseUri() {
        return baseUri;
    }

    /** Where everything the server printed goes. */
    Path log() {
        return log;
    }

    /** Everything the server printed so far. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(" + log + " unreadable: " + e + ")";
        }
    }

    /** Stops the server and everything it started: politely, then by force. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        if (!process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            tree.forEach(ProcessHandle::destroyForcibly);
            process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS);
        }
        tree.forEach(p -> p.destroyForcibly());
    }

    /** Until the server says it is ready and the example answers, the process dies, or the time is up. */
    private void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue()
                        + " before it was ready; its output:\n" + output());
            }
            if (output().contains(READY) && answers(http)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Payara Micro was not ready after " + START_LIMIT.toSeconds()
                + " s; its output:\n" + output());
    }

    private boolean answers(HttpClient http) throws InterruptedException {
        try {
            HttpRequest hello = HttpRequest.newBuilder(URI.create(baseUri + "/api/hello"))
                    .timeout(Duration.ofSeconds(10)).GET().build();
            return http.send(hello, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** An asadmin property value: ':' and '=' separate properties there, so they are escaped. */
    private static String asadminValue(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
