package io.github.jwtauth.store;

import java.util.Optional;
import java.util.Set;

/**
 * Where the user behind a key-pair comes from: the container principal that created it (roles
 * recorded at creation), or the application's own users tables through SQL.
 *
 * <p>Implementations are thread-safe.
 */
public interface UserDirectory {
  /**
   * Looks the user up.
   *
   * @param login the key-pair owner
   * @param recordedRoles roles recorded on the key-pair when it was created
   * @return the user, or empty when the user no longer exists
   * @throws io.github.jwtauth.JwtAuthException UNAVAILABLE when the store cannot be reached
   */
  Optional<User> find(String login, Set<String> recordedRoles);

  /** Whether users are known beyond the key-pairs (a directory is configured). */
  boolean isExternal();

  /** No directory: the user is the container principal that created the key-pair. */
  static UserDirectory container() {
    return new UserDirectory() {
      @Override
      public Optional<User> find(String login, Set<String> recordedRoles) {
        return Optional.of(new User(login, login, null, false, recordedRoles));
      }

      @Override
      public boolean isExternal() {
        return false;
      }
    };
  }
}
