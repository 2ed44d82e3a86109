package io.github.jwtauth.web;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.JwtAuthFilter;
import io.github.jwtauth.audit.Audit;
import io.github.jwtauth.audit.Audit.Event;
import io.github.jwtauth.credential.KeyPairInput;
import io.github.jwtauth.store.UserDirectory;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Set;

/**
 * Who a key-pair route ({@code /key-pair}, {@code /profile}) acts as and for. The caller must be
 * logged in by the container, never by a Bearer token (only people who can log in manage
 * key-pairs); when nobody is logged in the container is asked to authenticate ({@code
 * HttpServletRequest#authenticate}), so its own challenge (BASIC, FORM) applies without a
 * security-constraint. The user acted on is the caller, or another user named by a caller in the
 * administrator role ({@code ?user=login}, or the login in the path of the plugin's routes); anyone
 * else naming another user is refused and audited ({@code authz_fail}).
 *
 * <p>Which users an administrator may name: with a user directory, those it finds; without one, any
 * login that {@link KeyPairInput#validLogin} accepts, since the Servlet API cannot look a user up
 * outside a request of theirs (the creation is audited with {@code by=} the administrator).
 *
 * <p>Thread-safe.
 */
public final class ContainerLogin {
  private final UserDirectory users;
  private final Audit audit;
  private final ClientAddress clientAddress;
  private final String adminRole;

  /**
   * @param users the user directory, which knows users when it is external
   * @param adminRole the container role that may act for other users
   */
  public ContainerLogin(
      UserDirectory users, Audit audit, ClientAddress clientAddress, String adminRole) {
    this.users = users;
    this.audit = audit;
    this.clientAddress = clientAddress;
    this.adminRole = adminRole;
  }

  /**
   * The container-authenticated user, asking the container to authenticate when nobody is logged
   * in.
   *
   * @return the caller's login, or null once the container has answered with its challenge
   * @throws JwtAuthException {@link ErrorCode#NOT_LOGGED_IN} for a Bearer-token identity or when
   *     the container cannot log anybody in
   */
  public String caller(HttpServletRequest req, HttpServletResponse res) throws IOException {
    if (req.getAttribute(JwtAuthFilter.AUTHENTICATION_ATTRIBUTE) != null) {
      throw new JwtAuthException(ErrorCode.NOT_LOGGED_IN);
    }
    Principal p;
    try {
      p = req.getUserPrincipal();
    } catch (IllegalStateException e) {
      // Jetty 12 without a security-constraint: a deferred login through getUserPrincipal() cannot
      // renew the id of an existing session (it has no response for the cookie) and throws;
      // authenticate(res) below logs in with the real response.
      p = null;
    }
    if (p == null) {
      try {
        if (!req.authenticate(res)) {
          return null;
        }
      } catch (ServletException | IllegalStateException e) {
        throw new JwtAuthException(ErrorCode.NOT_LOGGED_IN);
      }
      p = req.getUserPrincipal();
      if (p == null) {
        throw new JwtAuthException(ErrorCode.NOT_LOGGED_IN);
      }
    }
    String name = p.getName();
    if (!KeyPairInput.validLogin(name)) {
      throw new JwtAuthException(ErrorCode.NOT_LOGGED_IN);
    }
    return name;
  }

  /**
   * The user acted on: the caller, or {@code ?user=} for an administrator.
   *
   * @throws JwtAuthException as {@link #target(HttpServletRequest, String, String)}
   */
  public String target(HttpServletRequest req, String caller) {
    return target(req, caller, RequestParams.query(req.getQueryString()).get("user"));
  }

  /**
   * The user acted on: the caller, or the login an administrator names.
   *
   * @param requested the login named, or null or empty for the caller
   * @throws JwtAuthException {@link ErrorCode#EDIT_USER} (audited) when a caller who is not an
   *     administrator names another user, {@link ErrorCode#INVALID_USER} when that user is not
   *     known
   */
  public String target(HttpServletRequest req, String caller, String requested) {
    if (requested == null || requested.isEmpty() || requested.equals(caller)) {
      return caller;
    }
    if (!req.isUserInRole(adminRole)) {
      audit.log(
          Event.AUTHZ_FAIL, caller, caller, null, clientAddress.of(req), "target_user", requested);
      throw new JwtAuthException(ErrorCode.EDIT_USER);
    }
    if (!KeyPairInput.validLogin(requested) || !known(requested)) {
      throw new JwtAuthException(ErrorCode.INVALID_USER);
    }
    return requested;
  }

  /** With a user directory, whether it finds the user; without one, any valid login. */
  private boolean known(String login) {
    return !users.isExternal() || users.find(login, Set.of()).isPresent();
  }
}
