package io.github.jwtauth.container;

import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.GroupPrincipalCallback;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.Serializable;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;

/**
 * The FORM login of Servlet 6.0 §13.6.3, carried over by {@link JwtServerAuthModule} the way
 * Tomcat's own {@code FormAuthenticator} does it:
 *
 * <ol>
 *   <li>a request that needs a caller, from nobody: its URL (path and query), and the body of a
 *       {@code POST}, are saved in the HTTP session and the request is forwarded, as a {@code GET},
 *       to the {@code form-login-page};
 *   <li>the form's {@code j_security_check} with {@code j_username} and {@code j_password}: the
 *       module checks them against the container's realm; when right, the session gets a new id (no
 *       session fixation), keeps the caller, and the browser is sent to the saved URL ({@code
 *       303}); when wrong, the request is forwarded to the {@code form-error-page};
 *   <li>the next request in that session: the module hands the caller to the container with {@code
 *       jakarta.servlet.http.registerSession}, and from then on the container finds the caller in
 *       the session itself, as after its own FORM login.
 * </ol>
 *
 * A {@code POST} that needed the login is replayed with its method, content type and body on the
 * first {@code GET} of its URL after the login ({@link SavedPost}, at most {@value
 * SavedPost#MAX_BYTES} bytes, as Tomcat's default {@code maxSavePostSize}; a larger body gets 403
 * before the login page, as on Tomcat). Immutable and thread-safe.
 */
final class FormLogin {
  /** Servlet 6.0 §13.6.3.1: the action of the login form and its two fields. */
  static final String ACTION = "/j_security_check";

  static final String USERNAME = "j_username";
  static final String PASSWORD = "j_password";

  /** Session attribute: the URL to return to after the login. */
  static final String SAVED_URL = "io.github.jwtauth.form.saved-url";

  /** Session attribute: the {@link SavedPost} that needed the login, if it was a POST. */
  static final String SAVED_POST = "io.github.jwtauth.form.saved-post";

  /** Session attribute: the caller of a successful login, until the container registers it. */
  static final String PENDING = "io.github.jwtauth.form.caller";

  private final String loginPage;
  private final String errorPage;

  FormLogin(String loginPage, String errorPage) {
    this.loginPage = loginPage;
    this.errorPage = errorPage;
  }

  /** The FORM login of a FORM login-config, else null. */
  static FormLogin of(LoginConfig config) {
    return config.isForm() ? new FormLogin(config.formLoginPage(), config.formErrorPage()) : null;
  }

  /** Whether the request is the login form's action. */
  static boolean isAction(HttpServletRequest req) {
    String info = req.getPathInfo();
    return (info == null ? req.getServletPath() : req.getServletPath() + info).endsWith(ACTION);
  }

  /** The caller a login left in the session for this request to register, removed; or null. */
  static Caller takePending(HttpServletRequest req) {
    HttpSession session = req.getSession(false);
    if (session == null) {
      return null;
    }
    try {
      Object pending = session.getAttribute(PENDING);
      if (pending == null) {
        return null;
      }
      session.removeAttribute(PENDING);
      return pending instanceof Caller c ? c : null;
    } catch (IllegalStateException e) {
      return null; // invalidated meanwhile
    }
  }

  /** Saves the request's URL and shows the login page. */
  void challenge(HttpServletRequest req, HttpServletResponse res) throws IOException {
    if (req.getServletPath().isEmpty() && req.getPathInfo() == null) {
      // as Tomcat: the context root gets its '/', so that the form's relative action stays inside
      String query = req.getQueryString();
      res.sendRedirect(
          res.encodeRedirectURL(req.getRequestURI() + "/" + (query == null ? "" : "?" + query)));
      return;
    }
    String url = url(req);
    SavedPost post = null;
    if ("POST".equals(req.getMethod())) {
      post = SavedPost.read(req, url);
      if (post == null) {
        // as Tomcat: a body over maxSavePostSize would be lost at the login, so it is refused
        res.sendError(HttpServletResponse.SC_FORBIDDEN);
        return;
      }
    }
    HttpSession session = req.getSession(true);
    session.setAttribute(SAVED_URL, url);
    if (post != null) {
      session.setAttribute(SAVED_POST, post);
    } else {
      session.removeAttribute(SAVED_POST);
    }
    forward(loginPage, new AsGet(req), res); // as Tomcat: always a GET, whatever the method
  }

  /**
   * The saved {@code POST}, on the logged-in session's first {@code GET} of its URL (the browser
   * follows the {@code 303} there): the request replayed as that post, once; else null.
   */
  static HttpServletRequest replay(HttpServletRequest req) {
    if (!"GET".equals(req.getMethod())) {
      return null;
    }
    HttpSession session = req.getSession(false);
    if (session == null) {
      return null;
    }
    try {
      if (session.getAttribute(SAVED_POST) instanceof SavedPost post
          && post.url().equals(url(req))) {
        session.removeAttribute(SAVED_POST);
        return post.replay(req);
      }
    } catch (IllegalStateException e) {
      // invalidated meanwhile
    }
    return null;
  }

  /** A right {@code j_security_check}: the caller is kept and the browser sent back. */
  void succeeded(HttpServletRequest req, HttpServletResponse res, Caller caller)
      throws IOException {
    HttpSession session = req.getSession(false);
    if (session == null) {
      // as Tomcat: no session, no saved request to return to
      res.sendError(HttpServletResponse.SC_REQUEST_TIMEOUT);
      return;
    }
    Object saved = session.getAttribute(SAVED_URL);
    session.removeAttribute(SAVED_URL);
    req.changeSessionId(); // the id known before the login must not carry it (session fixation)
    session.setAttribute(PENDING, caller);
    if (!(saved instanceof String url)) {
      res.sendError(HttpServletResponse.SC_BAD_REQUEST);
      return;
    }
    // RFC 9110 §15.4.4: 303 turns the form's POST into a GET of the saved URL (HTTP/1.0: 302)
    res.setStatus(
        "HTTP/1.0".equals(req.getProtocol())
            ? HttpServletResponse.SC_FOUND
            : HttpServletResponse.SC_SEE_OTHER);
    res.setHeader("Location", res.encodeRedirectURL(url));
  }

  /** A wrong {@code j_security_check}: the error page. */
  void failed(HttpServletRequest req, HttpServletResponse res) throws IOException {
    forward(errorPage, req, res);
  }

  private static void forward(String page, HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    RequestDispatcher d = page == null ? null : req.getServletContext().getRequestDispatcher(page);
    if (d == null) {
      res.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
      return;
    }
    try {
      d.forward(req, res);
    } catch (ServletException e) {
      if (!res.isCommitted()) {
        res.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
      }
    }
  }

  /** Path and query as the client sent them, never a protocol-relative {@code //host}. */
  private static String url(HttpServletRequest req) {
    StringBuilder sb = new StringBuilder(req.getRequestURI());
    if (req.getQueryString() != null) {
      sb.append('?').append(req.getQueryString());
    }
    while (sb.length() > 1 && sb.charAt(1) == '/') {
      sb.deleteCharAt(0);
    }
    return sb.toString();
  }

  /** The request as a GET (the login page is shown for any method). */
  private static final class AsGet extends HttpServletRequestWrapper {
    AsGet(HttpServletRequest req) {
      super(req);
    }

    @Override
    public String getMethod() {
      return "GET";
    }
  }

  /**
   * The caller the container's realm established in the subject of a {@code
   * PasswordValidationCallback}: its principal (on Tomcat the realm's principal with its roles, in
   * the private credentials) and the names of its group principals, if the container uses them.
   */
  record Caller(String name, Principal principal, List<String> groups) implements Serializable {
    private static final long serialVersionUID = 1L;

    static Caller of(Subject subject, String name) {
      Set<Principal> credentials = subject.getPrivateCredentials(Principal.class);
      Principal caller = credentials.isEmpty() ? null : credentials.iterator().next();
      List<String> groups = new ArrayList<>();
      for (Principal p : subject.getPrincipals()) {
        if (caller == null && name.equals(p.getName())) {
          caller = p;
        } else if (p != caller) {
          groups.add(p.getName());
        }
      }
      return new Caller(name, caller, List.copyOf(groups));
    }

    /** The callbacks that make it the container's caller again. */
    Callback[] callbacks(Subject client) {
      CallerPrincipalCallback c =
          principal != null
              ? new CallerPrincipalCallback(client, principal)
              : new CallerPrincipalCallback(client, name);
      return groups.isEmpty()
          ? new Callback[] {c}
          : new Callback[] {c, new GroupPrincipalCallback(client, groups.toArray(new String[0]))};
    }
  }
}
