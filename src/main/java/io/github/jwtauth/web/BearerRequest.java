package io.github.jwtauth.web;

import io.github.jwtauth.Authentication;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/**
 * The request seen by the application after a valid Bearer token: {@code getUserPrincipal()},
 * {@code getRemoteUser()}, {@code isUserInRole()} and {@code getAuthType()} answer for the token's
 * user, so legacy servlets and JAX-RS resources need no change.
 *
 * <p>Not API. Not thread-safe (like the request it wraps).
 */
public final class BearerRequest extends HttpServletRequestWrapper {
  /** {@link #getAuthType()} of token-authenticated requests (RFC 6750). */
  public static final String AUTH_TYPE = "Bearer";

  private final Authentication auth;
  private final Principal principal;

  public BearerRequest(HttpServletRequest request, Authentication auth) {
    super(request);
    this.auth = auth;
    this.principal = new JwtPrincipal(auth.login());
  }

  @Override
  public String getAuthType() {
    return AUTH_TYPE;
  }

  @Override
  public String getRemoteUser() {
    return auth.login();
  }

  @Override
  public Principal getUserPrincipal() {
    return principal;
  }

  @Override
  public boolean isUserInRole(String role) {
    if (role == null) {
      return false;
    }
    // Servlet 6.0 §13.3: "**" means any authenticated user unless declared as a role.
    return auth.roles().contains(role) || "**".equals(role);
  }
}
