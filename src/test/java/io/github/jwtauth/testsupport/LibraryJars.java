package io.github.jwtauth.testsupport;

import java.nio.file.Path;
import java.util.List;

/**
 * The jars a user puts into {@code WEB-INF/lib} to install jwt-auth by hand (README "Installing in
 * your app"), in one place: the one self-contained library jar (system property {@code
 * jwtauth.jar}), which carries its dependencies shaded inside. Stateless.
 */
public final class LibraryJars {
  private LibraryJars() {}

  /** The library jar, checked to exist. */
  public static List<Path> forWebInfLib() {
    return List.of(TestWebapp.libraryJar());
  }
}
