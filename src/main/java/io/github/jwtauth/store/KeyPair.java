package io.github.jwtauth.store;

import java.util.Set;

/**
 * A stored key-pair as jwt-auth sees it: never the secret, and the hash only where the token
 * endpoint needs it.
 *
 * @param apiKey public identifier
 * @param userLogin the owner
 * @param name the owner's label
 * @param secretHash bcrypt hash of the secret
 * @param roles container roles recorded when it was created
 * @param created epoch seconds
 * @param lastUsed epoch seconds, or null
 * @param lastIp address of the last token exchange, or null
 * @param revokedAt epoch seconds, or null while active
 */
public record KeyPair(
    String apiKey,
    String userLogin,
    String name,
    String secretHash,
    Set<String> roles,
    long created,
    Long lastUsed,
    String lastIp,
    Long revokedAt) {

  public KeyPair {
    roles = Set.copyOf(roles);
  }

  public boolean revoked() {
    return revokedAt != null;
  }

  @Override
  public String toString() {
    // never print the hash
    return "KeyPair[apiKey=" + apiKey + ", user=" + userLogin + ", revoked=" + revoked() + "]";
  }
}
