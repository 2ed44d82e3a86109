package io.github.jwtauth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.audit.Audit;
import io.github.jwtauth.keys.SigningAlgorithm;
import io.github.jwtauth.testsupport.AuditLine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin command line against a real (H2) database. */
class MainTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final String url = "jdbc:h2:mem:cli" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";

  int run(Map<String, String> env, String... args) {
    out.reset();
    err.reset();
    return new Main(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env::get)
        .run(args);
  }

  int run(String... args) {
    return run(Map.of(), args);
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void whenNoArgumentsThenUsageAndExit2() {
    assertEquals(2, run());
    assertTrue(out().contains("Usage: java -jar jwt-auth.jar COMMAND"));
    assertEquals(0, run("--help"));
  }

  @Test
  void whenUnknownCommandOrOptionThenExit2WithMessage() {
    assertEquals(2, run("frobnicate"));
    assertTrue(err().contains("unknown command 'frobnicate'"), err());
    assertEquals(2, run("secret", "generate", "--alg", "HS256", "--colour", "red"));
    assertTrue(err().contains("unknown option --colour"), err());
    assertEquals(2, run("keypair", "list"));
    assertTrue(err().contains("option --jdbc-url is required"), err());
  }

  @Test
  void whenSchemaPrintedThenDialectDdl() {
    assertEquals(0, run("schema", "print", "--dialect", "mariadb"));
    assertTrue(out().contains("ENGINE=InnoDB"));
    assertEquals(2, run("schema", "print", "--dialect", "oracle"));
  }

  @Test
  void whenKeyPairLifecycleThenCreateListRevoke() {
    assertEquals(0, run("schema", "apply", "--jdbc-url", url));
    assertEquals(
        0,
        run(
            "keypair",
            "create",
            "--jdbc-url",
            url,
            "--user",
            "svc",
            "--name",
            "batch job",
            "--roles",
            "user"));
    String created = out();
    String apiKey =
        created
            .lines()
            .filter(l -> l.startsWith("api_key="))
            .findFirst()
            .orElseThrow()
            .substring(8);
    String secret =
        created
            .lines()
            .filter(l -> l.startsWith("api_secret="))
            .findFirst()
            .orElseThrow()
            .substring(11);
    assertTrue(io.github.jwtauth.credential.SecretFormat.isWellFormed(secret), secret); // jwtas_…
    assertTrue(err().contains("shown once"));
    assertEquals(0, run("keypair", "list", "--jdbc-url", url, "--user", "svc"));
    assertTrue(out().contains(apiKey) && out().contains("batch job"));
    assertTrue(!out().contains(secret) && !out().contains("$2a$"), "never the secret or its hash");
    assertEquals(0, run("keypair", "revoke", "--jdbc-url", url, apiKey));
    assertEquals(1, run("keypair", "revoke", "--jdbc-url", url, apiKey));
    assertTrue(err().contains("no active key-pair"));
    assertEquals("jwt-auth: no active key-pair " + apiKey, err().strip(), "no HTTP error text");
    run("keypair", "create", "--jdbc-url", url, "--user", "svc", "--name", "a");
    run("keypair", "create", "--jdbc-url", url, "--user", "svc", "--name", "b");
    assertEquals(0, run("keypair", "revoke-all", "--jdbc-url", url, "--user", "svc"));
    assertTrue(out().contains("2 key-pair(s) revoked"), out());
  }

  @Test
  void whenKeyPairCreatedAndRevokedThenTheWebAppsAuditLinesByTheCli() {
    List<String> lines = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            synchronized (lines) {
              lines.add(r.getMessage());
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger audit = Logger.getLogger(Audit.LOGGER);
    audit.addHandler(capture);
    try {
      assertEquals(0, run("schema", "apply", "--jdbc-url", url));
      assertEquals(
          0, run("keypair", "create", "--jdbc-url", url, "--user", "svc", "--name", "batch"));
      String apiKey = out().lines().findFirst().orElseThrow().substring("api_key=".length());
      assertEquals(0, run("keypair", "revoke", "--jdbc-url", url, apiKey));
      List<AuditLine> parsed;
      synchronized (lines) {
        parsed = lines.stream().map(AuditLine::parse).toList();
      }
      assertEquals(
          List.of("authn_keypair_created", "authn_token_revoked"),
          parsed.stream().map(AuditLine::event).toList());
      for (AuditLine l : parsed) {
        assertEquals("svc", l.subject());
        assertEquals("svc", l.get("user"));
        assertEquals(apiKey, l.get("api_key"));
        assertEquals("-", l.get("ip"));
        assertEquals("cli:" + System.getProperty("user.name"), l.get("by"));
      }
    } finally {
      audit.removeHandler(capture);
    }
  }

  @Test
  void whenKeyPairCreatedWithAnExpiryThenPrintedStoredAndListed() {
    assertEquals(0, run("schema", "apply", "--jdbc-url", url));
    assertEquals(
        0,
        run(
            "keypair",
            "create",
            "--jdbc-url",
            url,
            "--user",
            "svc",
            "--name",
            "ci",
            "--expires-at",
            "2035-06-30"));
    assertTrue(out().contains("\nexpires_at=2035-06-30T00:00:00Z\n"), out());
    assertEquals(0, run("keypair", "list", "--jdbc-url", url, "--user", "svc"));
    String[] lines = out().split("\n");
    assertTrue(lines[0].endsWith("\tlast_ip\texpires_at"), lines[0]);
    assertTrue(lines[1].endsWith("\t-\t2035-06-30T00:00:00Z"), lines[1]);
    assertEquals(
        0,
        run(
            "keypair",
            "create",
            "--jdbc-url",
            url,
            "--user",
            "svc",
            "--name",
            "d",
            "--expires-in",
            "30"));
    assertTrue(out().contains("\nexpires_at="), out());
  }

  @Test
  void whenKeyPairExpiryIsBadOrDoubleThenUsageErrorAndNothingCreated() {
    assertEquals(0, run("schema", "apply", "--jdbc-url", url));
    for (String[] bad :
        List.of(
            new String[] {"--expires-in", "0"},
            new String[] {"--expires-in", "1y"},
            new String[] {"--expires-at", "2001-01-01"})) {
      assertEquals(
          2,
          run(
              "keypair",
              "create",
              "--jdbc-url",
              url,
              "--user",
              "svc",
              "--name",
              "x",
              bad[0],
              bad[1]));
      assertTrue(err().contains("--expires-in must be whole days from 1 to 3650"), err());
    }
    assertEquals(
        2,
        run(
            "keypair",
            "create",
            "--jdbc-url",
            url,
            "--user",
            "svc",
            "--name",
            "x",
            "--expires-in",
            "7",
            "--expires-at",
            "2035-01-01"));
    assertTrue(err().contains("give --expires-in or --expires-at, not both"), err());
    assertEquals(0, run("keypair", "list", "--jdbc-url", url, "--user", "svc"));
    assertEquals(1, out().lines().count(), "only the header: " + out());
  }

  @Test
  void whenNameHasControlCharactersThenUsageError() {
    assertEquals(0, run("schema", "apply", "--jdbc-url", url));
    assertEquals(
        2, run("keypair", "create", "--jdbc-url", url, "--user", "svc", "--name", "a\u0007b"));
    assertTrue(err().contains("--name must not contain control characters"), err());
  }

  @Test
  void whenDatabaseUnreachableThenExit1() {
    assertEquals(
        1,
        run("keypair", "list", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/x?connectTimeout=1"));
    assertTrue(err().startsWith("jwt-auth: "), err());
    assertEquals(2, run("keypair", "list", "--jdbc-url", "jdbc:nosuchdb://x"));
    assertTrue(err().contains("no JDBC driver for nosuchdb"), err());
  }

  @Test
  void whenTablesMissingThenExit1WithHint() {
    assertEquals(1, run("keypair", "create", "--jdbc-url", url, "--user", "svc", "--name", "x"));
    assertTrue(err().contains("run 'schema apply' first"), err());
  }

  @Test
  void whenPasswordEnvMissingThenUsageError() {
    assertEquals(2, run("keypair", "list", "--jdbc-url", url, "--password-env", "NOPE"));
    assertTrue(err().contains("NOPE"));
  }

  @Test
  void whenSecretGeneratedThenLongEnoughForItsAlgorithm() {
    assertEquals(0, run("secret", "generate", "--alg", "HS512"));
    assertTrue(out().strip().length() >= 64);
    assertEquals(2, run("secret", "generate", "--alg", "none"));
  }

  @Test
  void whenKeyGeneratedThenPemPairUsableByTheLibrary(@TempDir Path dir) throws Exception {
    assertEquals(0, run("key", "generate", "--alg", "ES256", "--out", dir.toString()));
    String priv = Files.readString(dir.resolve("private.pem"));
    io.github.jwtauth.keys.KeySet keys =
        io.github.jwtauth.keys.PemKeys.load(SigningAlgorithm.ES256, priv, null);
    assertEquals(43, keys.activeKid().length());
    assertEquals(1, run("key", "generate", "--alg", "ES256", "--out", dir.toString()));
    assertTrue(err().contains("refusing to overwrite"));
  }

  @Test
  void whenKeyGeneratedThenPrivateKeyIsOwnerOnly(@TempDir Path dir) throws Exception {
    assertEquals(0, run("key", "generate", "--alg", "ES256", "--out", dir.toString()));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(dir.resolve("private.pem"), LinkOption.NOFOLLOW_LINKS)));
    assertTrue(
        Files.readString(dir.resolve("public.pem")).startsWith("-----BEGIN PUBLIC KEY-----"));
  }

  @Test
  void whenPrivatePemIsADanglingSymlinkThenRefusedAndItsTargetIsNotCreated(@TempDir Path dir)
      throws Exception {
    Path out = Files.createDirectory(dir.resolve("out"));
    Path target = dir.resolve("elsewhere.pem");
    Path link = Files.createSymbolicLink(out.resolve("private.pem"), target);
    assertEquals(1, run("key", "generate", "--alg", "ES256", "--out", out.toString()));
    assertTrue(err().contains(link + " already exists"), err());
    assertTrue(err().contains("refusing to overwrite"), err());
    assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS), "the link's target was created");
    assertTrue(Files.isSymbolicLink(link));
    assertFalse(Files.exists(out.resolve("public.pem"), LinkOption.NOFOLLOW_LINKS));
    assertEquals("", out());
  }

  @Test
  void whenPrivatePemIsASymlinkToAFileThenRefusedAndTheFileIsUnchanged(@TempDir Path dir)
      throws Exception {
    Path out = Files.createDirectory(dir.resolve("out"));
    Path target = Files.writeString(dir.resolve("precious.txt"), "precious");
    Path link = Files.createSymbolicLink(out.resolve("private.pem"), target);
    assertEquals(1, run("key", "generate", "--alg", "RS256", "--out", out.toString()));
    assertTrue(err().contains(link + " already exists"), err());
    assertEquals("precious", Files.readString(target));
    assertTrue(Files.isSymbolicLink(link));
    assertFalse(Files.exists(out.resolve("public.pem"), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void whenPrivatePemExistsThenRefusedAndUnchanged(@TempDir Path dir) throws Exception {
    Path priv = Files.writeString(dir.resolve("private.pem"), "old key");
    assertEquals(1, run("key", "generate", "--alg", "ES256", "--out", dir.toString()));
    assertTrue(err().contains(priv + " already exists"), err());
    assertEquals("old key", Files.readString(priv));
    assertFalse(Files.exists(dir.resolve("public.pem"), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void whenPublicPemIsASymlinkThenRefusedAndNoPrivateKeyIsLeftBehind(@TempDir Path dir)
      throws Exception {
    Path out = Files.createDirectory(dir.resolve("out"));
    Path target = dir.resolve("elsewhere.pem");
    Path link = Files.createSymbolicLink(out.resolve("public.pem"), target);
    assertEquals(1, run("key", "generate", "--alg", "ES256", "--out", out.toString()));
    assertTrue(err().contains(link + " already exists"), err());
    assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS), "the link's target was created");
    assertFalse(Files.exists(out.resolve("private.pem"), LinkOption.NOFOLLOW_LINKS));
  }
}
