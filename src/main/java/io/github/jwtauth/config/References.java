package io.github.jwtauth.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Resolves a parameter value that refers elsewhere: {@code ${env:NAME}} (environment variable),
 * {@code ${sys:name}} (system property) or {@code file:/path} (file content, trimmed). Any other
 * value is the literal.
 *
 * <p>Stateless and thread-safe.
 */
final class References {
  private References() {}

  /**
   * @param value the given value, trimmed and not empty
   * @param env environment lookup (for {@code ${env:…}})
   * @throws IllegalArgumentException naming the parameter, for a reference that cannot be resolved
   */
  static String resolve(Param param, String value, Function<String, String> env) {
    if (value.startsWith("${") && value.endsWith("}")) {
      String ref = value.substring(2, value.length() - 1);
      String resolved;
      if (ref.startsWith("env:")) {
        resolved = env.apply(ref.substring(4));
      } else if (ref.startsWith("sys:")) {
        resolved = System.getProperty(ref.substring(4));
      } else {
        throw param.invalid("unknown reference " + value + " (use ${env:NAME} or ${sys:name})");
      }
      if (resolved == null || resolved.isBlank()) {
        throw param.bad("refers to " + value + ", which is not set");
      }
      return resolved.trim();
    }
    if (value.startsWith("file:")) {
      String content = read(param, value.substring(5));
      if (content.isEmpty()) {
        throw param.bad("refers to an empty file");
      }
      return content;
    }
    if (param.isSecret() && value.startsWith("$")) {
      throw param.bad(
          "looks like a malformed reference (use ${env:NAME}, ${sys:name} or file:/path)");
    }
    return value;
  }

  private static String read(Param param, String path) {
    try {
      return Files.readString(Path.of(path), StandardCharsets.UTF_8).trim();
    } catch (IOException | RuntimeException e) {
      throw param.bad("refers to a file that cannot be read: " + path);
    }
  }
}
