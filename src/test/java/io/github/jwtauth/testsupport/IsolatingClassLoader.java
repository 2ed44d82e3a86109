package io.github.jwtauth.testsupport;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A webapp's parent class loader that hides, from the test class path, jwt-auth's own classes
 * ({@code target/classes}) and the libraries it bundles (java-jwt, Jackson, Jakarta JSON
 * Processing, Parsson, jBCrypt): classes and resources (service files too) found there are reported
 * missing. A real container's class path has none of them, so a webapp over this loader gets them
 * only from its {@code WEB-INF/lib}: a jar that lacks something fails, and a webapp's own older
 * copies are not shadowed. Everything else (the container, the Servlet API, JDBC drivers, the test
 * fixtures) is delegated as usual.
 *
 * <p>Thread-safe (parallel capable; its state is fixed at construction).
 */
public final class IsolatingClassLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  /** One class from each hidden class-path entry. */
  private static final List<String> MARKERS =
      List.of(
          "io.github.jwtauth.JwtAuthFilter",
          "com.auth0.jwt.JWT",
          "com.fasterxml.jackson.databind.ObjectMapper",
          "com.fasterxml.jackson.core.JsonFactory",
          "com.fasterxml.jackson.annotation.JsonProperty",
          "jakarta.json.Json",
          "org.eclipse.parsson.JsonProviderImpl",
          "org.mindrot.jbcrypt.BCrypt");

  private final List<String> hidden = new ArrayList<>();

  public IsolatingClassLoader(ClassLoader parent) {
    super(parent);
    for (String marker : MARKERS) {
      String resource = marker.replace('.', '/') + ".class";
      URL u = parent.getResource(resource);
      if (u == null) {
        throw new IllegalStateException(marker + " is not on the test class path");
      }
      String s = location(u);
      hidden.add(s.substring(0, s.length() - resource.length()));
    }
  }

  /** The URL without a {@code jar:} prefix, so that entries of one jar share a prefix. */
  private static String location(URL u) {
    String s = u.toExternalForm();
    return s.startsWith("jar:") ? s.substring("jar:".length()) : s;
  }

  private boolean isHidden(URL u) {
    String s = location(u);
    return hidden.stream().anyMatch(s::startsWith);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    URL u = getParent().getResource(name.replace('.', '/') + ".class");
    if (u != null && isHidden(u)) {
      throw new ClassNotFoundException(
          name + " (hidden from webapps: it must come from WEB-INF/lib)");
    }
    return super.loadClass(name, resolve);
  }

  @Override
  public URL getResource(String name) {
    try {
      Enumeration<URL> all = getResources(name);
      return all.hasMoreElements() ? all.nextElement() : null;
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    List<URL> visible = Collections.list(getParent().getResources(name));
    visible.removeIf(this::isHidden);
    return Collections.enumeration(visible);
  }
}
