package io.github.jwtauth.container;

import io.github.jwtauth.Authentication;
import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.JwtAuthFilter;
import io.github.jwtauth.web.BearerRequest;
import io.github.jwtauth.web.JwtPrincipal;
import io.github.jwtauth.web.WebContext;
import io.github.jwtauth.web.endpoint.MetadataEndpoint;
import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.MessagePolicy;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.GroupPrincipalCallback;
import jakarta.security.auth.message.callback.PasswordValidationCallback;
import jakarta.security.auth.message.module.ServerAuthModule;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * The Jakarta Authentication 3.0 module of container mode: a thin adapter that lets the container
 * authenticate a request before it enforces the security-constraints, with the same core as {@link
 * JwtAuthFilter}.
 *
 * <ul>
 *   <li>{@code Authorization: Bearer}: the core's authenticator decides; the caller and its roles
 *       go to the container in one {@code CallerPrincipalCallback} + {@code
 *       GroupPrincipalCallback}, auth type {@code Bearer}, never cached in a session. A refused
 *       token gets the filter's answer (RFC 6750 §3.1) on every URL: the application is not called.
 *   <li>{@code Authorization: Basic} (RFC 7617), with a BASIC login-config: checked against the
 *       container's realm ({@code PasswordValidationCallback}), auth type {@code BASIC}. Wrong
 *       credentials are challenged where authentication is mandatory, and otherwise ignored (the
 *       request goes on anonymous, as with Tomcat's default non-preemptive BASIC).
 *   <li>With a FORM login-config: the login page, {@code j_security_check} and the saved request,
 *       as {@link FormLogin} tells; the caller is then kept in the HTTP session ({@code
 *       registerSession}), auth type {@code FORM}.
 *   <li>No credentials: the container's BASIC challenge, or FORM login page, where authentication
 *       is mandatory (a bare Bearer challenge without a BASIC or FORM login-config); otherwise
 *       anonymous. A principal the container cached in the session (a FORM login, {@code
 *       HttpServletRequest#login}) is kept.
 * </ul>
 *
 * <p>{@code HttpServletRequest#authenticate} calls the module as for a mandatory URL; {@code login}
 * is the container's own (its realm, no module); {@code logout} calls {@link #cleanSubject}, and
 * the container forgets the caller of the session.
 *
 * <p>The core is obtained from the {@link WebContext} on first use. Thread-safe.
 *
 * @see <a href="https://jakarta.ee/specifications/authentication/3.0/">Jakarta Authentication 3.0,
 *     Servlet Container Profile</a>
 */
public final class JwtServerAuthModule implements ServerAuthModule {
  /** Servlet Container Profile: whether the request URL needs an authenticated caller. */
  static final String IS_MANDATORY = "jakarta.security.auth.message.MessagePolicy.isMandatory";

  /** Servlet Container Profile: what {@code getAuthType()} answers. */
  static final String AUTH_TYPE = "jakarta.servlet.http.authType";

  /** Servlet Container Profile: whether the container keeps the caller in the HTTP session. */
  static final String REGISTER_SESSION = "jakarta.servlet.http.registerSession";

  private static final Class<?>[] TYPES = {HttpServletRequest.class, HttpServletResponse.class};
  private static final String BASIC = "basic ";

  private final ServletContext servletContext;
  private final String basicChallenge;
  private final FormLogin form;
  private volatile CallbackHandler handler;
  private volatile WebContext web;

  /**
   * @param basicRealm the realm-name of the BASIC login-config, or null without one
   * @param form the FORM login of a FORM login-config, or null without one
   */
  JwtServerAuthModule(ServletContext servletContext, String basicRealm, FormLogin form) {
    this.servletContext = servletContext;
    this.form = form;
    // Tomcat's BasicAuthenticator challenge, charset UTF-8 as RFC 7617 §2.1 allows
    this.basicChallenge =
        basicRealm == null ? null : "Basic realm=\"" + quote(basicRealm) + "\", charset=UTF-8";
  }

  @Override
  public void initialize(
      MessagePolicy requestPolicy,
      MessagePolicy responsePolicy,
      CallbackHandler handler,
      @SuppressWarnings("rawtypes") Map options) {
    this.handler = handler;
  }

  @Override
  public Class<?>[] getSupportedMessageTypes() {
    return TYPES.clone();
  }

  @Override
  @SuppressWarnings("unchecked")
  public AuthStatus validateRequest(MessageInfo info, Subject client, Subject service)
      throws AuthException {
    HttpServletRequest req = (HttpServletRequest) info.getRequestMessage();
    HttpServletResponse res = (HttpServletResponse) info.getResponseMessage();
    Map<String, Object> map = info.getMap();
    boolean mandatory = Boolean.parseBoolean(String.valueOf(map.get(IS_MANDATORY)));
    WebContext w = web();
    try {
      if (!mandatory
          && (isCorsPreflight(req) || w.isTokenEndpoint(req) || MetadataEndpoint.isDocument(req))) {
        // as the filter: a preflight carries no credentials, the token endpoint takes none of
        // Bearer's (a stale access token sent along with a refresh must not refuse it), and the
        // discovery documents are public
        return AuthStatus.SUCCESS;
      }
      String token;
      Authentication auth;
      try {
        token = w.resolver().resolve(req);
        auth = token == null ? null : w.core().authenticator().authenticate(token);
      } catch (JwtAuthException e) {
        w.cors().addResponseHeaders(req, res); // a browser on an allowed origin may read the 401
        w.errors().writeBearerError(res, e);
        return AuthStatus.SEND_FAILURE;
      }
      if (auth != null) {
        handle(
            new CallerPrincipalCallback(client, new JwtPrincipal(auth.login())),
            new GroupPrincipalCallback(client, auth.roles().toArray(new String[0])));
        map.put(AUTH_TYPE, BearerRequest.AUTH_TYPE);
        map.put(REGISTER_SESSION, "false"); // a token is a credential per request, not a login
        req.setAttribute(JwtAuthFilter.CLAIMS_ATTRIBUTE, auth.token());
        req.setAttribute(JwtAuthFilter.AUTHENTICATION_ATTRIBUTE, auth);
        return AuthStatus.SUCCESS;
      }
      String header = req.getHeader("Authorization");
      Principal cached = req.getUserPrincipal();
      if (cached != null) {
        if (basicChallenge != null && isBasic(header) && checkBasic(header, client)) {
          // authenticate() on a BASIC request (Payara's Jersey calls it): a bare principal would
          // lose the caller's groups there, the realm brings them again
          map.put(AUTH_TYPE, HttpServletRequest.BASIC_AUTH);
          return AuthStatus.SUCCESS;
        }
        // the container's own session login (e.g. an earlier BASIC request): keep it
        handle(new CallerPrincipalCallback(client, cached));
        replaySavedPost(info, req);
        return AuthStatus.SUCCESS;
      }
      if (form != null) {
        AuthStatus status = validateForm(info, req, res, client, map);
        if (status != null) {
          return status;
        }
      }
      if (basicChallenge != null && isBasic(header)) {
        if (checkBasic(header, client)) {
          map.put(AUTH_TYPE, HttpServletRequest.BASIC_AUTH);
          return AuthStatus.SUCCESS;
        }
        if (mandatory) {
          challenge(res);
          return AuthStatus.SEND_FAILURE;
        }
        return AuthStatus.SUCCESS;
      }
      if (!mandatory) {
        return AuthStatus.SUCCESS;
      }
      if (form != null) {
        form.challenge(req, res);
        return AuthStatus.SEND_CONTINUE;
      }
      if (basicChallenge == null) {
        w.cors().addResponseHeaders(req, res);
        w.errors().writeBearerError(res, new JwtAuthException(ErrorCode.NO_HEADER));
        return AuthStatus.SEND_FAILURE;
      }
      challenge(res);
      return AuthStatus.SEND_CONTINUE;
    } catch (IOException e) {
      throw authException("jwt-auth: the answer could not be written", e);
    }
  }

  @Override
  public AuthStatus secureResponse(MessageInfo info, Subject service) {
    return AuthStatus.SEND_SUCCESS;
  }

  @Override
  public void cleanSubject(MessageInfo info, Subject subject) {
    if (subject != null) {
      subject.getPrincipals().clear();
      subject.getPrivateCredentials().removeIf(c -> c instanceof Principal);
    }
  }

  /** The FORM login's own requests (Servlet 6.0 §13.6.3); null for any other request. */
  private AuthStatus validateForm(
      MessageInfo info,
      HttpServletRequest req,
      HttpServletResponse res,
      Subject client,
      Map<String, Object> map)
      throws AuthException, IOException {
    FormLogin.Caller pending = FormLogin.takePending(req);
    if (pending != null) {
      handle(pending.callbacks(client));
      map.put(AUTH_TYPE, HttpServletRequest.FORM_AUTH);
      map.put(REGISTER_SESSION, "true");
      replaySavedPost(info, req);
      return AuthStatus.SUCCESS;
    }
    if (!FormLogin.isAction(req)) {
      return null;
    }
    String user = req.getParameter(FormLogin.USERNAME);
    String password = req.getParameter(FormLogin.PASSWORD);
    if (user != null && password != null && validate(client, user, password.toCharArray())) {
      form.succeeded(req, res, FormLogin.Caller.of(client, user));
      return AuthStatus.SEND_CONTINUE;
    }
    form.failed(req, res);
    return AuthStatus.SEND_FAILURE;
  }

  /**
   * The POST that needed the FORM login, on the logged-in session's GET of its URL: the container
   * hands the application the request the module sets (Jakarta Authentication, Servlet Container
   * Profile, §3.8.3.1).
   */
  private void replaySavedPost(MessageInfo info, HttpServletRequest req) {
    if (form != null) {
      HttpServletRequest replayed = FormLogin.replay(req);
      if (replayed != null) {
        info.setRequestMessage(replayed);
      }
    }
  }

  /** RFC 7617 §2: {@code Basic base64(user-id ":" password)}; false for anything malformed. */
  private boolean checkBasic(String header, Subject client) throws AuthException {
    String user;
    char[] password;
    try {
      byte[] decoded = Base64.getDecoder().decode(header.substring(BASIC.length()).trim());
      String pair = new String(decoded, StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      user = colon < 0 ? pair : pair.substring(0, colon);
      password = colon < 0 ? new char[0] : pair.substring(colon + 1).toCharArray();
    } catch (IllegalArgumentException e) {
      return false;
    }
    return validate(client, user, password);
  }

  /** The container's realm checks the password and fills the subject with the caller and roles. */
  private boolean validate(Subject client, String user, char[] password) throws AuthException {
    PasswordValidationCallback pvc = new PasswordValidationCallback(client, user, password);
    try {
      handle(pvc);
      return pvc.getResult();
    } finally {
      pvc.clearPassword();
    }
  }

  private void challenge(HttpServletResponse res) throws IOException {
    res.setHeader("WWW-Authenticate", basicChallenge);
    res.sendError(HttpServletResponse.SC_UNAUTHORIZED);
  }

  private void handle(Callback... callbacks) throws AuthException {
    CallbackHandler h = handler;
    if (h == null) {
      throw new AuthException("jwt-auth: the module was not initialized");
    }
    try {
      h.handle(callbacks);
    } catch (IOException | UnsupportedCallbackException e) {
      throw authException("jwt-auth: the container refused a callback", e);
    }
  }

  private WebContext web() throws AuthException {
    WebContext w = web;
    if (w == null) {
      try {
        w = WebContext.obtain(servletContext);
      } catch (ServletException e) {
        throw authException(e.getMessage(), e);
      }
      web = w;
    }
    return w;
  }

  private static boolean isBasic(String header) {
    return header != null && header.regionMatches(true, 0, BASIC, 0, BASIC.length());
  }

  /** Fetch standard §3.2.2, as {@link JwtAuthFilter}. */
  private static boolean isCorsPreflight(HttpServletRequest req) {
    return "OPTIONS".equals(req.getMethod())
        && req.getHeader("Origin") != null
        && req.getHeader("Access-Control-Request-Method") != null;
  }

  private static AuthException authException(String message, Exception cause) {
    AuthException e = new AuthException(message);
    e.initCause(cause);
    return e;
  }

  private static String quote(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
