package io.github.jwtauth.store;

import java.util.Set;

/**
 * A user as the token needs it.
 *
 * @param id the directory's id (a number or string), or the login without a directory
 * @param login the login name, the principal name seen by the application
 * @param email the address, or null
 * @param disabled whether the directory disabled the user
 * @param roles roles for {@code isUserInRole}
 */
public record User(Object id, String login, String email, boolean disabled, Set<String> roles) {
  public User {
    roles = Set.copyOf(roles);
  }
}
