package io.github.jwtauth.config;

import io.github.jwtauth.JwtAuthFilter;
import io.github.jwtauth.TokenServlet;
import io.github.jwtauth.keys.SigningAlgorithm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The immutable configuration of one web application, read once at start from {@code jwt-auth.*}
 * context-params and the init-params of {@link JwtAuthFilter} and {@link TokenServlet}. Every value
 * is validated here; an unknown name, a bad value or a weak secret throws {@link
 * IllegalArgumentException} naming the parameter, which stops the webapp.
 *
 * <p>Any value may be a reference instead of a literal: {@code ${env:NAME}} (environment variable),
 * {@code ${sys:name}} (system property) or {@code file:/path} (file content, trimmed).
 *
 * <table>
 *   <caption>Parameters</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>jwt-auth.datasource</td><td>-</td><td>JNDI name of the DataSource (java:comp/env/ is implied)</td></tr>
 *   <tr><td>jwt-auth.jdbc-url, -user, -password</td><td>-</td><td>instead of a DataSource</td></tr>
 *   <tr><td>jwt-auth.schema-create</td><td>false</td><td>create the tables when missing</td></tr>
 *   <tr><td>jwt-auth.algorithm</td><td>HS256</td><td>HS256, HS384 or HS512</td></tr>
 *   <tr><td>jwt-auth.secret</td><td>required</td><td>HMAC secret, at least the hash size</td></tr>
 *   <tr><td>jwt-auth.issuer</td><td>jwt-auth</td><td>{@code iss} of issued tokens</td></tr>
 *   <tr><td>jwt-auth.access-token-ttl</td><td>1h</td><td>access token lifetime</td></tr>
 *   <tr><td>jwt-auth.refresh-token-ttl</td><td>14d</td><td>refresh token lifetime</td></tr>
 *   <tr><td>jwt-auth.leeway</td><td>30s</td><td>clock skew tolerated</td></tr>
 *   <tr><td>jwt-auth.base-path</td><td>/jwt-auth/v1</td><td>where TokenServlet is mapped</td></tr>
 *   <tr><td>jwt-auth.bcrypt-cost</td><td>10</td><td>10 to 16</td></tr>
 *   <tr><td>jwt-auth.admin-role</td><td>administrator</td><td>may manage other users' key-pairs</td></tr>
 *   <tr><td>jwt-auth.role-candidates</td><td>administrator,user</td><td>container roles recorded on a key-pair</td></tr>
 *   <tr><td>jwt-auth.token-required</td><td>none</td><td>URL patterns that need a token</td></tr>
 *   <tr><td>jwt-auth.status-cache-ttl</td><td>5s</td><td>how stale a key-pair status may be; 0 = always check</td></tr>
 *   <tr><td>jwt-auth.status-cache-size</td><td>10000</td><td>key-pair statuses kept</td></tr>
 *   <tr><td>jwt-auth.user-sql</td><td>-</td><td>SELECT id, login, email, disabled ... WHERE login = ?</td></tr>
 *   <tr><td>jwt-auth.roles-sql</td><td>-</td><td>SELECT role ... WHERE login = ?</td></tr>
 *   <tr><td>jwt-auth.realm</td><td>jwt-auth</td><td>realm of WWW-Authenticate</td></tr>
 *   <tr><td>jwt-auth.max-body-size</td><td>16384</td><td>bytes of a request body</td></tr>
 *   <tr><td>jwt-auth.max-token-size</td><td>8192</td><td>bytes of an Authorization header</td></tr>
 *   <tr><td>jwt-auth.trusted-proxies</td><td>none</td><td>IPs/CIDRs whose X-Forwarded-For is believed</td></tr>
 *   <tr><td>jwt-auth.refresh-grace</td><td>0</td><td>retry window returning the same successor</td></tr>
 *   <tr><td>jwt-auth.refresh-chain-lifetime</td><td>90d</td><td>absolute lifetime of a refresh chain</td></tr>
 *   <tr><td>jwt-auth.max-failures-per-key</td><td>5</td><td>failed exchanges before an api_key waits</td></tr>
 *   <tr><td>jwt-auth.max-failures-per-address</td><td>20</td><td>failed exchanges before an address waits</td></tr>
 *   <tr><td>jwt-auth.lockout-max</td><td>15m</td><td>longest wait</td></tr>
 *   <tr><td>jwt-auth.signing-key</td><td>-</td><td>RS256/ES256: PEM private key (and its public key)</td></tr>
 *   <tr><td>jwt-auth.public-keys</td><td>-</td><td>more PEM public keys that verify (rotation)</td></tr>
 *   <tr><td>jwt-auth.keystore, -password, signing-key-alias</td><td>-</td><td>RS256/ES256 from PKCS#12</td></tr>
 *   <tr><td>jwt-auth.token-cache-size</td><td>10000</td><td>verified tokens remembered (0 = off)</td></tr>
 *   <tr><td>jwt-auth.jwks-max-age</td><td>5m</td><td>Cache-Control max-age of /keys</td></tr>
 *   <tr><td>jwt-auth.failure-window</td><td>15m</td><td>quiet time after which failures are forgotten</td></tr>
 *   <tr><td>jwt-auth.max-token-requests-per-minute</td><td>60</td><td>tokens one key-pair may buy per minute on one node, by exchange or refresh (0 = no limit)</td></tr>
 *   <tr><td>jwt-auth.max-chains-per-key-pair</td><td>100</td><td>live refresh-token chains per key-pair; a new one drops the oldest</td></tr>
 *   <tr><td>jwt-auth.max-key-pairs-per-user</td><td>100</td><td>active key-pairs a user may have (the admin CLI is not bound)</td></tr>
 *   <tr><td>jwt-auth.secret-cache-ttl</td><td>5m</td><td>how long a verified api_secret spares the next exchange its bcrypt check (0 = off)</td></tr>
 *   <tr><td>jwt-auth.mode</td><td>auto</td><td>auto, container (Jakarta Authentication module) or filter</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe.
 */
public record Settings(
    String dataSource,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    boolean schemaCreate,
    SigningAlgorithm algorithm,
    byte[] secret,
    String issuer,
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    Duration leeway,
    String basePath,
    int bcryptCost,
    String adminRole,
    List<String> roleCandidates,
    UrlPatterns tokenRequired,
    Duration statusCacheTtl,
    int statusCacheSize,
    String userSql,
    String rolesSql,
    String realm,
    int maxBodySize,
    int maxTokenSize,
    List<String> trustedProxies,
    Duration refreshGrace,
    Duration refreshChainLifetime,
    int maxFailuresPerKey,
    int maxFailuresPerAddress,
    Duration lockoutMax,
    Duration failureWindow,
    String signingKey,
    String publicKeys,
    String keystore,
    String keystorePassword,
    String signingKeyAlias,
    Duration jwksMaxAge,
    int tokenCacheSize,
    Duration secretCacheTtl,
    int maxTokenRequestsPerMinute,
    int maxChainsPerKeyPair,
    int maxKeyPairsPerUser,
    String mode) {

  public static final String PREFIX = "jwt-auth.";
  public static final String PARAM_DATASOURCE = "jwt-auth.datasource";
  public static final String PARAM_JDBC_URL = "jwt-auth.jdbc-url";
  public static final String PARAM_JDBC_USER = "jwt-auth.jdbc-user";
  public static final String PARAM_JDBC_PASSWORD = "jwt-auth.jdbc-password";
  public static final String PARAM_SCHEMA_CREATE = "jwt-auth.schema-create";
  public static final String PARAM_ALGORITHM = "jwt-auth.algorithm";
  public static final String PARAM_SECRET = "jwt-auth.secret";
  public static final String PARAM_ISSUER = "jwt-auth.issuer";
  public static final String PARAM_ACCESS_TOKEN_TTL = "jwt-auth.access-token-ttl";
  public static final String PARAM_REFRESH_TOKEN_TTL = "jwt-auth.refresh-token-ttl";
  public static final String PARAM_LEEWAY = "jwt-auth.leeway";
  public static final String PARAM_BASE_PATH = "jwt-auth.base-path";
  public static final String PARAM_BCRYPT_COST = "jwt-auth.bcrypt-cost";
  public static final String PARAM_ADMIN_ROLE = "jwt-auth.admin-role";
  public static final String PARAM_ROLE_CANDIDATES = "jwt-auth.role-candidates";
  public static final String PARAM_TOKEN_REQUIRED = "jwt-auth.token-required";
  public static final String PARAM_STATUS_CACHE_TTL = "jwt-auth.status-cache-ttl";
  public static final String PARAM_STATUS_CACHE_SIZE = "jwt-auth.status-cache-size";
  public static final String PARAM_USER_SQL = "jwt-auth.user-sql";
  public static final String PARAM_ROLES_SQL = "jwt-auth.roles-sql";
  public static final String PARAM_REALM = "jwt-auth.realm";
  public static final String PARAM_MAX_BODY_SIZE = "jwt-auth.max-body-size";
  public static final String PARAM_MAX_TOKEN_SIZE = "jwt-auth.max-token-size";
  public static final String PARAM_TRUSTED_PROXIES = "jwt-auth.trusted-proxies";
  public static final String PARAM_REFRESH_GRACE = "jwt-auth.refresh-grace";
  public static final String PARAM_REFRESH_CHAIN_LIFETIME = "jwt-auth.refresh-chain-lifetime";
  public static final String PARAM_MAX_FAILURES_PER_KEY = "jwt-auth.max-failures-per-key";
  public static final String PARAM_MAX_FAILURES_PER_ADDRESS = "jwt-auth.max-failures-per-address";
  public static final String PARAM_LOCKOUT_MAX = "jwt-auth.lockout-max";
  public static final String PARAM_FAILURE_WINDOW = "jwt-auth.failure-window";
  public static final String PARAM_SIGNING_KEY = "jwt-auth.signing-key";
  public static final String PARAM_PUBLIC_KEYS = "jwt-auth.public-keys";
  public static final String PARAM_KEYSTORE = "jwt-auth.keystore";
  public static final String PARAM_KEYSTORE_PASSWORD = "jwt-auth.keystore-password";
  public static final String PARAM_SIGNING_KEY_ALIAS = "jwt-auth.signing-key-alias";
  public static final String PARAM_JWKS_MAX_AGE = "jwt-auth.jwks-max-age";
  public static final String PARAM_TOKEN_CACHE_SIZE = "jwt-auth.token-cache-size";
  public static final String PARAM_SECRET_CACHE_TTL = "jwt-auth.secret-cache-ttl";
  public static final String PARAM_MAX_TOKEN_REQUESTS_PER_MINUTE =
      "jwt-auth.max-token-requests-per-minute";
  public static final String PARAM_MAX_CHAINS_PER_KEY_PAIR = "jwt-auth.max-chains-per-key-pair";
  public static final String PARAM_MAX_KEY_PAIRS_PER_USER = "jwt-auth.max-key-pairs-per-user";
  public static final String PARAM_MODE = "jwt-auth.mode";

  public static final String DEFAULT_ALGORITHM = "HS256";
  // HS keys come from jwt-auth.secret; RS256/ES256 keys from jwt-auth.signing-key or
  // jwt-auth.keystore.
  public static final String DEFAULT_ISSUER = "jwt-auth";
  public static final Duration DEFAULT_ACCESS_TOKEN_TTL = Duration.ofHours(1);
  public static final Duration DEFAULT_REFRESH_TOKEN_TTL = Duration.ofDays(14);
  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);
  public static final String DEFAULT_BASE_PATH = "/jwt-auth/v1";
  public static final int DEFAULT_BCRYPT_COST = 10;
  public static final String DEFAULT_ADMIN_ROLE = "administrator";
  public static final String DEFAULT_ROLE_CANDIDATES = "administrator,user";
  public static final Duration DEFAULT_STATUS_CACHE_TTL = Duration.ofSeconds(5);
  public static final int DEFAULT_STATUS_CACHE_SIZE = 10_000;
  public static final String DEFAULT_REALM = "jwt-auth";
  public static final int DEFAULT_MAX_BODY_SIZE = 16_384;
  public static final int DEFAULT_MAX_TOKEN_SIZE = 8_192;
  public static final Duration DEFAULT_REFRESH_GRACE = Duration.ZERO;
  public static final Duration DEFAULT_REFRESH_CHAIN_LIFETIME = Duration.ofDays(90);
  public static final int DEFAULT_MAX_FAILURES_PER_KEY = 5;
  public static final int DEFAULT_MAX_FAILURES_PER_ADDRESS = 20;
  public static final Duration DEFAULT_LOCKOUT_MAX = Duration.ofMinutes(15);
  public static final Duration DEFAULT_FAILURE_WINDOW = Duration.ofMinutes(15);
  public static final Duration DEFAULT_JWKS_MAX_AGE = Duration.ofMinutes(5);
  public static final int DEFAULT_TOKEN_CACHE_SIZE = 10_000;
  public static final Duration DEFAULT_SECRET_CACHE_TTL = Duration.ofMinutes(5);
  public static final int DEFAULT_MAX_TOKEN_REQUESTS_PER_MINUTE = 60;
  public static final int DEFAULT_MAX_CHAINS_PER_KEY_PAIR = 100;
  public static final int DEFAULT_MAX_KEY_PAIRS_PER_USER = 100;
  public static final String DEFAULT_MODE = "auto";

  static final Set<String> NAMES =
      Set.of(
          PARAM_DATASOURCE,
          PARAM_JDBC_URL,
          PARAM_JDBC_USER,
          PARAM_JDBC_PASSWORD,
          PARAM_SCHEMA_CREATE,
          PARAM_ALGORITHM,
          PARAM_SECRET,
          PARAM_ISSUER,
          PARAM_ACCESS_TOKEN_TTL,
          PARAM_REFRESH_TOKEN_TTL,
          PARAM_LEEWAY,
          PARAM_BASE_PATH,
          PARAM_BCRYPT_COST,
          PARAM_ADMIN_ROLE,
          PARAM_ROLE_CANDIDATES,
          PARAM_TOKEN_REQUIRED,
          PARAM_STATUS_CACHE_TTL,
          PARAM_STATUS_CACHE_SIZE,
          PARAM_USER_SQL,
          PARAM_ROLES_SQL,
          PARAM_REALM,
          PARAM_MAX_BODY_SIZE,
          PARAM_MAX_TOKEN_SIZE,
          PARAM_TRUSTED_PROXIES,
          PARAM_REFRESH_GRACE,
          PARAM_REFRESH_CHAIN_LIFETIME,
          PARAM_MAX_FAILURES_PER_KEY,
          PARAM_MAX_FAILURES_PER_ADDRESS,
          PARAM_LOCKOUT_MAX,
          PARAM_FAILURE_WINDOW,
          PARAM_SIGNING_KEY,
          PARAM_PUBLIC_KEYS,
          PARAM_KEYSTORE,
          PARAM_KEYSTORE_PASSWORD,
          PARAM_SIGNING_KEY_ALIAS,
          PARAM_JWKS_MAX_AGE,
          PARAM_TOKEN_CACHE_SIZE,
          PARAM_SECRET_CACHE_TTL,
          PARAM_MAX_TOKEN_REQUESTS_PER_MINUTE,
          PARAM_MAX_CHAINS_PER_KEY_PAIR,
          PARAM_MAX_KEY_PAIRS_PER_USER,
          PARAM_MODE);

  private static final Set<String> SECRET_NAMES =
      Set.of(PARAM_SECRET, PARAM_JDBC_PASSWORD, PARAM_SIGNING_KEY, PARAM_KEYSTORE_PASSWORD);

  public Settings {
    secret = secret.clone();
    roleCandidates = List.copyOf(roleCandidates);
    trustedProxies = List.copyOf(trustedProxies);
  }

  @Override
  public byte[] secret() {
    return secret.clone();
  }

  /**
   * Reads and validates the parameters.
   *
   * @param raw every {@code jwt-auth.*} parameter given, unresolved
   * @param env environment lookup (for {@code ${env:…}})
   * @throws IllegalArgumentException naming the parameter at fault
   */
  public static Settings parse(Map<String, String> raw, Function<String, String> env) {
    Map<String, String> p = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : raw.entrySet()) {
      String name = e.getKey();
      if (!NAMES.contains(name)) {
        throw new IllegalArgumentException(
            "Unknown parameter "
                + name
                + "; known parameters: "
                + String.join(", ", sorted(NAMES)));
      }
      String v = e.getValue() == null ? "" : e.getValue().trim();
      if (!v.isEmpty()) {
        p.put(name, resolve(name, v, env));
      }
    }

    String dataSource = p.get(PARAM_DATASOURCE);
    String jdbcUrl = p.get(PARAM_JDBC_URL);
    if (dataSource == null && jdbcUrl == null) {
      throw new IllegalArgumentException(
          "Parameter "
              + PARAM_DATASOURCE
              + " (a JNDI DataSource name such as jdbc/jwtauth) or "
              + PARAM_JDBC_URL
              + " is required");
    }
    if (dataSource != null && jdbcUrl != null) {
      throw new IllegalArgumentException(
          "Parameters "
              + PARAM_DATASOURCE
              + " and "
              + PARAM_JDBC_URL
              + " exclude each other; give one");
    }
    if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException("Parameter " + PARAM_JDBC_URL + " must start with jdbc:");
    }

    SigningAlgorithm algorithm;
    try {
      algorithm = SigningAlgorithm.parse(p.getOrDefault(PARAM_ALGORITHM, DEFAULT_ALGORITHM));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Parameter " + PARAM_ALGORITHM + " must be HS256, HS384, HS512, RS256 or ES256");
    }
    boolean hmac = algorithm.isHmac();
    byte[] secret = new byte[0];
    if (hmac) {
      for (String n :
          List.of(PARAM_SIGNING_KEY, PARAM_PUBLIC_KEYS, PARAM_KEYSTORE, PARAM_SIGNING_KEY_ALIAS)) {
        if (p.containsKey(n)) {
          throw new IllegalArgumentException(
              "Parameter " + n + " needs " + PARAM_ALGORITHM + " RS256 or ES256, not " + algorithm);
        }
      }
      String secretText = p.get(PARAM_SECRET);
      if (secretText == null) {
        throw new IllegalArgumentException(
            "Parameter "
                + PARAM_SECRET
                + " is required (there is no default secret); give at least "
                + algorithm.minimumSecretBytes()
                + " random bytes, e.g. ${env:JWT_AUTH_SECRET}");
      }
      secret = secretText.getBytes(StandardCharsets.UTF_8);
      if (secret.length < algorithm.minimumSecretBytes()) {
        throw new IllegalArgumentException(
            "Parameter "
                + PARAM_SECRET
                + " is too short for "
                + algorithm
                + ": it needs at least "
                + algorithm.minimumSecretBytes()
                + " bytes (RFC 7518 §3.2)");
      }
      if (distinctBytes(secret) < 8) {
        throw new IllegalArgumentException(
            "Parameter " + PARAM_SECRET + " is too weak: use random bytes, not a repeated pattern");
      }
    } else {
      if (p.containsKey(PARAM_SECRET)) {
        throw new IllegalArgumentException(
            "Parameter "
                + PARAM_SECRET
                + " is for HS algorithms; "
                + algorithm
                + " uses "
                + PARAM_SIGNING_KEY
                + " or "
                + PARAM_KEYSTORE);
      }
      boolean pem = p.containsKey(PARAM_SIGNING_KEY);
      boolean store = p.containsKey(PARAM_KEYSTORE);
      if (pem == store) {
        throw new IllegalArgumentException(
            algorithm
                + " needs exactly one of "
                + PARAM_SIGNING_KEY
                + " (PEM, e.g. file:/path/key.pem) or "
                + PARAM_KEYSTORE
                + " (PKCS#12)");
      }
      if (store && !p.containsKey(PARAM_SIGNING_KEY_ALIAS)) {
        throw new IllegalArgumentException(
            "Parameter " + PARAM_SIGNING_KEY_ALIAS + " is required with " + PARAM_KEYSTORE);
      }
      if (pem
          && (p.containsKey(PARAM_SIGNING_KEY_ALIAS) || p.containsKey(PARAM_KEYSTORE_PASSWORD))) {
        throw new IllegalArgumentException(
            "Parameters "
                + PARAM_SIGNING_KEY_ALIAS
                + " and "
                + PARAM_KEYSTORE_PASSWORD
                + " go with "
                + PARAM_KEYSTORE);
      }
    }
    Duration jwksMaxAge = duration(p, PARAM_JWKS_MAX_AGE, DEFAULT_JWKS_MAX_AGE, 0);

    Duration access = duration(p, PARAM_ACCESS_TOKEN_TTL, DEFAULT_ACCESS_TOKEN_TTL, 1);
    Duration refresh = duration(p, PARAM_REFRESH_TOKEN_TTL, DEFAULT_REFRESH_TOKEN_TTL, 1);
    if (refresh.compareTo(access) < 0) {
      throw new IllegalArgumentException(
          "Parameter "
              + PARAM_REFRESH_TOKEN_TTL
              + " must not be shorter than "
              + PARAM_ACCESS_TOKEN_TTL);
    }
    Duration leeway = duration(p, PARAM_LEEWAY, DEFAULT_LEEWAY, 0);
    if (leeway.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException(
          "Parameter " + PARAM_LEEWAY + " must be at most 10 minutes");
    }

    String basePath = p.getOrDefault(PARAM_BASE_PATH, DEFAULT_BASE_PATH);
    if (!basePath.matches("(/[A-Za-z0-9._~-]+)+")) {
      throw new IllegalArgumentException(
          "Parameter "
              + PARAM_BASE_PATH
              + " must be a path such as /jwt-auth/v1 (no trailing slash)");
    }
    int cost = integer(p, PARAM_BCRYPT_COST, DEFAULT_BCRYPT_COST, 10, 16);
    String adminRole = p.getOrDefault(PARAM_ADMIN_ROLE, DEFAULT_ADMIN_ROLE);
    List<String> candidates =
        new ArrayList<>(list(p.getOrDefault(PARAM_ROLE_CANDIDATES, DEFAULT_ROLE_CANDIDATES)));
    if (!candidates.contains(adminRole)) {
      candidates.add(adminRole);
    }
    for (String r : candidates) {
      if (r.contains(",") || r.length() > 100) {
        throw new IllegalArgumentException(
            "Parameter " + PARAM_ROLE_CANDIDATES + " has a bad role name");
      }
    }
    UrlPatterns tokenRequired;
    try {
      tokenRequired = UrlPatterns.parse(list(p.getOrDefault(PARAM_TOKEN_REQUIRED, "")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Parameter " + PARAM_TOKEN_REQUIRED + ": " + e.getMessage());
    }
    Duration cacheTtl = duration(p, PARAM_STATUS_CACHE_TTL, DEFAULT_STATUS_CACHE_TTL, 0);
    int cacheSize = integer(p, PARAM_STATUS_CACHE_SIZE, DEFAULT_STATUS_CACHE_SIZE, 1, 10_000_000);
    String userSql = p.get(PARAM_USER_SQL);
    String rolesSql = p.get(PARAM_ROLES_SQL);
    checkSql(PARAM_USER_SQL, userSql);
    checkSql(PARAM_ROLES_SQL, rolesSql);
    if (rolesSql != null && userSql == null) {
      throw new IllegalArgumentException(
          "Parameter " + PARAM_ROLES_SQL + " needs " + PARAM_USER_SQL + " as well");
    }
    String realm = p.getOrDefault(PARAM_REALM, DEFAULT_REALM);
    if (!realm.matches("[\\x20-\\x7E&&[^\"\\\\]]{1,100}")) {
      throw new IllegalArgumentException(
          "Parameter "
              + PARAM_REALM
              + " must be 1 to 100 printable ASCII characters without quotes");
    }
    int maxBody = integer(p, PARAM_MAX_BODY_SIZE, DEFAULT_MAX_BODY_SIZE, 1024, 1 << 20);
    int maxToken = integer(p, PARAM_MAX_TOKEN_SIZE, DEFAULT_MAX_TOKEN_SIZE, 512, 1 << 16);
    List<String> proxies = list(p.getOrDefault(PARAM_TRUSTED_PROXIES, ""));
    try {
      io.github.jwtauth.web.ClientAddress.of(proxies);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Parameter " + PARAM_TRUSTED_PROXIES + ": " + e.getMessage());
    }
    Duration grace = duration(p, PARAM_REFRESH_GRACE, DEFAULT_REFRESH_GRACE, 0);
    if (grace.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException(
          "Parameter " + PARAM_REFRESH_GRACE + " must be at most 5 minutes");
    }
    Duration chain = duration(p, PARAM_REFRESH_CHAIN_LIFETIME, DEFAULT_REFRESH_CHAIN_LIFETIME, 1);
    if (chain.compareTo(refresh) < 0) {
      throw new IllegalArgumentException(
          "Parameter "
              + PARAM_REFRESH_CHAIN_LIFETIME
              + " must not be shorter than "
              + PARAM_REFRESH_TOKEN_TTL);
    }
    int perKey = integer(p, PARAM_MAX_FAILURES_PER_KEY, DEFAULT_MAX_FAILURES_PER_KEY, 1, 1000);
    int perAddress =
        integer(p, PARAM_MAX_FAILURES_PER_ADDRESS, DEFAULT_MAX_FAILURES_PER_ADDRESS, 1, 100_000);
    Duration lockoutMax = duration(p, PARAM_LOCKOUT_MAX, DEFAULT_LOCKOUT_MAX, 1);
    Duration window = duration(p, PARAM_FAILURE_WINDOW, DEFAULT_FAILURE_WINDOW, 1);

    return new Settings(
        dataSource,
        jdbcUrl,
        p.get(PARAM_JDBC_USER),
        p.get(PARAM_JDBC_PASSWORD),
        bool(p, PARAM_SCHEMA_CREATE, false),
        algorithm,
        secret,
        p.getOrDefault(PARAM_ISSUER, DEFAULT_ISSUER),
        access,
        refresh,
        leeway,
        basePath,
        cost,
        adminRole,
        candidates,
        tokenRequired,
        cacheTtl,
        cacheSize,
        userSql,
        rolesSql,
        realm,
        maxBody,
        maxToken,
        proxies,
        grace,
        chain,
        perKey,
        perAddress,
        lockoutMax,
        window,
        p.get(PARAM_SIGNING_KEY),
        p.get(PARAM_PUBLIC_KEYS),
        p.get(PARAM_KEYSTORE),
        p.get(PARAM_KEYSTORE_PASSWORD),
        p.get(PARAM_SIGNING_KEY_ALIAS),
        jwksMaxAge,
        integer(p, PARAM_TOKEN_CACHE_SIZE, DEFAULT_TOKEN_CACHE_SIZE, 0, 10_000_000),
        duration(p, PARAM_SECRET_CACHE_TTL, DEFAULT_SECRET_CACHE_TTL, 0),
        integer(
            p,
            PARAM_MAX_TOKEN_REQUESTS_PER_MINUTE,
            DEFAULT_MAX_TOKEN_REQUESTS_PER_MINUTE,
            0,
            60_000),
        integer(p, PARAM_MAX_CHAINS_PER_KEY_PAIR, DEFAULT_MAX_CHAINS_PER_KEY_PAIR, 1, 100_000),
        integer(p, PARAM_MAX_KEY_PAIRS_PER_USER, DEFAULT_MAX_KEY_PAIRS_PER_USER, 1, 100_000),
        mode(p.get(PARAM_MODE), env));
  }

  /**
   * {@code jwt-auth.mode}: {@code auto}, {@code container} or {@code filter}; also read before the
   * rest of the configuration, when the container starts the web application.
   *
   * @param value the parameter as given (a reference is resolved), or null for the default
   * @throws IllegalArgumentException naming the parameter
   */
  public static String mode(String value, Function<String, String> env) {
    String v =
        value == null || value.isBlank() ? DEFAULT_MODE : resolve(PARAM_MODE, value.trim(), env);
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "auto", "container", "filter" -> v.toLowerCase(Locale.ROOT);
      default ->
          throw new IllegalArgumentException(
              "Parameter " + PARAM_MODE + " must be auto, container or filter, not '" + v + "'");
    };
  }

  /** The effective configuration for the one INFO line at start; secrets masked. */
  public String describe() {
    return "algorithm="
        + algorithm
        + ", issuer="
        + issuer
        + ", store="
        + (dataSource != null ? "jndi:" + dataSource : maskUrl(jdbcUrl))
        + ", schema-create="
        + schemaCreate
        + ", access-token-ttl="
        + accessTokenTtl.toSeconds()
        + "s, refresh-token-ttl="
        + refreshTokenTtl.toSeconds()
        + "s, leeway="
        + leeway.toSeconds()
        + "s, base-path="
        + basePath
        + ", bcrypt-cost="
        + bcryptCost
        + ", admin-role="
        + adminRole
        + ", token-required="
        + tokenRequired
        + ", status-cache-ttl="
        + statusCacheTtl.toMillis()
        + "ms, user-directory="
        + (userSql != null ? "sql" : "container")
        + ", trusted-proxies="
        + trustedProxies
        + ", refresh-grace="
        + refreshGrace.toSeconds()
        + "s, refresh-chain-lifetime="
        + refreshChainLifetime.toSeconds()
        + "s, max-failures-per-key="
        + maxFailuresPerKey
        + ", max-failures-per-address="
        + maxFailuresPerAddress
        + ", secret-cache-ttl="
        + secretCacheTtl.toSeconds()
        + "s, max-token-requests-per-minute="
        + maxTokenRequestsPerMinute
        + ", max-chains-per-key-pair="
        + maxChainsPerKeyPair
        + ", max-key-pairs-per-user="
        + maxKeyPairsPerUser
        + ", keys="
        + (signingKey != null ? "pem" : keystore != null ? "pkcs12:" + keystore : "secret")
        + ", secret=****, jdbc-password="
        + (jdbcPassword != null ? "****" : "none");
  }

  @Override
  public String toString() {
    return "Settings[" + describe() + "]";
  }

  static String maskUrl(String url) {
    // JDBC URLs may carry password=... or user:password@host (MySQL, MariaDB); never log either.
    return url.replaceAll("(?i)(password|pwd)=[^&;]*", "$1=****")
        .replaceAll("(//[^/?;@:]*:)[^/?;@]*@", "$1****@");
  }

  static String resolve(String name, String value, Function<String, String> env) {
    if (value.startsWith("${") && value.endsWith("}")) {
      String ref = value.substring(2, value.length() - 1);
      String resolved;
      if (ref.startsWith("env:")) {
        resolved = env.apply(ref.substring(4));
      } else if (ref.startsWith("sys:")) {
        resolved = System.getProperty(ref.substring(4));
      } else {
        throw new IllegalArgumentException(
            "Parameter "
                + name
                + ": unknown reference "
                + value
                + " (use ${env:NAME} or ${sys:name})");
      }
      if (resolved == null || resolved.isBlank()) {
        throw new IllegalArgumentException(
            "Parameter " + name + " refers to " + value + ", which is not set");
      }
      return resolved.trim();
    }
    if (value.startsWith("file:")) {
      try {
        String content =
            Files.readString(Path.of(value.substring(5)), StandardCharsets.UTF_8).trim();
        if (content.isEmpty()) {
          throw new IllegalArgumentException("Parameter " + name + " refers to an empty file");
        }
        return content;
      } catch (IOException | RuntimeException e) {
        if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith("Parameter")) {
          throw iae;
        }
        throw new IllegalArgumentException(
            "Parameter " + name + " refers to a file that cannot be read: " + value.substring(5));
      }
    }
    if (SECRET_NAMES.contains(name) && value.startsWith("$")) {
      throw new IllegalArgumentException(
          "Parameter "
              + name
              + " looks like a malformed reference (use ${env:NAME}, ${sys:name} or file:/path)");
    }
    return value;
  }

  /**
   * Durations: whole seconds ({@code 3600}) or with a unit ({@code 90s}, {@code 15m}, {@code 1h},
   * {@code 7d}).
   */
  static Duration duration(Map<String, String> p, String name, Duration def, long minSeconds) {
    String v = p.get(name);
    if (v == null) {
      return def;
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d{1,9})\\s*([smhd]?)")
            .matcher(v.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "Parameter "
              + name
              + " must be a duration such as 3600, 90s, 15m, 1h or 7d, not '"
              + v
              + "'");
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          case "d" -> Duration.ofDays(n);
          default -> Duration.ofSeconds(n);
        };
    if (d.toSeconds() < minSeconds || d.compareTo(Duration.ofDays(3650)) > 0) {
      throw new IllegalArgumentException(
          "Parameter " + name + " must be between " + minSeconds + " seconds and 10 years");
    }
    return d;
  }

  private static int integer(Map<String, String> p, String name, int def, int min, int max) {
    String v = p.get(name);
    if (v == null) {
      return def;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Parameter "
              + name
              + " must be a whole number from "
              + min
              + " to "
              + max
              + ", not '"
              + v
              + "'");
    }
  }

  private static boolean bool(Map<String, String> p, String name, boolean def) {
    String v = p.get(name);
    if (v == null) {
      return def;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("Parameter " + name + " must be true or false");
    };
  }

  private static List<String> list(String v) {
    List<String> out = new ArrayList<>();
    for (String s : v.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return new ArrayList<>(new LinkedHashSet<>(out));
  }

  private static void checkSql(String name, String sql) {
    if (sql == null) {
      return;
    }
    long marks = sql.chars().filter(c -> c == '?').count();
    if (marks != 1 || !sql.trim().toLowerCase(Locale.ROOT).startsWith("select")) {
      throw new IllegalArgumentException(
          "Parameter " + name + " must be one SELECT with exactly one ? for the login");
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

  private static List<String> sorted(Set<String> s) {
    String[] a = s.toArray(new String[0]);
    Arrays.sort(a);
    return List.of(a);
  }
}
