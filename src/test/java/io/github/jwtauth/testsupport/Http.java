package io.github.jwtauth.testsupport;

import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tiny HTTP client for the integration tests, over {@link java.net.http.HttpClient} (HTTP/1.1, no
 * redirects, no cookies so every request stands alone). Thread-safe; {@link Req} is not.
 */
public final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Http() {}

  /** Starts a request to base + path (path is appended verbatim, it may carry a query string). */
  public static Req to(URI base, String path) {
    String b = base.toString();
    if (b.endsWith("/") && path.startsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    return new Req(URI.create(b + path));
  }

  /** application/x-www-form-urlencoded encoding of alternating name/value pairs. */
  public static String urlencoded(String... pairs) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  /** Percent-encodes one path segment or query value (spaces as %20). */
  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  public static String basicHeader(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** A request under construction. */
  public static final class Req {
    private final URI uri;
    private final List<String[]> headers = new ArrayList<>();
    private byte[] body;
    private String contentType;
    private Duration timeout = Duration.ofSeconds(60);
    private boolean chunked;
    private int attempts = 1;

    Req(URI uri) {
      this.uri = uri;
    }

    public Req header(String name, String value) {
      headers.add(new String[] {name, value});
      return this;
    }

    public Req basic(String user, String password) {
      return header("Authorization", basicHeader(user, password));
    }

    public Req bearer(String token) {
      return header("Authorization", "Bearer " + token);
    }

    public Req timeout(Duration d) {
      this.timeout = d;
      return this;
    }

    /** Like {@code curl -d a=b}: an urlencoded form from name/value pairs. */
    public Req form(String... pairs) {
      return body("application/x-www-form-urlencoded", urlencoded(pairs));
    }

    /** Like {@code curl -F a=b -F c=d}: multipart/form-data with curl's boundary shape. */
    public Req multipart(String... pairs) {
      byte[] rnd = new byte[8];
      RANDOM.nextBytes(rnd);
      String boundary = "------------------------" + HexFormat.of().formatHex(rnd);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i < pairs.length; i += 2) {
        write(out, "--" + boundary + "\r\n");
        write(out, "Content-Disposition: form-data; name=\"" + pairs[i] + "\"\r\n\r\n");
        write(out, pairs[i + 1]);
        write(out, "\r\n");
      }
      write(out, "--" + boundary + "--\r\n");
      this.contentType = "multipart/form-data; boundary=" + boundary;
      this.body = out.toByteArray();
      return this;
    }

    /** A JSON body (text sent verbatim, UTF-8). */
    public Req json(String jsonText) {
      return body("application/json", jsonText);
    }

    /** Any body with any content type (null content type: no header). */
    public Req body(String type, String text) {
      return body(type, text.getBytes(StandardCharsets.UTF_8));
    }

    public Req body(String type, byte[] bytes) {
      this.contentType = type;
      this.body = bytes.clone();
      return this;
    }

    /**
     * Resends (up to 3 more times) when the connection is lost before any response byte. Only for
     * requests whose body the server refuses unread (over max-body-size): Jetty 12 then sometimes
     * drops the connection before the client reads the response (seen with a plain HttpServlet
     * answering 405 too, about 3% of 20 KB bodies), which is not what is tested.
     */
    public Req retryIfConnectionLost() {
      this.attempts = 4;
      return this;
    }

    /** Like {@link #body(String, byte[])} but sent chunked, without Content-Length. */
    public Req bodyStream(String type, byte[] bytes) {
      body(type, bytes);
      this.chunked = true;
      return this;
    }

    public Res get() {
      return send("GET");
    }

    public Res post() {
      return send("POST");
    }

    public Res delete() {
      return send("DELETE");
    }

    public Res options() {
      return send("OPTIONS");
    }

    public Res send(String method) {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
      for (String[] h : headers) {
        b.header(h[0], h[1]);
      }
      if (contentType != null) {
        b.header("Content-Type", contentType);
      }
      HttpRequest.BodyPublisher publisher;
      if (body == null) {
        publisher = HttpRequest.BodyPublishers.noBody();
      } else if (chunked) {
        publisher =
            HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(body));
      } else {
        publisher = HttpRequest.BodyPublishers.ofByteArray(body);
      }
      b.method(method, publisher);
      HttpRequest request = b.build();
      for (int attempt = 1; ; attempt++) {
        try {
          HttpResponse<byte[]> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
          return new Res(
              method,
              uri,
              r.statusCode(),
              r.headers().map(),
              new String(r.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
          if (attempt >= attempts) {
            throw new AssertionError(method + " " + uri + " failed: " + e, e);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
    }

    private static void write(ByteArrayOutputStream out, String s) {
      out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A received response. */
  public record Res(
      String method, URI uri, int status, Map<String, List<String>> headers, String body) {

    /** First value of a header (case-insensitive), or null. */
    public String header(String name) {
      List<String> all = headers(name);
      return all.isEmpty() ? null : all.get(0);
    }

    /** All values of a header (case-insensitive). */
    public List<String> headers(String name) {
      List<String> out = new ArrayList<>();
      headers.forEach(
          (k, v) -> {
            if (k.equalsIgnoreCase(name)) {
              out.addAll(v);
            }
          });
      return out;
    }

    public Optional<String> optHeader(String name) {
      return Optional.ofNullable(header(name));
    }

    /** Parses the body as a JSON object (fails the test if it is not one). */
    public JsonObject json() {
      return Json.object(body);
    }

    @Override
    public String toString() {
      return method + " " + uri + " -> " + status + " " + headers + "\n" + Json.abbreviate(body);
    }
  }
}
