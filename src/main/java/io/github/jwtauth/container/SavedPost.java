package io.github.jwtauth.container;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code POST} that needed a FORM login, kept in the HTTP session while the login page is shown
 * and replayed on the first request of the logged-in session to its URL, as Tomcat's {@code
 * FormAuthenticator} restores it: the application then sees the original method, content type and
 * body ({@link #replay}). At most {@link #MAX_BYTES} bytes are kept (Tomcat's default {@code
 * maxSavePostSize}); a larger body is refused before the login page, as Tomcat does.
 *
 * <p>Form-urlencoded bodies also answer {@code getParameter…}, query parameters first (Servlet 6.0
 * §3.1.1); any body answers {@code getInputStream()} and {@code getReader()}. A replayed multipart
 * body is not split into parts ({@code getParts()} sees none). Immutable and thread-safe.
 *
 * @param url the saved URL (path and query, as the client sent them)
 * @param body the body's bytes
 * @param contentType the body's {@code Content-Type}, or null
 */
record SavedPost(String url, byte[] body, String contentType) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Tomcat's default {@code maxSavePostSize}. */
  static final int MAX_BYTES = 4096;

  SavedPost {
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /**
   * Reads the body of {@code req} (a {@code POST} to {@code url}).
   *
   * @return the saved post, or null when the body is larger than {@link #MAX_BYTES}
   */
  static SavedPost read(HttpServletRequest req, String url) throws IOException {
    byte[] bytes;
    try (InputStream in = req.getInputStream()) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    }
    return bytes.length > MAX_BYTES ? null : new SavedPost(url, bytes, req.getContentType());
  }

  /** The request as the saved post, for the application. */
  HttpServletRequest replay(HttpServletRequest req) {
    return new Replayed(req, this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SavedPost p
        && url.equals(p.url)
        && java.util.Arrays.equals(body, p.body)
        && java.util.Objects.equals(contentType, p.contentType);
  }

  @Override
  public int hashCode() {
    return url.hashCode() * 31 + java.util.Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "SavedPost[" + url + ", " + body.length + " bytes, " + contentType + "]";
  }

  /** The wrapped request: method, content type and body of the saved post. */
  private static final class Replayed extends HttpServletRequestWrapper {
    private final SavedPost saved;
    private Map<String, String[]> parameters;

    Replayed(HttpServletRequest req, SavedPost saved) {
      super(req);
      this.saved = saved;
    }

    @Override
    public String getMethod() {
      return "POST";
    }

    @Override
    public String getContentType() {
      return saved.contentType;
    }

    @Override
    public int getContentLength() {
      return saved.body.length;
    }

    @Override
    public long getContentLengthLong() {
      return saved.body.length;
    }

    @Override
    public String getHeader(String name) {
      if ("content-type".equalsIgnoreCase(name)) {
        return saved.contentType;
      }
      if ("content-length".equalsIgnoreCase(name)) {
        return Integer.toString(saved.body.length);
      }
      return super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      String own = getHeader(name);
      if ("content-type".equalsIgnoreCase(name) || "content-length".equalsIgnoreCase(name)) {
        return Collections.enumeration(own == null ? List.of() : List.of(own));
      }
      return super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      List<String> names = new ArrayList<>();
      for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements(); ) {
        String n = e.nextElement();
        if (!"content-type".equalsIgnoreCase(n) && !"content-length".equalsIgnoreCase(n)) {
          names.add(n);
        }
      }
      if (saved.contentType != null) {
        names.add("Content-Type");
      }
      names.add("Content-Length");
      return Collections.enumeration(names);
    }

    @Override
    public ServletInputStream getInputStream() {
      return new BytesInputStream(saved.body);
    }

    @Override
    public BufferedReader getReader() throws UnsupportedEncodingException {
      return new BufferedReader(new InputStreamReader(getInputStream(), charset()));
    }

    @Override
    public String getParameter(String name) {
      String[] values = parameters().get(name);
      return values == null ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
      return Collections.unmodifiableMap(parameters());
    }

    @Override
    public Enumeration<String> getParameterNames() {
      return Collections.enumeration(parameters().keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
      String[] values = parameters().get(name);
      return values == null ? null : values.clone();
    }

    private synchronized Map<String, String[]> parameters() {
      if (parameters == null) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        // the wrapped request is the GET of the saved URL: its parameters are the query's
        super.getParameterMap()
            .forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).addAll(List.of(v)));
        if (isFormUrlencoded()) {
          Charset cs = charset();
          for (String pair : new String(saved.body, StandardCharsets.ISO_8859_1).split("&")) {
            if (pair.isEmpty()) {
              continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq), cs);
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1), cs);
            if (k != null && v != null) {
              all.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
          }
        }
        Map<String, String[]> m = new LinkedHashMap<>();
        all.forEach((k, v) -> m.put(k, v.toArray(new String[0])));
        parameters = m;
      }
      return parameters;
    }

    private boolean isFormUrlencoded() {
      String type = saved.contentType;
      return type != null
          && type.toLowerCase(Locale.ROOT)
              .split(";", 2)[0]
              .trim()
              .equals("application/x-www-form-urlencoded");
    }

    /** The body's charset: the content type's, else the request's, else ISO-8859-1 (Servlet). */
    private Charset charset() {
      String name = null;
      if (saved.contentType != null) {
        for (String part : saved.contentType.split(";")) {
          String p = part.trim();
          if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
            name = p.substring("charset=".length()).replace("\"", "").trim();
          }
        }
      }
      if (name == null) {
        name = super.getCharacterEncoding();
      }
      try {
        return name == null ? StandardCharsets.ISO_8859_1 : Charset.forName(name);
      } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
        return StandardCharsets.ISO_8859_1;
      }
    }

    /** Form-urlencoded bytes (read as ISO-8859-1) decoded in cs; null when malformed. */
    private static String decode(String s, Charset cs) {
      try {
        String bytes = URLDecoder.decode(s, StandardCharsets.ISO_8859_1);
        return new String(bytes.getBytes(StandardCharsets.ISO_8859_1), cs);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }

  /** A servlet input stream over bytes held in memory. */
  private static final class BytesInputStream extends ServletInputStream {
    private final ByteArrayInputStream in;

    BytesInputStream(byte[] bytes) {
      this.in = new ByteArrayInputStream(bytes);
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return in.read(b, off, len);
    }

    @Override
    public boolean isFinished() {
      return in.available() == 0;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
      throw new IllegalStateException("the replayed body is not read asynchronously");
    }
  }
}
