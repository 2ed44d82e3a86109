package io.github.jwtauth.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fuzz target for {@link Settings#parse}: any set of context-param values. Contract: settings, or
 * an {@link IllegalArgumentException} whose message names a parameter, never another exception
 * (RELIABILITY.md, "Fuzzing").
 *
 * <p>Input: one {@code name=value} per line, where {@code name} is the parameter without {@code
 * jwt-auth.} (an unknown one included). A line {@code $NAME=value} sets an environment variable for
 * {@code ${env:NAME}}; a value {@code file:<text>} becomes a reference to a file holding {@code
 * <text>}, so no input reads the machine's files.
 */
class SettingsFuzzTest {
  static final Path FILE;

  static {
    try {
      FILE = Files.createTempFile("jwt-auth-settings-fuzz", ".txt");
      FILE.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest
  void whenAnyContextParamsThenSettingsOrFailureNamingTheParameter(byte[] data) throws IOException {
    Map<String, String> raw = new LinkedHashMap<>();
    Map<String, String> env = new HashMap<>();
    String fileText = null;
    for (String line : new String(data, UTF_8).split("\n", -1)) {
      int eq = line.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String name = line.substring(0, eq);
      String value = line.substring(eq + 1);
      if (name.startsWith("$")) {
        env.put(name.substring(1), value);
        continue;
      }
      if (value.strip().startsWith("file:")) {
        fileText = value.strip().substring(5);
        value = "file:" + FILE;
      }
      raw.put(Settings.PREFIX + name, value);
    }
    Files.writeString(FILE, fileText == null ? "" : fileText, UTF_8);
    // the two parameters read alone, before the rest (Settings#mode, Settings#basePath)
    parsed(() -> Settings.mode(raw.get(Param.MODE.paramName()), env::get));
    parsed(() -> Settings.basePath(raw.get(Param.BASE_PATH.paramName()), env::get));
    Settings s = parsed(() -> Settings.parse(raw, env::get));
    if (s != null) {
      assertNotNull(s.describe());
    }
  }

  /** The value, or null for a refusal that names a parameter. */
  private static <T> T parsed(java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().contains(Settings.PREFIX), e.getMessage());
      return null;
    }
  }
}
