package io.github.jwtauth.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Servlet-style URL patterns (Servlet 6.0 §12.2): {@code /exact}, {@code /prefix/*}, {@code *.ext}
 * and {@code /} or {@code /*} for everything, matched against the container-normalised path
 * (servlet path + path info). Parsed once at start.
 *
 * <p>Immutable and thread-safe. Not API.
 */
public final class UrlPatterns {
  private final List<String> exact;
  private final List<String> prefixes;
  private final List<String> extensions;
  private final boolean all;
  private final List<String> source;

  private UrlPatterns(List<String> source) {
    List<String> ex = new ArrayList<>();
    List<String> pre = new ArrayList<>();
    List<String> ext = new ArrayList<>();
    boolean everything = false;
    for (String p : source) {
      if (p.equals("/*") || p.equals("/")) {
        everything = true;
      } else if (p.startsWith("*.") && p.length() > 2 && !p.substring(2).contains("/")) {
        ext.add(p.substring(1));
      } else if (p.startsWith("/") && p.endsWith("/*")) {
        pre.add(p.substring(0, p.length() - 2));
      } else if (p.startsWith("/") && !p.contains("*")) {
        ex.add(p);
      } else {
        throw new IllegalArgumentException(
            "'" + p + "' is not a URL pattern (use /exact, /prefix/* or *.ext)");
      }
    }
    this.exact = List.copyOf(ex);
    this.prefixes = List.copyOf(pre);
    this.extensions = List.copyOf(ext);
    this.all = everything;
    this.source = List.copyOf(source);
  }

  public static UrlPatterns parse(List<String> patterns) {
    return new UrlPatterns(patterns);
  }

  public boolean isEmpty() {
    return source.isEmpty();
  }

  /** Whether the path (servlet path + path info, starting with /) matches any pattern. */
  public boolean matches(String path) {
    if (all) {
      return true;
    }
    for (String e : exact) {
      if (e.equals(path)) {
        return true;
      }
    }
    for (String p : prefixes) {
      if (path.startsWith(p) && (path.length() == p.length() || path.charAt(p.length()) == '/')) {
        return true;
      }
    }
    int slash = path.lastIndexOf('/');
    for (String x : extensions) {
      if (path.endsWith(x) && path.length() - x.length() > slash) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return source.isEmpty() ? "none" : String.join(",", source);
  }
}
