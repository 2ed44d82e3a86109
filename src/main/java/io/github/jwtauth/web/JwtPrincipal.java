package io.github.jwtauth.web;

import java.security.Principal;

/**
 * The principal of a request authenticated by a Bearer token: its name is the user's login.
 *
 * @param name the login
 */
public record JwtPrincipal(String name) implements Principal {
  @Override
  public String getName() {
    return name;
  }
}
