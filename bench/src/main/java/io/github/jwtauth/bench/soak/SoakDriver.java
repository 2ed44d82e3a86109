package io.github.jwtauth.bench.soak;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The soak with faults (bench/run-soak.sh): three {@link SoakNode}s (Jetty, Tomcat, and a Jetty
 * whose jwt-auth clock runs {@value #SKEW_SECONDS} s ahead) on one PostgreSQL, a mixed load against
 * them for DURATION seconds, and faults during it: the database stopped and started again, the
 * Tomcat node killed with SIGKILL and started again. Every request is recorded; at the end the
 * invariants are checked and written to OUT/summary.json (and OUT/timeline.csv, one row per second
 * and node):
 *
 * <ol>
 *   <li>no token of a revoked key-pair is accepted later than the documented bound (status cache 5
 *       s + 1 s for requests in flight) after the revocation was acknowledged;
 *   <li>exactly one winner per raced refresh token (at most one while the database is down);
 *   <li>no 5xx outside the outage windows, and only 503 inside them;
 *   <li>no lost key-pair: every key-pair whose creation was acknowledged is in the database;
 *   <li>heap after GC, threads, file descriptors of each node and the database's connections, after
 *       the warm-up and at the end.
 * </ol>
 *
 * <p>Usage: {@code SoakDriver OUT_DIR DURATION_SECONDS JDBC_URL DB_SCRIPT}, where {@code DB_SCRIPT
 * stop|start} stops and starts the database.
 */
public final class SoakDriver {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final long REVOCATION_BOUND_MS = 5_000 + 1_000;
  static final long DB_RECOVERY_MS = 15_000;
  static final long NODE_RECOVERY_MS = 5_000;
  static final int SKEW_SECONDS = 20;

  final Path out;
  final long durationMs;
  final String jdbcUrl;
  final String dbScript;
  final long t0 = System.currentTimeMillis();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  final List<Node> nodes = new ArrayList<>();
  final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
  final List<Window> windows = new java.util.concurrent.CopyOnWriteArrayList<>();
  final List<Pair> pool = new java.util.concurrent.CopyOnWriteArrayList<>();
  final Set<String> created = ConcurrentHashMap.newKeySet();
  final List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
  final List<JsonObject> races = new java.util.concurrent.CopyOnWriteArrayList<>();
  final List<JsonObject> revocations = new java.util.concurrent.CopyOnWriteArrayList<>();
  final AtomicBoolean running = new AtomicBoolean(true);
  final java.util.concurrent.atomic.AtomicReference<String> last =
      new java.util.concurrent.atomic.AtomicReference<>();

  /** One request: ms since start, node index, operation, status (-1: no connection). */
  record Event(long t, int node, String op, int status) {}

  /** An outage: node -1 = every node (the database). */
  record Window(long from, long to, int node, String what) {
    boolean covers(long t, int n) {
      return t >= from && t <= to && (node < 0 || node == n);
    }
  }

  /** A key-pair of the pool, with its current tokens (null after a doubtful refresh). */
  static final class Pair {
    final String user;
    final String key;
    final String secret;
    String access;
    String refresh;

    Pair(String user, String key, String secret) {
      this.user = user;
      this.key = key;
      this.secret = secret;
    }
  }

  final class Node {
    final int index;
    final String container;
    final int port;
    final boolean skewed;
    volatile Process process;

    Node(int index, String container, int port, boolean skewed) {
      this.index = index;
      this.container = container;
      this.port = port;
      this.skewed = skewed;
    }

    String base() {
      return "http://127.0.0.1:" + port + "/app";
    }

    void start() throws Exception {
      Path ready = out.resolve("node" + index + ".ready");
      Files.deleteIfExists(ready);
      List<String> cmd =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx256m",
              "-Dsoak.skew-seconds=" + (skewed ? SKEW_SECONDS : 0),
              "-Dsoak.token-cache-size=" + Integer.getInteger("soak.token-cache-size", 10_000),
              "-cp",
              System.getProperty("java.class.path"),
              SoakNode.class.getName(),
              container,
              Integer.toString(port),
              jdbcUrl,
              ready.toString());
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.redirectOutput(
          ProcessBuilder.Redirect.appendTo(out.resolve("node" + index + ".log").toFile()));
      process = pb.start();
      long deadline = System.currentTimeMillis() + 120_000;
      while (!Files.exists(ready)) {
        if (!process.isAlive() || System.currentTimeMillis() > deadline) {
          throw new IllegalStateException(
              "node" + index + " did not start: see node" + index + ".log");
        }
        Thread.sleep(200);
      }
    }
  }

  SoakDriver(String[] args) {
    out = Path.of(args[0]);
    durationMs = Long.parseLong(args[1]) * 1000;
    jdbcUrl = args[2];
    dbScript = args[3];
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: SoakDriver OUT_DIR DURATION_SECONDS JDBC_URL DB_SCRIPT");
      System.exit(2);
    }
    SoakDriver d = new SoakDriver(args);
    int code;
    try {
      code = d.run();
    } finally {
      for (Node n : d.nodes) {
        if (n.process != null) {
          n.process.destroyForcibly();
        }
      }
    }
    System.exit(code);
  }

  long now() {
    return System.currentTimeMillis() - t0;
  }

  void log(String s) {
    System.out.printf("[soak %6.1fs] %s%n", now() / 1000.0, s);
  }

  int run() throws Exception {
    Files.createDirectories(out);
    nodes.add(new Node(0, "jetty", freePort(), false));
    nodes.add(new Node(1, "tomcat", freePort(), false));
    nodes.add(new Node(2, "jetty", freePort(), true));
    for (Node n : nodes) {
      n.start();
      log(
          "node"
              + n.index
              + " ("
              + n.container
              + (n.skewed ? ", clock +" + SKEW_SECONDS + " s" : "")
              + ") up");
    }
    for (int u = 0; u < 30; u++) {
      Pair p = create("u" + u, nodes.get(u % 3));
      if (p == null || !exchange(p, nodes.get((u + 1) % 3))) {
        throw new IllegalStateException("setup: key-pair " + u + " failed: " + last.get());
      }
      pool.add(p);
    }
    log("pool of " + pool.size() + " key-pairs ready; warming up 30 s");
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      workers.add(worker("bearer-" + i, this::bearerLoop));
    }
    workers.add(worker("rotate-0", this::rotateLoop));
    workers.add(worker("rotate-1", this::rotateLoop));
    workers.add(worker("race", () -> every(10_000, this::race)));
    workers.add(worker("revoke", () -> every(15_000, this::revokeOnce)));
    workers.add(worker("sample", () -> every(60_000, this::sample)));
    long load = now(); // the faults and the end are timed from here
    Thread.sleep(30_000);
    JsonObject before = resources();
    log("before: " + before);
    long dbAt = load + (long) (durationMs * 0.3);
    long killAt = load + (long) (durationMs * 0.6);
    sleepUntil(dbAt);
    log("stopping the database");
    long stop = now();
    sh(dbScript, "stop");
    Thread.sleep(20_000);
    sh(dbScript, "start");
    long started = now();
    windows.add(new Window(stop, started + DB_RECOVERY_MS, -1, "database down"));
    log("database started again (down " + (started - stop) + " ms)");
    sleepUntil(killAt);
    Node victim = nodes.get(1);
    log("SIGKILL node1 (tomcat)");
    long kill = now();
    victim.process.destroyForcibly(); // SIGKILL on Linux
    victim.process.waitFor();
    Thread.sleep(5_000);
    victim.start();
    long back = now();
    windows.add(new Window(kill, back + NODE_RECOVERY_MS, 1, "node1 killed"));
    log("node1 back after " + (back - kill) + " ms");
    sleepUntil(load + durationMs);
    running.set(false);
    for (Thread t : workers) {
      t.join(30_000);
    }
    log("load stopped; 15 s quiet before the after-numbers");
    Thread.sleep(15_000);
    JsonObject after = resources();
    log("after: " + after);
    checkEvents();
    JsonObject lost = lostKeyPairs();
    writeTimeline();
    JsonObjectBuilder summary =
        Json.createObjectBuilder()
            .add("duration_s", durationMs / 1000)
            .add("load_started_ms", load)
            .add("requests", events.size())
            .add("windows", windowsJson())
            .add("races", Json.createArrayBuilder(races))
            .add("revocations", Json.createArrayBuilder(revocations))
            .add("key_pairs", lost)
            .add("resources_before", before)
            .add("resources_after", after)
            .add("resources_every_minute", Json.createArrayBuilder(samples))
            .add("counts", counts())
            .add("violations", Json.createArrayBuilder(violations));
    Files.writeString(out.resolve("summary.json"), summary.build().toString());
    log(violations.isEmpty() ? "no invariant violated" : violations.size() + " violations");
    violations.stream().limit(20).forEach(v -> log("VIOLATION " + v));
    return violations.isEmpty() ? 0 : 1;
  }

  Thread worker(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  void every(long ms, Runnable r) {
    while (running.get()) {
      long next = now() + ms;
      try {
        r.run();
      } catch (RuntimeException e) {
        violations.add(Thread.currentThread().getName() + " failed at " + now() + " ms: " + e);
      }
      while (running.get() && now() < next) {
        sleep(100);
      }
    }
  }

  void sleepUntil(long t) throws InterruptedException {
    while (now() < t) {
      Thread.sleep(Math.min(1000, t - now()));
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // --- the workload ----------------------------------------------------------------------------

  Node randomNode() {
    return nodes.get(ThreadLocalRandom.current().nextInt(nodes.size()));
  }

  void bearerLoop() {
    while (running.get()) {
      Pair p = pool.get(ThreadLocalRandom.current().nextInt(pool.size()));
      String access;
      synchronized (p) {
        access = p.access;
      }
      if (access == null) {
        sleep(5);
        continue;
      }
      Node n = randomNode();
      Res r =
          send(n, "bearer", get(n.base() + "/hello").header("Authorization", "Bearer " + access));
      if (r.status == 200 && !r.body.equals("hello " + p.user + "\n")) {
        violations.add(
            "node" + n.index + " answered " + r.body.strip() + " for " + p.user + "'s token");
      }
      if (r.status == 401) {
        unexpectedRefusals.add(new Event(now(), n.index, "bearer " + r.body, 401));
      }
    }
  }

  final ConcurrentLinkedQueue<Event> unexpectedRefusals = new ConcurrentLinkedQueue<>();

  /** Exchanges and refreshes on the pool: a doubtful refresh (no answer, 5xx) re-exchanges. */
  void rotateLoop() {
    while (running.get()) {
      Pair p = pool.get(ThreadLocalRandom.current().nextInt(pool.size()));
      synchronized (p) {
        Node n = randomNode();
        if (p.refresh == null || ThreadLocalRandom.current().nextInt(3) == 0) {
          exchange(p, n);
        } else {
          Res r =
              send(n, "refresh", form(n.base() + "/jwt-auth/v1/token", "refresh_token", p.refresh));
          if (r.status == 200) {
            JsonObject o = json(r.body);
            p.access = o.getString("access_token");
            p.refresh = o.getString("refresh_token");
          } else {
            if (r.status == 401 || r.status == 403) {
              unexpectedRefusals.add(new Event(now(), n.index, "refresh " + r.body, r.status));
            }
            p.refresh = null; // spent or doubtful: exchange again next time
          }
        }
      }
      sleep(50);
    }
  }

  /** Four clients at three nodes send one refresh token at once. */
  void race() {
    Pair p = pool.get(ThreadLocalRandom.current().nextInt(pool.size()));
    String refresh;
    synchronized (p) {
      Node n = randomNode();
      if (!exchange(p, n)) {
        return;
      }
      refresh = p.refresh;
      p.refresh = null; // the race spends it
    }
    CountDownLatch go = new CountDownLatch(1);
    int[] statuses = new int[4];
    List<Thread> ts = new ArrayList<>();
    long at = now();
    for (int i = 0; i < 4; i++) {
      int k = i;
      Node n = nodes.get(i % 3);
      ts.add(
          worker(
              "racer-" + i,
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                statuses[k] =
                    send(n, "race", form(n.base() + "/jwt-auth/v1/token", "refresh_token", refresh))
                        .status;
              }));
    }
    go.countDown();
    for (Thread t : ts) {
      try {
        t.join(20_000);
      } catch (InterruptedException e) {
        return;
      }
    }
    int winners = 0;
    for (int s : statuses) {
      winners += s == 200 ? 1 : 0;
    }
    races.add(
        Json.createObjectBuilder()
            .add("t_ms", at)
            .add("winners", winners)
            .add(
                "statuses",
                Json.createArrayBuilder(
                    List.of(statuses[0], statuses[1], statuses[2], statuses[3])))
            .build());
    boolean outage = inWindow(at, -2) || inWindow(now(), -2);
    if (winners > 1 || (winners == 0 && !outage)) {
      violations.add(
          "race at "
              + at
              + " ms: "
              + winners
              + " winners, statuses "
              + java.util.Arrays.toString(statuses));
    }
  }

  final List<JsonObject> samples = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Heap after GC, threads and fds of every node, and the database's connections, now. */
  void sample() {
    try {
      samples.add(Json.createObjectBuilder().add("t_ms", now()).add("at", resources()).build());
    } catch (Exception e) {
      samples.add(Json.createObjectBuilder().add("t_ms", now()).add("error", e.toString()).build());
    }
  }

  int revokeUser = 30;

  /** A fresh key-pair, its token seen on every node, revoked, then probed on every node. */
  void revokeOnce() {
    String user = "u" + (30 + (revokeUser++ % 20));
    Pair p = create(user, randomNode());
    if (p == null || !exchange(p, randomNode())) {
      return;
    }
    for (Node n : nodes) {
      send(
          n,
          "revoke-probe",
          get(n.base() + "/hello").header("Authorization", "Bearer " + p.access));
    }
    Node at = randomNode();
    Res del =
        send(
            at,
            "revoke",
            request(at.base() + "/jwt-auth/v1/key-pair/" + p.key)
                .DELETE()
                .header("Authorization", basic(user)));
    if (del.status != 200) {
      return; // not acknowledged: nothing to hold the nodes to
    }
    long ack = now();
    long[] lastAccepted = {-1, -1, -1};
    while (now() < ack + REVOCATION_BOUND_MS + 2_000) {
      for (Node n : nodes) {
        long t = now();
        Res r =
            send(
                n,
                "revoke-probe",
                get(n.base() + "/hello").header("Authorization", "Bearer " + p.access));
        if (r.status == 200) {
          lastAccepted[n.index] = t - ack;
          if (t - ack > REVOCATION_BOUND_MS) {
            violations.add(
                "node"
                    + n.index
                    + " accepted a token "
                    + (t - ack)
                    + " ms after its key-pair was revoked");
          }
        }
      }
      sleep(250);
    }
    revocations.add(
        Json.createObjectBuilder()
            .add("t_ms", ack)
            .add("revoked_at_node", at.index)
            .add(
                "last_accepted_ms_after",
                Json.createArrayBuilder(List.of(lastAccepted[0], lastAccepted[1], lastAccepted[2])))
            .build());
  }

  Pair create(String user, Node n) {
    Res r =
        send(
            n,
            "create",
            form(n.base() + "/jwt-auth/v1/key-pair", "name", "soak " + now())
                .header("Authorization", basic(user)));
    if (r.status != 201) {
      return null;
    }
    JsonObject o = json(r.body);
    created.add(o.getString("api_key"));
    return new Pair(user, o.getString("api_key"), o.getString("api_secret"));
  }

  boolean exchange(Pair p, Node n) {
    Res r =
        send(
            n,
            "exchange",
            form(n.base() + "/jwt-auth/v1/token", "api_key", p.key, "api_secret", p.secret));
    if (r.status != 200) {
      if (r.status == 401 || r.status == 403) {
        unexpectedRefusals.add(new Event(now(), n.index, "exchange " + r.body, r.status));
      }
      return false;
    }
    JsonObject o = json(r.body);
    p.access = o.getString("access_token");
    p.refresh = o.getString("refresh_token");
    return true;
  }

  // --- HTTP ----------------------------------------------------------------------------------

  record Res(int status, String body) {}

  Res send(Node n, String op, HttpRequest.Builder req) {
    int status;
    String body = "";
    try {
      HttpResponse<String> r =
          http.send(req.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
      status = r.statusCode();
      body = r.body();
    } catch (IOException e) {
      status = -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = -1;
    }
    events.add(new Event(now(), n.index, op, status));
    last.set("node" + n.index + " " + op + " -> " + status + " " + body);
    return new Res(status, body);
  }

  static HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url));
  }

  static HttpRequest.Builder get(String url) {
    return request(url).GET();
  }

  static HttpRequest.Builder form(String url, String... pairs) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      sb.append(i == 0 ? "" : "&")
          .append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return request(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(sb.toString()));
  }

  static String basic(String user) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + SoakNode.PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  static JsonObject json(String s) {
    try (var r = Json.createReader(new StringReader(s))) {
      return r.readObject();
    }
  }

  // --- the checks ----------------------------------------------------------------------------

  /** Whether t falls in an outage of node n (-2: any outage at all). */
  boolean inWindow(long t, int n) {
    for (Window w : windows) {
      if (n == -2 ? t >= w.from && t <= w.to : w.covers(t, n)) {
        return true;
      }
    }
    return false;
  }

  /** Counts each kind of violation and lists the first ten of each. */
  void checkEvents() {
    Map<String, Integer> kinds = new TreeMap<>();
    for (Event e : events) {
      boolean outage = inWindow(e.t, e.node);
      if (e.status >= 500 && (!outage || e.status != 503)) {
        note(
            kinds,
            outage ? "5xx other than 503 inside an outage" : "5xx outside the outage windows",
            "node" + e.node + " " + e.op + " answered " + e.status + " at " + e.t + " ms");
      } else if (e.status == -1 && !outage) {
        note(
            kinds,
            "no answer outside the outage windows",
            "node" + e.node + " " + e.op + " had no answer at " + e.t + " ms");
      }
    }
    for (Event e : unexpectedRefusals) {
      // a credential refused outside an outage, or more than 20 s after one ended
      if (!inWindow(e.t, e.node) && !inWindow(e.t - 20_000, e.node)) {
        note(
            kinds,
            "live credential refused",
            "node" + e.node + " refused a live credential at " + e.t + " ms: " + e.op);
      }
    }
    kinds.forEach((k, n) -> violations.add(n + " x " + k));
  }

  void note(Map<String, Integer> kinds, String kind, String detail) {
    if (kinds.merge(kind, 1, Integer::sum) <= 10) {
      violations.add(detail);
    }
  }

  JsonObject lostKeyPairs() throws Exception {
    Set<String> found = new HashSet<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT api_key FROM jwt_auth_key_pair")) {
      while (rs.next()) {
        found.add(rs.getString(1));
      }
    }
    List<String> lost = created.stream().filter(k -> !found.contains(k)).toList();
    lost.forEach(
        k -> violations.add("key-pair " + k + " was acknowledged but is not in the database"));
    return Json.createObjectBuilder()
        .add("acknowledged", created.size())
        .add("in_database", found.size())
        .add("lost", lost.size())
        .build();
  }

  JsonObject resources() throws Exception {
    JsonObjectBuilder b = Json.createObjectBuilder();
    for (Node n : nodes) {
      Res r = send(n, "stats", get(n.base() + "/stats"));
      b.add(
          "node" + n.index,
          r.status == 200
              ? json(r.body)
              : Json.createObjectBuilder().add("status", r.status).build());
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND pid <> pg_backend_pid()")) {
      rs.next();
      b.add("db_connections", rs.getInt(1));
    }
    return b.build();
  }

  jakarta.json.JsonArray windowsJson() {
    var a = Json.createArrayBuilder();
    for (Window w : windows) {
      a.add(
          Json.createObjectBuilder()
              .add("from_ms", w.from)
              .add("to_ms", w.to)
              .add("node", w.node)
              .add("what", w.what));
    }
    return a.build();
  }

  JsonObject counts() {
    Map<String, Integer> m = new TreeMap<>();
    for (Event e : events) {
      m.merge(
          e.op + " " + (e.status < 0 ? "no-answer" : Integer.toString(e.status)), 1, Integer::sum);
    }
    JsonObjectBuilder b = Json.createObjectBuilder();
    m.forEach(b::add);
    return b.build();
  }

  /** second,node,ok,refused4xx,s503,other5xx,no_answer */
  void writeTimeline() throws IOException {
    Map<String, int[]> rows = new TreeMap<>();
    for (Event e : events) {
      String k = String.format("%06d,%d", e.t / 1000, e.node);
      int[] c = rows.computeIfAbsent(k, x -> new int[5]);
      int col =
          e.status < 0 ? 4 : e.status == 503 ? 2 : e.status >= 500 ? 3 : e.status >= 400 ? 1 : 0;
      c[col]++;
    }
    StringBuilder sb = new StringBuilder("second,node,ok,4xx,503,other5xx,no_answer\n");
    rows.forEach(
        (k, c) -> {
          String[] p = k.split(",");
          sb.append(Integer.parseInt(p[0])).append(',').append(p[1]);
          for (int v : c) {
            sb.append(',').append(v);
          }
          sb.append('\n');
        });
    Files.writeString(out.resolve("timeline.csv"), sb);
  }

  static void sh(String script, String arg) throws Exception {
    Process p = new ProcessBuilder("bash", script, arg).inheritIO().start();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(script + " " + arg + " failed");
    }
  }

  static int freePort() throws IOException {
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
