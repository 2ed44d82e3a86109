package io.github.jwtauth.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The jars a user puts into {@code WEB-INF/lib} to install jwt-auth by hand (README "Installing in
 * your app"), in one place: the packaged library (system property {@code jwtauth.jar}) and its
 * runtime dependencies (system property {@code jwtauth.runtime-classpath}, which the build fills
 * from Maven's runtime scope). Stateless.
 */
public final class LibraryJars {
  private LibraryJars() {}

  /** The library jar and every runtime dependency, each checked to exist. */
  public static List<Path> forWebInfLib() {
    List<Path> jars = new ArrayList<>();
    jars.add(TestWebapp.libraryJar());
    jars.addAll(runtimeDependencies());
    return List.copyOf(jars);
  }

  private static List<Path> runtimeDependencies() {
    String cp = System.getProperty("jwtauth.runtime-classpath");
    if (cp == null || cp.isBlank() || cp.startsWith("${")) {
      throw new IllegalStateException(
          "system property jwtauth.runtime-classpath is not set: run the ITs with `mvn verify`"
              + " (the dependency plugin's build-classpath fills it in pre-integration-test)");
    }
    List<Path> jars = new ArrayList<>();
    for (String entry : cp.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path jar = Path.of(entry);
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException("runtime dependency " + jar + " does not exist");
      }
      jars.add(jar);
    }
    return jars;
  }
}
