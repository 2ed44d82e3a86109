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
 * @param expiresAt epoch seconds from which it no longer buys or carries tokens, or null for never
 * @param roleLimit the roles its owner restricted it to at creation (its tokens never carry
 *     another), or null for no restriction
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
    Long revokedAt,
    Long expiresAt,
    Set<String> roleLimit) {

  public KeyPair {
    roles = Set.copyOf(roles);
    roleLimit = roleLimit == null ? null : Set.copyOf(roleLimit);
  }

  /** A key-pair that never expires and is not restricted to some of its owner's roles. */
  public KeyPair(
      String apiKey,
      String userLogin,
      String name,
      String secretHash,
      Set<String> roles,
      long created,
      Long lastUsed,
      String lastIp,
      Long revokedAt) {
    this(
        apiKey,
        userLogin,
        name,
        secretHash,
        roles,
        created,
        lastUsed,
        lastIp,
        revokedAt,
        null,
        null);
  }

  /** Whether it has expired at {@code nowSeconds} (epoch seconds). */
  public boolean expiredAt(long nowSeconds) {
    return expiresAt != null && nowSeconds >= expiresAt;
  }

  /**
   * The roles its tokens carry, of the owner's current ones: all of them, or only those it was
   * restricted to.
   */
  public Set<String> restrict(Set<String> ownerRoles) {
    if (roleLimit == null) {
      return ownerRoles;
    }
    Set<String> kept = new java.util.LinkedHashSet<>(ownerRoles);
    kept.retainAll(roleLimit);
    return kept;
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
