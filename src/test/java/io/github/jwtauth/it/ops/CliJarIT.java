package io.github.jwtauth.it.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged library jar is the admin command line: {@code java -jar jwt-auth.jar …} runs from
 * that one file, alone in a directory, with only the database driver given by {@code --driver-jar}.
 * Its manifest names the main class and no {@code Class-Path}.
 */
class CliJarIT {
  @TempDir static Path lib;
  @TempDir static Path outputs;
  static Path jar;

  @BeforeAll
  static void copyTheJarAlone() throws Exception {
    Path built = Path.of(System.getProperty("jwtauth.jar"));
    jar = lib.resolve("jwt-auth.jar");
    Files.copy(built, jar);
    try (JarFile j = new JarFile(built.toFile())) {
      assertEquals(
          "io.github.jwtauth.cli.Main", j.getManifest().getMainAttributes().getValue("Main-Class"));
      assertNull(j.getManifest().getMainAttributes().getValue("Class-Path"));
      assertEquals(
          "io.github.jwtauth",
          j.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
    }
    try (Stream<Path> beside = Files.list(lib)) {
      assertEquals(List.of(jar), beside.toList());
    }
  }

  static String h2Jar() {
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (Path.of(entry).getFileName().toString().startsWith("h2-")) {
        return entry;
      }
    }
    throw new AssertionError("h2 jar not on the class path");
  }

  record Result(int exit, String out, String err) {}

  static Result run(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(outputs, "out", ".txt");
    Path err = Files.createTempFile(outputs, "err", ".txt");
    Process p =
        new ProcessBuilder(cmd)
            .directory(lib.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    int exit = p.waitFor();
    return new Result(
        exit,
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void whenRunWithoutArgumentsThenUsageAndExit2() throws Exception {
    Result r = run();
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.out().contains("Usage: java -jar jwt-auth.jar COMMAND"), r.toString());
  }

  @Test
  void whenKeyPairCreatedThroughTheJarThenItIsListed(@TempDir Path db) throws Exception {
    String url = "jdbc:h2:file:" + db.resolve("cli") + ";AUTO_SERVER=FALSE";
    assertEquals(
        0,
        run("schema", "apply", "--jdbc-url", url, "--jdbc-user", "sa", "--driver-jar", h2Jar())
            .exit());
    Result created =
        run(
            "keypair",
            "create",
            "--jdbc-url",
            url,
            "--jdbc-user",
            "sa",
            "--driver-jar",
            h2Jar(),
            "--user",
            "batch",
            "--name",
            "nightly export");
    assertEquals(0, created.exit(), created.toString());
    assertTrue(
        created
            .out()
            .matches("(?s)api_key=[A-Za-z0-9_-]{24}\\napi_secret=jwtas_[A-Za-z0-9]{49}\\n"),
        created.out());
    Result listed =
        run("keypair", "list", "--jdbc-url", url, "--jdbc-user", "sa", "--driver-jar", h2Jar());
    assertEquals(0, listed.exit(), listed.toString());
    assertTrue(listed.out().contains("nightly export"), listed.out());
  }

  @Test
  void whenDriverMissingThenExit2NamingTheOption() throws Exception {
    Result r = run("keypair", "list", "--jdbc-url", "jdbc:h2:mem:x");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("--driver-jar"), r.err());
  }
}
