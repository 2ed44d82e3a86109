package io.github.jwtauth.config;

import io.github.jwtauth.JwtAuthFilter;
import io.github.jwtauth.TokenServlet;
import io.github.jwtauth.keys.SigningAlgorithm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * The immutable configuration of one web application, read once at start from {@code jwt-auth.*}
 * context-params and the init-params of {@link JwtAuthFilter} and {@link TokenServlet}. The
 * parameters, their defaults and how each is parsed are the {@link Param} table (the README's
 * "Configuration" section explains each). Every value is validated here, on its own and then with
 * the others ({@link Rules}); an unknown name, a bad value or a weak secret throws {@link
 * IllegalArgumentException} naming the parameter, which stops the webapp.
 *
 * <p>Any value may be a reference instead of a literal: {@code ${env:NAME}} (environment variable),
 * {@code ${sys:name}} (system property) or {@code file:/path} (file content, trimmed).
 *
 * <p>Immutable and thread-safe.
 */
public final class Settings {
  public static final String PREFIX = "jwt-auth.";

  /** The bcrypt costs jwt-auth accepts (the admin CLI's {@code --bcrypt-cost} too). */
  public static final int MIN_BCRYPT_COST = 10;

  public static final int MAX_BCRYPT_COST = 16;
  public static final int DEFAULT_BCRYPT_COST = 10;
  // Names other packages put in their messages; the table is Param.
  public static final String PARAM_DATASOURCE = Param.DATASOURCE.paramName();
  public static final String PARAM_BASE_PATH = Param.BASE_PATH.paramName();
  public static final String PARAM_SIGNING_KEY = Param.SIGNING_KEY.paramName();
  public static final String PARAM_PUBLIC_KEYS = Param.PUBLIC_KEYS.paramName();
  public static final String PARAM_KEYSTORE = Param.KEYSTORE.paramName();
  public static final String PARAM_MODE = Param.MODE.paramName();

  /** Each parameter's typed value, as its parser made it; null for an absent optional value. */
  private final Map<Param, Object> values;

  private Settings(Map<Param, Object> values) {
    this.values = Collections.unmodifiableMap(new EnumMap<>(values));
  }

  /**
   * Reads and validates the parameters.
   *
   * @param raw every {@code jwt-auth.*} parameter given, unresolved
   * @param env environment lookup (for {@code ${env:…}})
   * @throws IllegalArgumentException naming the parameter at fault
   */
  public static Settings parse(Map<String, String> raw, Function<String, String> env) {
    Map<Param, String> given = new EnumMap<>(Param.class);
    for (Map.Entry<String, String> e : raw.entrySet()) {
      Param p = Param.named(e.getKey());
      String v = e.getValue() == null ? "" : e.getValue().trim();
      if (!v.isEmpty()) {
        given.put(p, References.resolve(p, v, env));
      }
    }
    Map<Param, Object> values = new EnumMap<>(Param.class);
    for (Param p : Param.values()) {
      values.put(p, p.parse(given.get(p)));
    }
    values.put(Param.ROLE_CANDIDATES, withAdminRole(values));
    Settings s = new Settings(values);
    Rules.check(s);
    return s;
  }

  /** The admin role is always a candidate: an administrator's key-pairs carry it. */
  @SuppressWarnings("unchecked")
  private static List<String> withAdminRole(Map<Param, Object> values) {
    List<String> roles = new ArrayList<>((List<String>) values.get(Param.ROLE_CANDIDATES));
    String admin = (String) values.get(Param.ADMIN_ROLE);
    if (!roles.contains(admin)) {
      roles.add(admin);
    }
    return List.copyOf(roles);
  }

  @SuppressWarnings("unchecked")
  private <T> T get(Param p) {
    return (T) values.get(p);
  }

  /** Whether the parameter has a value (given or by default); an empty list counts as none. */
  boolean isSet(Param p) {
    Object v = values.get(p);
    return v != null && !(v instanceof List<?> l && l.isEmpty());
  }

  public String dataSource() {
    return get(Param.DATASOURCE);
  }

  public String jdbcUrl() {
    return get(Param.JDBC_URL);
  }

  public String jdbcUser() {
    return get(Param.JDBC_USER);
  }

  public String jdbcPassword() {
    return get(Param.JDBC_PASSWORD);
  }

  public boolean schemaCreate() {
    return get(Param.SCHEMA_CREATE);
  }

  public SigningAlgorithm algorithm() {
    return get(Param.ALGORITHM);
  }

  /** The HMAC secret's bytes (a copy); empty for RS256/ES256. */
  public byte[] secret() {
    byte[] secret = get(Param.SECRET);
    return secret == null ? new byte[0] : secret.clone();
  }

  public String signingKey() {
    return get(Param.SIGNING_KEY);
  }

  public String keystore() {
    return get(Param.KEYSTORE);
  }

  public String keystorePassword() {
    return get(Param.KEYSTORE_PASSWORD);
  }

  public String signingKeyAlias() {
    return get(Param.SIGNING_KEY_ALIAS);
  }

  public String publicKeys() {
    return get(Param.PUBLIC_KEYS);
  }

  public Duration jwksMaxAge() {
    return get(Param.JWKS_MAX_AGE);
  }

  public String issuer() {
    return get(Param.ISSUER);
  }

  public Duration accessTokenTtl() {
    return get(Param.ACCESS_TOKEN_TTL);
  }

  public Duration refreshTokenTtl() {
    return get(Param.REFRESH_TOKEN_TTL);
  }

  public Duration leeway() {
    return get(Param.LEEWAY);
  }

  public String basePath() {
    return get(Param.BASE_PATH);
  }

  public int bcryptCost() {
    return get(Param.BCRYPT_COST);
  }

  public String adminRole() {
    return get(Param.ADMIN_ROLE);
  }

  /** The role candidates, the admin role always among them. */
  public List<String> roleCandidates() {
    return get(Param.ROLE_CANDIDATES);
  }

  public UrlPatterns tokenRequired() {
    return get(Param.TOKEN_REQUIRED);
  }

  public Duration statusCacheTtl() {
    return get(Param.STATUS_CACHE_TTL);
  }

  public int statusCacheSize() {
    return get(Param.STATUS_CACHE_SIZE);
  }

  public int tokenCacheSize() {
    return get(Param.TOKEN_CACHE_SIZE);
  }

  public String userSql() {
    return get(Param.USER_SQL);
  }

  public String rolesSql() {
    return get(Param.ROLES_SQL);
  }

  public String realm() {
    return get(Param.REALM);
  }

  public int maxBodySize() {
    return get(Param.MAX_BODY_SIZE);
  }

  public int maxTokenSize() {
    return get(Param.MAX_TOKEN_SIZE);
  }

  public List<String> trustedProxies() {
    return get(Param.TRUSTED_PROXIES);
  }

  public Duration refreshGrace() {
    return get(Param.REFRESH_GRACE);
  }

  public Duration refreshChainLifetime() {
    return get(Param.REFRESH_CHAIN_LIFETIME);
  }

  public int maxFailuresPerKey() {
    return get(Param.MAX_FAILURES_PER_KEY);
  }

  public int maxFailuresPerAddress() {
    return get(Param.MAX_FAILURES_PER_ADDRESS);
  }

  public Duration lockoutMax() {
    return get(Param.LOCKOUT_MAX);
  }

  public Duration failureWindow() {
    return get(Param.FAILURE_WINDOW);
  }

  public int maxTokenRequestsPerMinute() {
    return get(Param.MAX_TOKEN_REQUESTS_PER_MINUTE);
  }

  public int maxChainsPerKeyPair() {
    return get(Param.MAX_CHAINS_PER_KEY_PAIR);
  }

  public int maxKeyPairsPerUser() {
    return get(Param.MAX_KEY_PAIRS_PER_USER);
  }

  public Duration secretCacheTtl() {
    return get(Param.SECRET_CACHE_TTL);
  }

  /** {@code auto}, {@code container} or {@code filter}. */
  public String mode() {
    return get(Param.MODE);
  }

  /**
   * The origins allowed to call from a browser page on another origin (CORS): exact origins in
   * lower case without a default port, or {@code *} alone; empty when CORS is off.
   */
  /** The longest lifetime of a new key-pair, or null for no cap. */
  public Duration keyPairMaxLifetime() {
    return get(Param.KEY_PAIR_MAX_LIFETIME);
  }

  /** The lifetime of a new key-pair created without an expiry, or null for none. */
  public Duration keyPairDefaultLifetime() {
    return get(Param.KEY_PAIR_DEFAULT_LIFETIME);
  }

  public List<String> corsAllowedOrigins() {
    return get(Param.CORS_ALLOWED_ORIGINS);
  }

  /**
   * The role a key-pair's user must hold to call the introspection endpoint (RFC 7662), or null
   * when the endpoint is off.
   */
  public String introspectionRole() {
    return get(Param.INTROSPECTION_ROLE);
  }

  /**
   * {@code jwt-auth.mode} alone, read before the rest of the configuration, when the container
   * starts the web application.
   *
   * @param value the parameter as given (a reference is resolved), or null for the default
   * @throws IllegalArgumentException naming the parameter
   */
  public static String mode(String value, Function<String, String> env) {
    return alone(Param.MODE, value, env);
  }

  /**
   * {@code jwt-auth.base-path} alone, read when the container starts the web application, for
   * mapping TokenServlet there.
   *
   * @param value the parameter as given, or null for the default
   * @throws IllegalArgumentException naming the parameter
   */
  public static String basePath(String value, Function<String, String> env) {
    return alone(Param.BASE_PATH, value, env);
  }

  private static String alone(Param p, String value, Function<String, String> env) {
    String v = value == null || value.isBlank() ? null : References.resolve(p, value.trim(), env);
    return (String) p.parse(v);
  }

  /**
   * The effective configuration for the one INFO line at start: every parameter in table order,
   * defaults included; a secret shows as {@code ****} when set, and a JDBC URL without its
   * password.
   */
  public String describe() {
    StringJoiner line = new StringJoiner(", ");
    for (Param p : Param.values()) {
      line.add(p.shortName() + "=" + shown(p));
    }
    return line.toString();
  }

  private String shown(Param p) {
    Object v = values.get(p);
    if (!isSet(p)) {
      return "none";
    } else if (p.isSecret()) {
      return "****";
    } else if (p == Param.JDBC_URL) {
      return maskUrl((String) v);
    } else if (p == Param.PUBLIC_KEYS) {
      return ((String) v).split("-----BEGIN ", -1).length - 1 + " PEM key(s)";
    } else if (v instanceof Duration d) {
      return Parsers.format(d);
    } else if (v instanceof List<?> l) {
      return String.join(",", l.stream().map(String::valueOf).toList());
    }
    return String.valueOf(v);
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
}
