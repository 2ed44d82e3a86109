package io.github.jwtauth.token;

import java.util.Set;

/**
 * What the hot path needs to know about a key-pair: whether it still stands, whose it is, and the
 * user's roles. Cached per {@code api_key} for at most the configured staleness.
 *
 * @param active the key-pair exists and is not revoked
 * @param login its owner
 * @param userValid the owner exists and is not disabled
 * @param roles the owner's roles
 */
public record KeyPairStatus(boolean active, String login, boolean userValid, Set<String> roles) {
  public static final KeyPairStatus REVOKED = new KeyPairStatus(false, null, false, Set.of());

  public KeyPairStatus {
    roles = Set.copyOf(roles);
  }
}
