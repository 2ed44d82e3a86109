package io.github.jwtauth.config;

import static io.github.jwtauth.config.Param.ACCESS_TOKEN_TTL;
import static io.github.jwtauth.config.Param.ALGORITHM;
import static io.github.jwtauth.config.Param.DATASOURCE;
import static io.github.jwtauth.config.Param.JDBC_URL;
import static io.github.jwtauth.config.Param.KEYSTORE;
import static io.github.jwtauth.config.Param.KEYSTORE_PASSWORD;
import static io.github.jwtauth.config.Param.KEY_PAIR_DEFAULT_LIFETIME;
import static io.github.jwtauth.config.Param.KEY_PAIR_MAX_LIFETIME;
import static io.github.jwtauth.config.Param.PUBLIC_KEYS;
import static io.github.jwtauth.config.Param.REFRESH_CHAIN_LIFETIME;
import static io.github.jwtauth.config.Param.REFRESH_TOKEN_TTL;
import static io.github.jwtauth.config.Param.ROLES_SQL;
import static io.github.jwtauth.config.Param.ROLE_CANDIDATES;
import static io.github.jwtauth.config.Param.SECRET;
import static io.github.jwtauth.config.Param.SIGNING_KEY;
import static io.github.jwtauth.config.Param.SIGNING_KEY_ALIAS;
import static io.github.jwtauth.config.Param.USER_SQL;

import io.github.jwtauth.keys.SigningAlgorithm;
import java.util.List;

/**
 * The rules that involve more than one parameter, checked once every value has parsed on its own:
 * one store, the keys the algorithm needs and no others, lifetimes that nest, SQL that comes in
 * pairs.
 *
 * <p>Stateless and thread-safe.
 */
final class Rules {
  private Rules() {}

  /**
   * @throws IllegalArgumentException naming the parameters at fault
   */
  static void check(Settings s) {
    checkStore(s);
    if (s.algorithm().isHmac()) {
      checkHmacKeys(s);
    } else {
      checkAsymmetricKeys(s);
    }
    if (s.refreshTokenTtl().compareTo(s.accessTokenTtl()) < 0) {
      throw REFRESH_TOKEN_TTL.bad("must not be shorter than " + ACCESS_TOKEN_TTL.paramName());
    }
    for (String r : s.roleCandidates()) { // admin-role included
      if (r.contains(",") || r.length() > 100) {
        throw ROLE_CANDIDATES.bad("has a bad role name");
      }
    }
    if (s.isSet(ROLES_SQL) && !s.isSet(USER_SQL)) {
      throw ROLES_SQL.bad("needs " + USER_SQL.paramName() + " as well");
    }
    if (s.refreshChainLifetime().compareTo(s.refreshTokenTtl()) < 0) {
      throw REFRESH_CHAIN_LIFETIME.bad("must not be shorter than " + REFRESH_TOKEN_TTL.paramName());
    }
    if (s.keyPairDefaultLifetime() != null
        && s.keyPairMaxLifetime() != null
        && s.keyPairDefaultLifetime().compareTo(s.keyPairMaxLifetime()) > 0) {
      throw KEY_PAIR_DEFAULT_LIFETIME.bad(
          "must not be longer than " + KEY_PAIR_MAX_LIFETIME.paramName());
    }
  }

  private static void checkStore(Settings s) {
    if (!s.isSet(DATASOURCE) && !s.isSet(JDBC_URL)) {
      throw DATASOURCE.bad(
          "(a JNDI DataSource name such as jdbc/jwtauth) or "
              + JDBC_URL.paramName()
              + " is required");
    }
    if (s.isSet(DATASOURCE) && s.isSet(JDBC_URL)) {
      throw new IllegalArgumentException(
          "Parameters "
              + DATASOURCE.paramName()
              + " and "
              + JDBC_URL.paramName()
              + " exclude each other; give one");
    }
  }

  /** RFC 7518 §3.2: an HMAC key at least as long as the hash; no asymmetric key material. */
  private static void checkHmacKeys(Settings s) {
    SigningAlgorithm algorithm = s.algorithm();
    for (Param p : List.of(SIGNING_KEY, PUBLIC_KEYS, KEYSTORE, SIGNING_KEY_ALIAS)) {
      if (s.isSet(p)) {
        throw p.bad("needs " + ALGORITHM.paramName() + " RS256 or ES256, not " + algorithm);
      }
    }
    byte[] secret = s.secret();
    if (secret.length == 0) {
      throw SECRET.bad(
          "is required (there is no default secret); give at least "
              + algorithm.minimumSecretBytes()
              + " random bytes, e.g. ${env:JWT_AUTH_SECRET}");
    }
    if (secret.length < algorithm.minimumSecretBytes()) {
      throw SECRET.bad(
          "is too short for "
              + algorithm
              + ": it needs at least "
              + algorithm.minimumSecretBytes()
              + " bytes (RFC 7518 §3.2)");
    }
    if (distinctBytes(secret) < 8) {
      throw SECRET.bad("is too weak: use random bytes, not a repeated pattern");
    }
  }

  /** RS256/ES256: one private key, from PEM or from PKCS#12, and no HMAC secret. */
  private static void checkAsymmetricKeys(Settings s) {
    SigningAlgorithm algorithm = s.algorithm();
    if (s.isSet(SECRET)) {
      throw SECRET.bad(
          "is for HS algorithms; "
              + algorithm
              + " uses "
              + SIGNING_KEY.paramName()
              + " or "
              + KEYSTORE.paramName());
    }
    boolean pem = s.isSet(SIGNING_KEY);
    boolean store = s.isSet(KEYSTORE);
    if (pem == store) {
      throw new IllegalArgumentException(
          algorithm
              + " needs exactly one of "
              + SIGNING_KEY.paramName()
              + " (PEM, e.g. file:/path/key.pem) or "
              + KEYSTORE.paramName()
              + " (PKCS#12)");
    }
    if (store && !s.isSet(SIGNING_KEY_ALIAS)) {
      throw SIGNING_KEY_ALIAS.bad("is required with " + KEYSTORE.paramName());
    }
    if (pem && (s.isSet(SIGNING_KEY_ALIAS) || s.isSet(KEYSTORE_PASSWORD))) {
      throw new IllegalArgumentException(
          "Parameters "
              + SIGNING_KEY_ALIAS.paramName()
              + " and "
              + KEYSTORE_PASSWORD.paramName()
              + " go with "
              + KEYSTORE.paramName());
    }
  }

  private static int distinctBytes(byte[] b) {
    boolean[] seen = new boolean[256];
    int n = 0;
    for (byte x : b) {
      if (!seen[x & 0xff]) {
        seen[x & 0xff] = true;
        n++;
      }
    }
    return n;
  }
}
