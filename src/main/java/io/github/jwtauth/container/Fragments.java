package io.github.jwtauth.container;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * The {@code META-INF/web-fragment.xml} of each jar in {@code WEB-INF/lib} (Servlet 6.0 §8.2.1), in
 * the container's order when it has one ({@link ServletContext#ORDERED_LIBS}: absolute or relative
 * ordering, which may also leave jars out), else by name. Reads the jar through the file system
 * when the container unpacked the application, else as a stream. A fragment over {@value
 * #MAX_BYTES} bytes, or a jar that cannot be read, is skipped: the container reads the same files
 * and stops the application itself when they are broken. Stateless.
 */
final class Fragments {
  static final String ENTRY = "META-INF/web-fragment.xml";
  static final int MAX_BYTES = 1 << 20;

  /** A jar's web-fragment.xml. */
  record Fragment(String jar, byte[] xml) {}

  private Fragments() {}

  static List<Fragment> read(ServletContext ctx) {
    List<Fragment> out = new ArrayList<>();
    for (String jar : jars(ctx)) {
      byte[] xml = fragment(ctx, "/WEB-INF/lib/" + jar);
      if (xml != null) {
        out.add(new Fragment(jar, xml));
      }
    }
    return out;
  }

  private static List<String> jars(ServletContext ctx) {
    if (ctx.getAttribute(ServletContext.ORDERED_LIBS) instanceof List<?> ordered) {
      List<String> names = new ArrayList<>();
      for (Object o : ordered) {
        names.add(String.valueOf(o));
      }
      return names;
    }
    Set<String> paths = ctx.getResourcePaths("/WEB-INF/lib/");
    Set<String> names = new TreeSet<>();
    if (paths != null) {
      for (String p : paths) {
        if (p.endsWith(".jar")) {
          names.add(p.substring(p.lastIndexOf('/') + 1));
        }
      }
    }
    return new ArrayList<>(names);
  }

  private static byte[] fragment(ServletContext ctx, String path) {
    try {
      String real = ctx.getRealPath(path);
      if (real != null && new java.io.File(real).isFile()) {
        try (ZipFile zip = new ZipFile(real)) {
          ZipEntry e = zip.getEntry(ENTRY);
          if (e == null) {
            return null;
          }
          try (InputStream in = zip.getInputStream(e)) {
            return bounded(in);
          }
        }
      }
      try (InputStream raw = ctx.getResourceAsStream(path)) {
        if (raw == null) {
          return null;
        }
        try (ZipInputStream zip = new ZipInputStream(raw)) {
          for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
            if (ENTRY.equals(e.getName())) {
              return bounded(zip);
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // skipped: see the class comment
    }
    return null;
  }

  private static byte[] bounded(InputStream in) throws IOException {
    byte[] b = in.readNBytes(MAX_BYTES + 1);
    return b.length > MAX_BYTES ? null : b;
  }
}
