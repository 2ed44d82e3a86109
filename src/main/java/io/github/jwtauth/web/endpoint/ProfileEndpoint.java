package io.github.jwtauth.web.endpoint;

import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.json.Json;
import io.github.jwtauth.web.ContainerLogin;
import io.github.jwtauth.web.Csrf;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /profile}: the self-service page where a user logged in by the container manages
 * key-pairs (create, download the secret once, get tokens, revoke, revoke all). It authenticates
 * exactly like {@link KeyPairEndpoint}, through {@link ContainerLogin} (container user only; a
 * Bearer-token identity gets 401 {@code rest_not_logged_in}; nobody logged in: the container's
 * challenge), and an administrator may open another user's page with {@code ?user=login} (others:
 * 403 {@code rest_authentication_edit_user_error}). Errors are answered as a small HTML page with
 * the error's status and code.
 *
 * <p>The page is one self-contained HTML resource ({@code profile/profile.html}: inline CSS and
 * JavaScript, no external resource, works offline), parsed once at start. Per response it gets a
 * fresh CSP nonce and, HTML-escaped or as JSON in a {@code <script type="application/json">} block
 * escaped against {@code </script>}: the API base path, the login, the target user and the
 * session's CSRF token. Serving the page creates the {@link jakarta.servlet.http.HttpSession}
 * holding that token; the page sends it in header {@value Csrf#HEADER} on every {@code POST} and
 * {@code DELETE} to {@code /key-pair}, where {@link Csrf#check} requires it of browser requests
 * (those with {@code Origin} or {@code Sec-Fetch-Site}), together with a same-origin {@code Origin}
 * and {@code Sec-Fetch-Site}. Requests without those headers (curl, scripts) are not affected.
 *
 * <p>Thread-safe.
 *
 * @see <a href="https://www.w3.org/TR/CSP3/#framework-directive-source-list">CSP Level 3 nonces</a>
 */
public final class ProfileEndpoint {
  static final String TEMPLATE = "/io/github/jwtauth/profile/profile.html";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z]+)}}");
  private static final Set<String> PLACEHOLDERS = Set.of("nonce", "login", "user", "config");
  private static final int NONCE_BYTES = 16;

  /** The roles a new key-pair of a user may be restricted to, as its checkboxes show them. */
  @FunctionalInterface
  public interface RoleSource {
    /** No roles to offer. */
    RoleSource NONE = (req, caller, user) -> Set.of();

    Set<String> held(HttpServletRequest req, String caller, String user);
  }

  private final String basePath;
  private final ContainerLogin login;
  private final Csrf csrf;
  private final RoleSource roles;
  private final SecureRandom random = new SecureRandom();

  /** The template split at its placeholders: literal, name, literal, name, …, literal. */
  private final List<String> parts;

  /**
   * @param basePath the API's base path below the context path (where {@code /key-pair} is)
   * @param csrf the CSRF check of {@code /key-pair}, whose session token the page carries
   */
  public ProfileEndpoint(String basePath, ContainerLogin login, Csrf csrf) {
    this(basePath, login, csrf, RoleSource.NONE);
  }

  /**
   * @param roles the roles the page offers as checkboxes when creating a key-pair
   */
  public ProfileEndpoint(String basePath, ContainerLogin login, Csrf csrf, RoleSource roles) {
    this.basePath = basePath;
    this.login = login;
    this.csrf = csrf;
    this.roles = roles;
    this.parts = parse(load(TEMPLATE));
  }

  public void handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String nonce = nonce();
    String caller;
    String target;
    try {
      caller = login.caller(req, res);
      if (caller == null) {
        return; // the container has answered with its challenge
      }
      target = login.target(req, caller);
    } catch (JwtAuthException e) {
      writeError(res, e, nonce);
      return;
    }
    JsonArrayBuilder held = Json.array();
    roles.held(req, caller, target).stream().sorted().forEach(held::add);
    String config =
        Json.write(
            Json.object()
                .add("api", req.getContextPath() + basePath)
                .add("login", caller)
                .add("user", target)
                .add("csrfHeader", Csrf.HEADER)
                .add("csrf", csrf.token(req))
                .add("roles", held)
                .build());
    Map<String, String> values =
        Map.of(
            "nonce", nonce,
            "login", html(caller),
            "user", html(target),
            "config", scriptJson(config));
    StringBuilder page = new StringBuilder(32 * 1024);
    for (int i = 0; i < parts.size(); i++) {
      page.append(i % 2 == 0 ? parts.get(i) : values.get(parts.get(i)));
    }
    write(res, 200, page.toString(), nonce);
  }

  private void writeError(HttpServletResponse res, JwtAuthException e, String nonce)
      throws IOException {
    String page =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>"
            + e.error().status()
            + " – API key-pairs</title>"
            + "<style nonce=\""
            + nonce
            + "\">body{font:16px/1.5 system-ui,sans-serif;margin:2rem;"
            + "max-width:40rem;color:#1b1f24}code{background:#eef1f4;padding:0 .25em}</style>"
            + "</head><body><main><h1>"
            + html(e.description())
            + "</h1><p>Error <code id=\"error-code\">"
            + html(e.error().code())
            + "</code> (HTTP "
            + e.error().status()
            + ").</p></main></body></html>\n";
    write(res, e.error().status(), page, nonce);
  }

  private static void write(HttpServletResponse res, int status, String page, String nonce)
      throws IOException {
    byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
    res.setStatus(status);
    res.setContentType("text/html; charset=UTF-8");
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Pragma", "no-cache");
    res.setHeader(
        "Content-Security-Policy",
        "default-src 'none'; script-src 'nonce-"
            + nonce
            + "'; style-src 'nonce-"
            + nonce
            + "'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("X-Frame-Options", "DENY"); // for browsers without CSP frame-ancestors
    res.setContentLength(bytes.length);
    res.getOutputStream().write(bytes);
  }

  /** A fresh CSP nonce: 128 bits, base64 (CSP3 §2.3.1 nonce-source). */
  private String nonce() {
    byte[] b = new byte[NONCE_BYTES];
    random.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  /** Escapes text for HTML element content and quoted attribute values. */
  static String html(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * JSON text made safe inside a {@code <script>} data block: {@code <}, {@code >} and {@code &}
   * only occur in JSON strings, where {@code \}{@code uXXXX} escapes mean the same (HTML §4.12.1.3:
   * no {@code </script} or {@code <!--} can appear).
   */
  static String scriptJson(String json) {
    return json.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029");
  }

  static List<String> parse(String template) {
    List<String> out = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    int at = 0;
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        throw new IllegalStateException(
            "jwt-auth: unknown placeholder " + m.group() + " in " + TEMPLATE);
      }
      out.add(template.substring(at, m.start()));
      out.add(m.group(1));
      at = m.end();
    }
    out.add(template.substring(at));
    return List.copyOf(out);
  }

  private static String load(String name) {
    try (InputStream in = ProfileEndpoint.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("jwt-auth: resource " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
