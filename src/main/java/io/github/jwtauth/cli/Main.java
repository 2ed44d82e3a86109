package io.github.jwtauth.cli;

import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.credential.SecretHasher;
import io.github.jwtauth.keys.SigningAlgorithm;
import io.github.jwtauth.store.DriverManagerDataSource;
import io.github.jwtauth.store.KeyPair;
import io.github.jwtauth.store.KeyPairStore;
import io.github.jwtauth.store.Schema;
import java.io.IOException;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The admin command line: {@code java -jar jwt-auth-VERSION.jar COMMAND …}, for apps whose users
 * have no container login and for DBAs. It runs where the jar's dependencies sit beside it (as in
 * {@code WEB-INF/lib}); the JDBC driver comes from {@code --driver-jar}.
 *
 * <p>Exit codes: 0 success, 1 failure (database, files), 2 usage error. Secrets are printed once,
 * to standard output only.
 */
public final class Main {
  static final String USAGE =
      """
      Usage: java -jar jwt-auth.jar COMMAND [OPTIONS]

      Commands:
        schema print --dialect h2|postgresql|mariadb|mysql   print the DDL for a DBA
        schema apply DB                                      create the tables if missing
        keypair create DB --user LOGIN --name NAME [--roles r1,r2] [--bcrypt-cost 10]
                                                             create a key-pair; prints api_key and api_secret once
        keypair list DB [--user LOGIN]                       list active key-pairs (never secrets)
        keypair revoke DB API_KEY                            revoke one key-pair and its refresh tokens
        keypair revoke-all DB --user LOGIN                   revoke all of a user's key-pairs
        secret generate --alg HS256|HS384|HS512              print a random jwt-auth.secret of the right size
        key generate --alg ES256|RS256 [--out DIR]           write private.pem (PKCS#8) and public.pem

      DB options:
        --jdbc-url URL          e.g. jdbc:postgresql://db:5432/app (required)
        --jdbc-user USER        database user (or in the URL)
        --password-env NAME     read the database password from environment variable NAME
        --driver-jar PATH       JDBC driver jar (repeatable), unless the driver is on the class path

      Options:
        --help                  this text
      """;

  private final PrintStream out;
  private final PrintStream err;
  private final Function<String, String> env;

  Main(PrintStream out, PrintStream err, Function<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  public static void main(String[] args) {
    System.exit(new Main(System.out, System.err, System::getenv).run(args));
  }

  /** Usage errors. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  int run(String[] args) {
    try {
      Args a = Args.parse(args);
      if (a.flag("help") || a.positional.isEmpty()) {
        out.print(USAGE);
        return a.flag("help") ? 0 : 2;
      }
      String command =
          a.positional.get(0) + (a.positional.size() > 1 ? " " + a.positional.get(1) : "");
      switch (command) {
        case "schema print" -> schemaPrint(a);
        case "schema apply" -> schemaApply(a);
        case "keypair create" -> keypairCreate(a);
        case "keypair list" -> keypairList(a);
        case "keypair revoke" -> keypairRevoke(a);
        case "keypair revoke-all" -> keypairRevokeAll(a);
        case "secret generate" -> secretGenerate(a);
        case "key generate" -> keyGenerate(a);
        default ->
            throw new UsageException("unknown command '" + String.join(" ", a.positional) + "'");
      }
      return 0;
    } catch (UsageException e) {
      err.println("jwt-auth: " + e.getMessage());
      err.println("Run with --help for usage.");
      return 2;
    } catch (JwtAuthException e) {
      err.println("jwt-auth: " + e.description() + causeOf(e));
      return 1;
    } catch (SQLException e) {
      err.println(
          "jwt-auth: database error: "
              + e.getClass().getSimpleName()
              + " (SQLState "
              + e.getSQLState()
              + ")");
      return 1;
    } catch (IOException | RuntimeException e) {
      err.println("jwt-auth: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return 1;
    }
  }

  private static String causeOf(JwtAuthException e) {
    if (!(e.getCause() instanceof SQLException s)) {
      return "";
    }
    String state = String.valueOf(s.getSQLState());
    // 42P01 PostgreSQL, 42S02 MySQL/MariaDB, 42S0x/42102 H2: the table does not exist
    String hint =
        state.equals("42P01") || state.startsWith("42S0") || state.equals("42102")
            ? "; the jwt-auth tables are missing: run 'schema apply' first"
            : "";
    return " (" + s.getClass().getSimpleName() + ", SQLState " + state + hint + ")";
  }

  private void schemaPrint(Args a) throws UsageException {
    a.only("dialect");
    String dialect = a.required("dialect");
    try {
      out.print(Schema.ddl(Schema.Dialect.of(dialect)));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private void schemaApply(Args a) throws UsageException, SQLException, IOException {
    a.only(DB_OPTIONS);
    DataSource ds = dataSource(a);
    new Schema(ds, true).ensure();
    out.println("jwt-auth: schema ready");
  }

  private void keypairCreate(Args a) throws UsageException, SQLException, IOException {
    a.only(DB_OPTIONS, "user", "name", "roles", "bcrypt-cost");
    String user = a.required("user");
    String name = a.required("name").strip();
    if (name.isEmpty() || name.length() > 200) {
      throw new UsageException("--name must be 1 to 200 characters");
    }
    if (user.length() > 255) {
      throw new UsageException("--user must be at most 255 characters");
    }
    int cost;
    try {
      cost = Integer.parseInt(a.value("bcrypt-cost", "10"));
    } catch (NumberFormatException e) {
      throw new UsageException("--bcrypt-cost must be a number from 10 to 16");
    }
    if (cost < 10 || cost > 16) {
      throw new UsageException("--bcrypt-cost must be a number from 10 to 16");
    }
    Set<String> roles = new LinkedHashSet<>();
    for (String r : a.value("roles", "").split(",")) {
      if (!r.isBlank()) {
        roles.add(r.strip());
      }
    }
    KeyPairStore store = store(a);
    SecretHasher hasher = new SecretHasher(cost, new SecureRandom());
    String apiKey = hasher.newApiKey();
    String secret = hasher.newSecret();
    store.insert(
        new KeyPair(
            apiKey,
            user,
            name,
            hasher.hash(secret),
            roles,
            Instant.now().getEpochSecond(),
            null,
            null,
            null));
    out.println("api_key=" + apiKey);
    out.println("api_secret=" + secret);
    err.println("jwt-auth: the secret is shown once; store it now.");
  }

  private void keypairList(Args a) throws UsageException, SQLException, IOException {
    a.only(DB_OPTIONS, "user");
    KeyPairStore store = store(a);
    String user = a.value("user", null);
    List<KeyPair> rows = user != null ? store.listActive(user) : store.listAllActive();
    out.println("api_key\tuser\tname\tcreated\tlast_used\tlast_ip");
    for (KeyPair kp : rows) {
      out.println(
          kp.apiKey()
              + "\t"
              + kp.userLogin()
              + "\t"
              + kp.name()
              + "\t"
              + Instant.ofEpochSecond(kp.created())
              + "\t"
              + (kp.lastUsed() == null ? "-" : Instant.ofEpochSecond(kp.lastUsed()))
              + "\t"
              + (kp.lastIp() == null ? "-" : kp.lastIp()));
    }
  }

  private void keypairRevoke(Args a) throws UsageException, SQLException, IOException {
    a.only(DB_OPTIONS);
    if (a.positional.size() != 3) {
      throw new UsageException("keypair revoke takes exactly one API_KEY");
    }
    String apiKey = a.positional.get(2);
    KeyPairStore store = store(a);
    KeyPair kp = store.find(apiKey).orElse(null);
    if (kp == null || kp.revoked()) {
      err.println("jwt-auth: no active key-pair " + apiKey);
      throw new JwtAuthException(io.github.jwtauth.ErrorCode.KEY_PAIR_NOT_FOUND);
    }
    store.revoke(kp.userLogin(), List.of(apiKey), Instant.now().getEpochSecond());
    out.println("revoked " + apiKey);
  }

  private void keypairRevokeAll(Args a) throws UsageException, SQLException, IOException {
    a.only(DB_OPTIONS, "user");
    String user = a.required("user");
    KeyPairStore store = store(a);
    List<String> keys = store.listActive(user).stream().map(KeyPair::apiKey).toList();
    List<String> revoked =
        keys.isEmpty() ? List.of() : store.revoke(user, keys, Instant.now().getEpochSecond());
    for (String k : revoked) {
      out.println("revoked " + k);
    }
    out.println(revoked.size() + " key-pair(s) revoked");
  }

  private void secretGenerate(Args a) throws UsageException {
    a.only("alg");
    SigningAlgorithm alg = algorithm(a, true, "--alg must be HS256, HS384 or HS512");
    byte[] b = new byte[alg.minimumSecretBytes()];
    new SecureRandom().nextBytes(b);
    out.println(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
  }

  /** The {@code --alg} given, which must be an HMAC algorithm or not, as {@code hmac} says. */
  private static SigningAlgorithm algorithm(Args a, boolean hmac, String usage)
      throws UsageException {
    try {
      SigningAlgorithm alg = SigningAlgorithm.parse(a.required("alg"));
      if (alg.isHmac() == hmac) {
        return alg;
      }
    } catch (IllegalArgumentException e) {
      // below
    }
    throw new UsageException(usage);
  }

  private void keyGenerate(Args a) throws UsageException, IOException {
    a.only("alg", "out");
    SigningAlgorithm alg = algorithm(a, false, "--alg must be ES256 or RS256");
    java.security.KeyPair kp;
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(alg.keyFamily());
      if (alg == SigningAlgorithm.ES256) {
        g.initialize(new ECGenParameterSpec("secp256r1"));
      } else {
        g.initialize(3072);
      }
      kp = g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    String priv = pem("PRIVATE KEY", kp.getPrivate().getEncoded());
    String pub = pem("PUBLIC KEY", kp.getPublic().getEncoded());
    String dir = a.value("out", null);
    if (dir == null) {
      out.print(priv);
      out.print(pub);
      return;
    }
    Path d = Path.of(dir);
    Files.createDirectories(d);
    Path privPath = d.resolve("private.pem");
    Path pubPath = d.resolve("public.pem");
    boolean posix = d.getFileSystem().supportedFileAttributeViews().contains("posix");
    // both names are claimed before a byte is written, so a refusal leaves nothing behind
    SeekableByteChannel privOut = createNew(privPath, posix);
    SeekableByteChannel pubOut;
    try {
      pubOut = createNew(pubPath, false);
    } catch (IOException e) {
      privOut.close();
      Files.deleteIfExists(privPath);
      throw e;
    }
    try (privOut;
        pubOut) {
      write(privOut, priv + pub);
      write(pubOut, pub);
    } catch (IOException e) {
      Files.deleteIfExists(privPath);
      Files.deleteIfExists(pubPath);
      throw e;
    }
    if (!posix) {
      err.println(
          "jwt-auth: "
              + privPath
              + " is not on a POSIX file system: restrict it to the account that runs the server");
    }
    out.println(
        "wrote "
            + privPath
            + " (private key with its public key"
            + (posix ? ", mode 600" : "")
            + ") and "
            + pubPath);
    out.println(
        "configure: jwt-auth.algorithm="
            + alg
            + ", jwt-auth.signing-key=file:"
            + privPath.toAbsolutePath());
  }

  /**
   * Creates a file that does not exist yet, never through a symbolic link (O_CREAT | O_EXCL |
   * O_NOFOLLOW), owner-only from its creation when {@code ownerOnly} (no window in which another
   * account can open it).
   */
  private static SeekableByteChannel createNew(Path p, boolean ownerOnly) throws IOException {
    Set<OpenOption> options =
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    FileAttribute<?>[] attributes =
        ownerOnly
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    try {
      return Files.newByteChannel(p, options, attributes);
    } catch (FileAlreadyExistsException e) {
      throw new IOException(
          p + " already exists (a file or a symbolic link); refusing to overwrite a key", e);
    }
  }

  private static void write(SeekableByteChannel ch, String text) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static final String[] DB_OPTIONS = {
    "jdbc-url", "jdbc-user", "password-env", "driver-jar"
  };

  private KeyPairStore store(Args a) throws UsageException, SQLException, IOException {
    DataSource ds = dataSource(a);
    Schema schema = new Schema(ds, false);
    try (Connection c = ds.getConnection()) {
      c.isValid(5);
    }
    return new KeyPairStore(ds, schema);
  }

  private DataSource dataSource(Args a) throws UsageException, IOException {
    String url = a.required("jdbc-url");
    if (!url.startsWith("jdbc:")) {
      throw new UsageException("--jdbc-url must start with jdbc:");
    }
    String user = a.value("jdbc-user", null);
    String password = null;
    String passwordEnv = a.value("password-env", null);
    if (passwordEnv != null) {
      password = env.apply(passwordEnv);
      if (password == null) {
        throw new UsageException(
            "environment variable " + passwordEnv + " (--password-env) is not set");
      }
    }
    List<URL> jars = new ArrayList<>();
    for (String j : a.values("driver-jar")) {
      Path p = Path.of(j);
      if (!Files.isReadable(p)) {
        throw new UsageException("--driver-jar " + j + " cannot be read");
      }
      try {
        jars.add(p.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new UsageException("--driver-jar " + j + " is not a path");
      }
    }
    ClassLoader loader = new URLClassLoader(jars.toArray(new URL[0]), Main.class.getClassLoader());
    Driver driver = null;
    for (Driver d : ServiceLoader.load(Driver.class, loader)) {
      try {
        if (d.acceptsURL(url)) {
          driver = d;
          break;
        }
      } catch (SQLException e) {
        // try the next driver
      }
    }
    if (driver == null) {
      throw new UsageException(
          "no JDBC driver for " + url.split(":", 3)[1] + "; give its jar with --driver-jar");
    }
    return new DriverManagerDataSource(driver, url, user, password);
  }

  /** {@code --name value} options (repeatable), {@code --flag}s, and positional words. */
  static final class Args {
    final List<String> positional = new ArrayList<>();
    final Map<String, List<String>> options = new LinkedHashMap<>();

    static Args parse(String[] args) throws UsageException {
      Args a = new Args();
      for (int i = 0; i < args.length; i++) {
        String s = args[i];
        if (s.equals("--help") || s.equals("-h")) {
          a.options.computeIfAbsent("help", k -> new ArrayList<>()).add("");
        } else if (s.startsWith("--")) {
          String name = s.substring(2);
          String value;
          int eq = name.indexOf('=');
          if (eq >= 0) {
            value = name.substring(eq + 1);
            name = name.substring(0, eq);
          } else if (i + 1 < args.length) {
            value = args[++i];
          } else {
            throw new UsageException("option --" + name + " needs a value");
          }
          a.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        } else {
          a.positional.add(s);
        }
      }
      return a;
    }

    boolean flag(String name) {
      return options.containsKey(name);
    }

    String value(String name, String def) throws UsageException {
      List<String> v = options.get(name);
      if (v == null) {
        return def;
      }
      if (v.size() > 1) {
        throw new UsageException("option --" + name + " given more than once");
      }
      return v.get(0);
    }

    List<String> values(String name) {
      return options.getOrDefault(name, List.of());
    }

    String required(String name) throws UsageException {
      String v = value(name, null);
      if (v == null || v.isBlank()) {
        throw new UsageException("option --" + name + " is required");
      }
      return v;
    }

    /** Refuses options this command does not take. */
    void only(Object... allowed) throws UsageException {
      Set<String> ok = new LinkedHashSet<>();
      for (Object o : allowed) {
        if (o instanceof String[] arr) {
          ok.addAll(List.of(arr));
        } else {
          ok.add((String) o);
        }
      }
      for (String name : options.keySet()) {
        if (!ok.contains(name)) {
          throw new UsageException("unknown option --" + name + " for this command");
        }
      }
    }
  }
}
