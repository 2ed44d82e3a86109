package io.github.jwtauth.config;

import static io.github.jwtauth.config.Param.Shown.MASKED;
import static io.github.jwtauth.config.Param.Shown.PLAIN;
import static io.github.jwtauth.config.Parsers.addresses;
import static io.github.jwtauth.config.Parsers.algorithm;
import static io.github.jwtauth.config.Parsers.bool;
import static io.github.jwtauth.config.Parsers.bytes;
import static io.github.jwtauth.config.Parsers.checked;
import static io.github.jwtauth.config.Parsers.choice;
import static io.github.jwtauth.config.Parsers.duration;
import static io.github.jwtauth.config.Parsers.durationUpToMinutes;
import static io.github.jwtauth.config.Parsers.integer;
import static io.github.jwtauth.config.Parsers.list;
import static io.github.jwtauth.config.Parsers.optionalDuration;
import static io.github.jwtauth.config.Parsers.origins;
import static io.github.jwtauth.config.Parsers.sql;
import static io.github.jwtauth.config.Parsers.text;
import static io.github.jwtauth.config.Parsers.urlPatterns;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The table of {@code jwt-auth.*} parameters, in the order of the README's "Configuration" table:
 * for each its name, its default as text ({@code null}: none), whether it is a secret (masked in
 * {@link Settings#describe()}), how its text is parsed, and what it means. The README says more
 * about each; a test keeps the two tables alike.
 *
 * <p>Immutable and thread-safe.
 */
public enum Param {
  DATASOURCE(
      "jwt-auth.datasource",
      null,
      PLAIN,
      text(),
      "JNDI name of the DataSource (java:comp/env/ is implied)"),
  JDBC_URL(
      "jwt-auth.jdbc-url",
      null,
      PLAIN,
      checked(v -> v.startsWith("jdbc:"), "must start with jdbc:"),
      "JDBC URL, instead of a DataSource"),
  JDBC_USER("jwt-auth.jdbc-user", null, PLAIN, text(), "user for the JDBC URL"),
  JDBC_PASSWORD("jwt-auth.jdbc-password", null, MASKED, text(), "password for the JDBC URL"),
  SCHEMA_CREATE("jwt-auth.schema-create", "false", PLAIN, bool(), "create the tables when missing"),
  ALGORITHM(
      "jwt-auth.algorithm", "HS256", PLAIN, algorithm(), "HS256, HS384, HS512, RS256 or ES256"),
  SECRET("jwt-auth.secret", null, MASKED, bytes(), "HMAC secret, at least the hash size"),
  SIGNING_KEY(
      "jwt-auth.signing-key",
      null,
      MASKED,
      text(),
      "RS256/ES256: PEM private key (and its public key)"),
  KEYSTORE("jwt-auth.keystore", null, PLAIN, text(), "RS256/ES256: PKCS#12 keystore instead"),
  KEYSTORE_PASSWORD("jwt-auth.keystore-password", null, MASKED, text(), "password of the keystore"),
  SIGNING_KEY_ALIAS(
      "jwt-auth.signing-key-alias",
      null,
      PLAIN,
      text(),
      "alias of the signing key in the keystore"),
  PUBLIC_KEYS(
      "jwt-auth.public-keys", null, PLAIN, text(), "more PEM public keys that verify (rotation)"),
  JWKS_MAX_AGE("jwt-auth.jwks-max-age", "5m", PLAIN, duration(0), "Cache-Control max-age of /keys"),
  ISSUER("jwt-auth.issuer", "jwt-auth", PLAIN, text(), "iss of issued tokens"),
  ACCESS_TOKEN_TTL("jwt-auth.access-token-ttl", "1h", PLAIN, duration(1), "access token lifetime"),
  REFRESH_TOKEN_TTL(
      "jwt-auth.refresh-token-ttl", "14d", PLAIN, duration(1), "refresh token lifetime"),
  LEEWAY("jwt-auth.leeway", "30s", PLAIN, durationUpToMinutes(10), "clock skew tolerated"),
  BASE_PATH(
      "jwt-auth.base-path",
      "/jwt-auth/v1",
      PLAIN,
      checked(
          v -> v.matches("(/[A-Za-z0-9._~-]+)+"),
          "must be a path such as /jwt-auth/v1 (no trailing slash)"),
      "where TokenServlet is mapped"),
  BCRYPT_COST(
      "jwt-auth.bcrypt-cost",
      "" + Settings.DEFAULT_BCRYPT_COST,
      PLAIN,
      integer(Settings.MIN_BCRYPT_COST, Settings.MAX_BCRYPT_COST),
      "bcrypt cost, " + Settings.MIN_BCRYPT_COST + " to " + Settings.MAX_BCRYPT_COST),
  ADMIN_ROLE(
      "jwt-auth.admin-role", "administrator", PLAIN, text(), "may manage other users' key-pairs"),
  ROLE_CANDIDATES(
      "jwt-auth.role-candidates",
      "administrator,user",
      PLAIN,
      list(),
      "container roles recorded on a key-pair"),
  TOKEN_REQUIRED(
      "jwt-auth.token-required", null, PLAIN, urlPatterns(), "URL patterns that need a token"),
  STATUS_CACHE_TTL(
      "jwt-auth.status-cache-ttl",
      "5s",
      PLAIN,
      duration(0),
      "how stale a key-pair status may be; 0 = always check"),
  STATUS_CACHE_SIZE(
      "jwt-auth.status-cache-size",
      "10000",
      PLAIN,
      integer(1, 10_000_000),
      "key-pair statuses kept"),
  TOKEN_CACHE_SIZE(
      "jwt-auth.token-cache-size",
      "10000",
      PLAIN,
      integer(0, 10_000_000),
      "verified tokens remembered (0 = off)"),
  USER_SQL(
      "jwt-auth.user-sql",
      null,
      PLAIN,
      sql(),
      "SELECT id, login, email, disabled ... WHERE login = ?"),
  ROLES_SQL("jwt-auth.roles-sql", null, PLAIN, sql(), "SELECT role ... WHERE login = ?"),
  REALM(
      "jwt-auth.realm",
      "jwt-auth",
      PLAIN,
      checked(
          v -> v.matches("[\\x20-\\x7E&&[^\"\\\\]]{1,100}"),
          "must be 1 to 100 printable ASCII characters without quotes"),
      "realm of WWW-Authenticate"),
  MAX_BODY_SIZE(
      "jwt-auth.max-body-size", "16384", PLAIN, integer(1024, 1 << 20), "bytes of a request body"),
  MAX_TOKEN_SIZE(
      "jwt-auth.max-token-size",
      "8192",
      PLAIN,
      integer(512, 1 << 16),
      "bytes of an Authorization header"),
  TRUSTED_PROXIES(
      "jwt-auth.trusted-proxies",
      null,
      PLAIN,
      addresses(),
      "IPs/CIDRs whose X-Forwarded-For is believed"),
  REFRESH_GRACE(
      "jwt-auth.refresh-grace",
      "0",
      PLAIN,
      durationUpToMinutes(5),
      "retry window returning the same successor"),
  REFRESH_CHAIN_LIFETIME(
      "jwt-auth.refresh-chain-lifetime",
      "90d",
      PLAIN,
      duration(1),
      "absolute lifetime of a refresh chain"),
  MAX_FAILURES_PER_KEY(
      "jwt-auth.max-failures-per-key",
      "5",
      PLAIN,
      integer(1, 1000),
      "failed exchanges before an api_key waits"),
  MAX_FAILURES_PER_ADDRESS(
      "jwt-auth.max-failures-per-address",
      "20",
      PLAIN,
      integer(1, 100_000),
      "failed exchanges before an address waits"),
  LOCKOUT_MAX("jwt-auth.lockout-max", "15m", PLAIN, duration(1), "longest wait"),
  FAILURE_WINDOW(
      "jwt-auth.failure-window",
      "15m",
      PLAIN,
      duration(1),
      "quiet time after which failures are forgotten"),
  MAX_TOKEN_REQUESTS_PER_MINUTE(
      "jwt-auth.max-token-requests-per-minute",
      "60",
      PLAIN,
      integer(0, 60_000),
      "tokens one key-pair may buy per minute on one node (0 = no limit)"),
  MAX_CHAINS_PER_KEY_PAIR(
      "jwt-auth.max-chains-per-key-pair",
      "100",
      PLAIN,
      integer(1, 100_000),
      "live refresh-token chains per key-pair; a new one drops the oldest"),
  MAX_KEY_PAIRS_PER_USER(
      "jwt-auth.max-key-pairs-per-user",
      "100",
      PLAIN,
      integer(1, 100_000),
      "active key-pairs a user may have (the admin CLI is not bound)"),
  SECRET_CACHE_TTL(
      "jwt-auth.secret-cache-ttl",
      "5m",
      PLAIN,
      duration(0),
      "how long a verified api_secret spares the next exchange its bcrypt check (0 = off)"),
  MODE(
      "jwt-auth.mode",
      "auto",
      PLAIN,
      choice("auto", "container", "filter"),
      "auto, container (Jakarta Authentication module) or filter"),
  CORS_ALLOWED_ORIGINS(
      "jwt-auth.cors-allowed-origins",
      null,
      PLAIN,
      origins(),
      "origins (scheme://host[:port]) or * that may call from a browser page (CORS)"),
  KEY_PAIR_MAX_LIFETIME(
      "jwt-auth.key-pair-max-lifetime",
      null,
      PLAIN,
      optionalDuration(60),
      "longest lifetime of a new key-pair; a later expiry is refused (none = no cap)"),
  KEY_PAIR_DEFAULT_LIFETIME(
      "jwt-auth.key-pair-default-lifetime",
      null,
      PLAIN,
      optionalDuration(60),
      "lifetime of a new key-pair created without an expiry (none = never expires)"),
  INTROSPECTION_ROLE(
      "jwt-auth.introspection-role",
      null,
      PLAIN,
      text(),
      "role whose key-pairs may call the RFC 7662 introspection endpoint (none = endpoint off)");

  /** Whether {@link Settings#describe()} shows a value or only whether it is set. */
  enum Shown {
    PLAIN,
    MASKED
  }

  private static final Map<String, Param> BY_NAME =
      Arrays.stream(values())
          .collect(Collectors.toMap(Param::paramName, p -> p, (a, b) -> a, LinkedHashMap::new));

  private final String paramName;
  private final String defaultText;
  private final boolean secret;
  private final ValueParser parser;
  private final String description;

  Param(String paramName, String defaultText, Shown shown, ValueParser parser, String text) {
    this.paramName = paramName;
    this.defaultText = defaultText;
    this.secret = shown == MASKED;
    this.parser = parser;
    this.description = text;
  }

  /** The full name, such as {@code jwt-auth.leeway}. */
  public String paramName() {
    return paramName;
  }

  /** The name without {@code jwt-auth.}, as {@link Settings#describe()} shows it. */
  public String shortName() {
    return paramName.substring(Settings.PREFIX.length());
  }

  /** The default as the README writes it, or {@code null} when there is none. */
  public String defaultText() {
    return defaultText;
  }

  /** Whether the value is a secret: never logged, and a malformed reference is refused. */
  public boolean isSecret() {
    return secret;
  }

  public String description() {
    return description;
  }

  /**
   * The parameter of that name.
   *
   * @throws IllegalArgumentException for a name that is not in the table
   */
  static Param named(String name) {
    Param p = BY_NAME.get(name);
    if (p == null) {
      throw new IllegalArgumentException(
          "Unknown parameter "
              + name
              + "; known parameters: "
              + BY_NAME.keySet().stream().sorted().collect(Collectors.joining(", ")));
    }
    return p;
  }

  /** The typed value of the given text, or of the default when {@code text} is null. */
  Object parse(String text) {
    return parser.parse(this, text != null ? text : defaultText);
  }

  /** A failure naming this parameter: {@code Parameter jwt-auth.x <rule>}. */
  IllegalArgumentException bad(String rule) {
    return new IllegalArgumentException("Parameter " + paramName + " " + rule);
  }

  /** A failure naming this parameter: {@code Parameter jwt-auth.x: <detail>}. */
  IllegalArgumentException invalid(String detail) {
    return new IllegalArgumentException("Parameter " + paramName + ": " + detail);
  }
}
