package io.github.jwtauth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwtauth.keys.SigningAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  static final String SECRET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEF";

  static Map<String, String> base() {
    Map<String, String> m = new HashMap<>();
    m.put("jwt-auth.jdbc-url", "jdbc:h2:mem:x");
    m.put("jwt-auth.secret", SECRET);
    return m;
  }

  static String failure(Map<String, String> m) {
    return assertThrows(IllegalArgumentException.class, () -> Settings.parse(m, n -> null))
        .getMessage();
  }

  @Test
  void whenBasePathReadAloneThenDefaultTrimmedOrRefused() {
    assertEquals("/jwt-auth/v1", Settings.basePath(null, n -> null));
    assertEquals("/auth", Settings.basePath(" /auth ", n -> null));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Settings.basePath("/auth/", n -> null));
    assertTrue(e.getMessage().contains("jwt-auth.base-path"), e.getMessage());
  }

  @Test
  void whenMinimalThenDefaults() {
    Settings s = Settings.parse(base(), n -> null);
    assertEquals(SigningAlgorithm.HS256, s.algorithm());
    assertEquals("jwt-auth", s.issuer());
    assertEquals(Duration.ofHours(1), s.accessTokenTtl());
    assertEquals(Duration.ofDays(14), s.refreshTokenTtl());
    assertEquals(Duration.ofSeconds(30), s.leeway());
    assertEquals("/jwt-auth/v1", s.basePath());
    assertEquals(10, s.bcryptCost());
    assertEquals(Duration.ofSeconds(5), s.statusCacheTtl());
    assertTrue(s.roleCandidates().contains("administrator"));
    assertTrue(s.tokenRequired().isEmpty());
    assertFalse(s.schemaCreate());
  }

  @Test
  void whenUnknownParameterThenItIsNamed() {
    Map<String, String> m = base();
    m.put("jwt-auth.secert", "x");
    assertTrue(failure(m).startsWith("Unknown parameter jwt-auth.secert"));
  }

  @Test
  void whenNoSecretThenRefusedWithoutDefault() {
    Map<String, String> m = base();
    m.remove("jwt-auth.secret");
    assertTrue(failure(m).contains("jwt-auth.secret is required"));
  }

  @Test
  void whenSecretShorterThanHashThenRefused() {
    Map<String, String> m = base();
    m.put("jwt-auth.secret", SECRET.substring(0, 31));
    assertTrue(failure(m).contains("jwt-auth.secret is too short for HS256"));
    m.put("jwt-auth.secret", SECRET);
    m.put("jwt-auth.algorithm", "HS384");
    assertTrue(failure(m).contains("at least 48 bytes"));
  }

  @Test
  void whenSecretIsRepeatedPatternThenRefused() {
    Map<String, String> m = base();
    m.put("jwt-auth.secret", "a".repeat(64));
    assertTrue(failure(m).contains("jwt-auth.secret is too weak"));
  }

  @Test
  void whenAlgorithmNoneOrUnknownThenRefused() {
    Map<String, String> m = base();
    m.put("jwt-auth.algorithm", "none");
    assertTrue(failure(m).contains("jwt-auth.algorithm"));
    m.put("jwt-auth.algorithm", "PS256");
    assertTrue(failure(m).contains("jwt-auth.algorithm"));
  }

  @Test
  void whenAsymmetricAlgorithmThenKeysRequiredAndSecretRefused() {
    Map<String, String> m = base();
    m.put("jwt-auth.algorithm", "ES256");
    assertTrue(failure(m).startsWith("Parameter jwt-auth.secret is for HS algorithms"));
    m.remove("jwt-auth.secret");
    assertTrue(failure(m).contains("needs exactly one of jwt-auth.signing-key"));
    m.put("jwt-auth.keystore", "/x.p12");
    assertTrue(failure(m).contains("jwt-auth.signing-key-alias is required"));
    m.put("jwt-auth.signing-key-alias", "k");
    Settings.parse(m, n -> null);
  }

  @Test
  void whenSigningKeyWithHmacThenRefused() {
    Map<String, String> m = base();
    m.put("jwt-auth.signing-key", "-----BEGIN PRIVATE KEY-----");
    assertTrue(
        failure(m)
            .startsWith("Parameter jwt-auth.signing-key needs jwt-auth.algorithm RS256 or ES256"));
  }

  @Test
  void whenDurationsWithUnitsThenParsed() {
    Map<String, String> m = base();
    m.put("jwt-auth.access-token-ttl", "15m");
    m.put("jwt-auth.refresh-token-ttl", "7d");
    m.put("jwt-auth.leeway", "0");
    m.put("jwt-auth.status-cache-ttl", "0");
    m.put("jwt-auth.secret-cache-ttl", "0");
    Settings s = Settings.parse(m, n -> null);
    assertEquals(Duration.ofMinutes(15), s.accessTokenTtl());
    assertEquals(Duration.ofDays(7), s.refreshTokenTtl());
    assertEquals(Duration.ZERO, s.leeway());
    assertEquals(Duration.ZERO, s.statusCacheTtl());
    assertEquals(Duration.ZERO, s.secretCacheTtl());
  }

  @Test
  void whenSecretCacheTtlIsNotGivenThenFiveMinutes() {
    assertEquals(Duration.ofMinutes(5), Settings.parse(base(), n -> null).secretCacheTtl());
    Map<String, String> m = base();
    m.put("jwt-auth.secret-cache-ttl", "-1s");
    assertTrue(failure(m).startsWith("Parameter jwt-auth.secret-cache-ttl"), failure(m));
  }

  @Test
  void whenBadDurationThenNamed() {
    Map<String, String> m = base();
    m.put("jwt-auth.access-token-ttl", "soon");
    assertTrue(failure(m).startsWith("Parameter jwt-auth.access-token-ttl must be a duration"));
    m.put("jwt-auth.access-token-ttl", "0");
    assertTrue(failure(m).startsWith("Parameter jwt-auth.access-token-ttl must be between"));
  }

  @Test
  void whenRefreshShorterThanAccessThenRefused() {
    Map<String, String> m = base();
    m.put("jwt-auth.access-token-ttl", "2h");
    m.put("jwt-auth.refresh-token-ttl", "1h");
    assertTrue(failure(m).contains("jwt-auth.refresh-token-ttl"));
  }

  @Test
  void whenBcryptCostBelowTenThenRefused() {
    Map<String, String> m = base();
    m.put("jwt-auth.bcrypt-cost", "4");
    assertTrue(
        failure(m)
            .startsWith("Parameter jwt-auth.bcrypt-cost must be a whole number from 10 to 16"));
  }

  @Test
  void whenNoStoreOrBothThenRefused() {
    Map<String, String> m = base();
    m.remove("jwt-auth.jdbc-url");
    assertTrue(failure(m).contains("jwt-auth.datasource"));
    m.put("jwt-auth.jdbc-url", "jdbc:h2:mem:x");
    m.put("jwt-auth.datasource", "jdbc/x");
    assertTrue(failure(m).contains("exclude each other"));
  }

  @Test
  void whenEnvSysAndFileReferencesThenResolved(@TempDir Path dir) throws Exception {
    Map<String, String> m = base();
    m.put("jwt-auth.secret", "${env:MY_SECRET}");
    assertEquals(
        SECRET, new String(Settings.parse(m, n -> n.equals("MY_SECRET") ? SECRET : null).secret()));
    System.setProperty("jwtauth.test.secret", SECRET);
    m.put("jwt-auth.secret", "${sys:jwtauth.test.secret}");
    assertEquals(SECRET, new String(Settings.parse(m, n -> null).secret()));
    Path f = dir.resolve("secret");
    Files.writeString(f, SECRET + "\n");
    m.put("jwt-auth.secret", "file:" + f);
    assertEquals(SECRET, new String(Settings.parse(m, n -> null).secret()));
  }

  @Test
  void whenReferenceMissingThenNamed() {
    Map<String, String> m = base();
    m.put("jwt-auth.secret", "${env:NOT_SET_ANYWHERE}");
    assertEquals(
        "Parameter jwt-auth.secret refers to ${env:NOT_SET_ANYWHERE}, which is not set",
        failure(m));
    m.put("jwt-auth.secret", "file:/nonexistent/secret");
    assertTrue(
        failure(m).startsWith("Parameter jwt-auth.secret refers to a file that cannot be read"));
    m.put("jwt-auth.secret", "${vault:x}");
    assertTrue(failure(m).contains("unknown reference"));
  }

  @Test
  void whenDescribedThenSecretsMasked() {
    Map<String, String> m = base();
    m.put("jwt-auth.jdbc-url", "jdbc:postgresql://db/x?user=a&password=hunter2");
    m.put("jwt-auth.jdbc-password", "hunter2");
    String d = Settings.parse(m, n -> null).describe();
    assertFalse(d.contains("hunter2"), d);
    assertFalse(d.contains(SECRET), d);
    assertFalse(Settings.parse(m, n -> null).toString().contains(SECRET));
  }

  /** Security review, item 11: MySQL and MariaDB URLs may carry {@code user:password@host}. */
  @Test
  void whenJdbcUrlCarriesUserInfoThenThePasswordIsMasked() {
    assertEquals(
        "jdbc:mysql://app:****@db:3306/x", Settings.maskUrl("jdbc:mysql://app:hunter2@db:3306/x"));
    assertEquals(
        "jdbc:mariadb://app:****@db/x?password=****",
        Settings.maskUrl("jdbc:mariadb://app:s3cr3t@db/x?password=hunter2"));
    assertEquals(
        "jdbc:mysql://db1:3306,db2:3306/x", Settings.maskUrl("jdbc:mysql://db1:3306,db2:3306/x"));
    assertEquals("jdbc:h2:mem:x;PASSWORD=****", Settings.maskUrl("jdbc:h2:mem:x;PASSWORD=pw"));
    Map<String, String> m = base();
    m.put("jwt-auth.jdbc-url", "jdbc:mysql://app:hunter2@db:3306/x");
    String d = Settings.parse(m, n -> null).describe();
    assertFalse(d.contains("hunter2"), d);
    assertTrue(d.contains("jdbc-url=jdbc:mysql://app:****@db:3306/x"), d);
  }

  @Test
  void whenTheBoundsAreNotGivenThenTheirDefaultsAndTheyAreDescribed() {
    Settings s = Settings.parse(base(), n -> null);
    assertEquals(60, s.maxTokenRequestsPerMinute());
    assertEquals(100, s.maxChainsPerKeyPair());
    assertEquals(100, s.maxKeyPairsPerUser());
    assertTrue(
        s.describe()
            .contains(
                "max-token-requests-per-minute=60, max-chains-per-key-pair=100,"
                    + " max-key-pairs-per-user=100"),
        s::describe);
    Map<String, String> m = base();
    m.put("jwt-auth.max-token-requests-per-minute", "0");
    assertEquals(0, Settings.parse(m, n -> null).maxTokenRequestsPerMinute());
    m.put("jwt-auth.max-chains-per-key-pair", "0");
    assertTrue(
        failure(m).startsWith("Parameter jwt-auth.max-chains-per-key-pair must be a whole number"));
    m.remove("jwt-auth.max-chains-per-key-pair");
    m.put("jwt-auth.max-key-pairs-per-user", "-1");
    assertTrue(
        failure(m).startsWith("Parameter jwt-auth.max-key-pairs-per-user must be a whole number"));
  }

  @Test
  void whenBadTokenRequiredPatternThenNamed() {
    Map<String, String> m = base();
    m.put("jwt-auth.token-required", "/api/*, api");
    assertTrue(failure(m).startsWith("Parameter jwt-auth.token-required"));
  }

  @Test
  void whenRolesSqlWithoutUserSqlThenRefused() {
    Map<String, String> m = base();
    m.put("jwt-auth.roles-sql", "SELECT role FROM r WHERE login = ?");
    assertTrue(failure(m).contains("jwt-auth.roles-sql needs jwt-auth.user-sql"));
    m.put("jwt-auth.user-sql", "DELETE FROM users");
    assertTrue(failure(m).contains("jwt-auth.user-sql must be one SELECT"));
  }

  @Test
  void whenBasePathMalformedThenRefused() {
    Map<String, String> m = base();
    m.put("jwt-auth.base-path", "/api/");
    assertTrue(failure(m).startsWith("Parameter jwt-auth.base-path"));
  }

  @Test
  void whenDescribedThenEveryParamIsNamedInTableOrderWithItsDefault() {
    String d = Settings.parse(base(), n -> null).describe();
    String entries = ", " + d + ", ";
    int last = -1;
    for (Param p : Param.values()) {
      String entry = ", " + p.shortName() + "=";
      int at = entries.indexOf(entry);
      assertTrue(at > last, () -> p + " missing or out of order: " + d);
      last = at;
      if (p.defaultText() != null) {
        assertTrue(entries.contains(entry + p.defaultText() + ", "), () -> p + " default: " + d);
      }
    }
    assertTrue(d.contains(", secret=****, "), d);
    assertTrue(d.contains(", jdbc-password=none, "), d);
    assertTrue(d.contains(", token-required=none, "), d);
  }

  @Test
  void whenEverySecretIsSetThenDescribeNeverShowsOne() {
    String marker = "MARKER-0123456789abcdefghijklmnopqrstuvwxyz";
    Map<String, String> hmac = base();
    hmac.put("jwt-auth.secret", marker + "-secret");
    hmac.put("jwt-auth.jdbc-user", "app");
    hmac.put("jwt-auth.jdbc-password", marker + "-jdbc-password");
    Map<String, String> pem = base();
    pem.remove("jwt-auth.secret");
    pem.put("jwt-auth.algorithm", "RS256");
    pem.put("jwt-auth.signing-key", marker + "-signing-key");
    pem.put("jwt-auth.public-keys", "-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----");
    Map<String, String> keystore = base();
    keystore.remove("jwt-auth.secret");
    keystore.put("jwt-auth.algorithm", "ES256");
    keystore.put("jwt-auth.keystore", "/etc/jwt-auth/keys.p12");
    keystore.put("jwt-auth.keystore-password", marker + "-keystore-password");
    keystore.put("jwt-auth.signing-key-alias", "signing");
    for (Map<String, String> m : java.util.List.of(hmac, pem, keystore)) {
      Settings s = Settings.parse(m, n -> null);
      for (String text : new String[] {s.describe(), s.toString()}) {
        assertFalse(text.contains("MARKER"), text);
        for (Param p : Param.values()) {
          if (p.isSecret()) {
            assertTrue(
                text.contains(p.shortName() + "=****") || text.contains(p.shortName() + "=none"),
                () -> p + ": " + text);
          }
        }
      }
    }
    assertTrue(Settings.parse(hmac, n -> null).describe().contains("jdbc-password=****, "));
    String d = Settings.parse(pem, n -> null).describe();
    assertTrue(d.contains("secret=none, signing-key=****, "), d);
    assertTrue(d.contains("public-keys=1 PEM key(s), "), d);
    d = Settings.parse(keystore, n -> null).describe();
    assertTrue(d.contains("keystore=/etc/jwt-auth/keys.p12, keystore-password=****, "), d);
  }

  @Test
  void whenDataSourceThenDescribedByItsJndiName() {
    Map<String, String> m = base();
    m.remove("jwt-auth.jdbc-url");
    m.put("jwt-auth.datasource", "jdbc/jwtauth");
    String d = Settings.parse(m, n -> null).describe();
    assertTrue(d.startsWith("datasource=jdbc/jwtauth, jdbc-url=none, "), d);
  }

  @Test
  void whenValuesAreGivenThenDescribeShowsThemAsTheyWouldBeReadBack() {
    Map<String, String> m = base();
    m.put("jwt-auth.access-token-ttl", "900");
    m.put("jwt-auth.refresh-grace", "90");
    m.put("jwt-auth.role-candidates", "user, editor, user");
    m.put("jwt-auth.token-required", "/api/*, *.json");
    m.put("jwt-auth.trusted-proxies", "10.0.0.0/8");
    String d = Settings.parse(m, n -> null).describe();
    assertTrue(d.contains("access-token-ttl=15m, "), d);
    assertTrue(d.contains("refresh-grace=90s, "), d);
    assertTrue(d.contains("role-candidates=user,editor,administrator, "), d);
    assertTrue(d.contains("token-required=/api/*,*.json, "), d);
    assertTrue(d.contains("trusted-proxies=10.0.0.0/8, "), d);
  }

  @Test
  void whenCorsOriginsNotGivenThenCorsIsOff() {
    Settings s = Settings.parse(base(), n -> null);
    assertEquals(List.of(), s.corsAllowedOrigins());
    assertTrue(s.describe().contains(", cors-allowed-origins=none"), s::describe);
  }

  @Test
  void whenKeyPairLifetimesNotGivenThenKeyPairsNeverExpireByDefault() {
    Settings s = Settings.parse(base(), n -> null);
    assertNull(s.keyPairMaxLifetime());
    assertNull(s.keyPairDefaultLifetime());
    assertTrue(
        s.describe().contains(", key-pair-max-lifetime=none, key-pair-default-lifetime=none"),
        s::describe);
  }

  @Test
  void whenKeyPairLifetimesGivenThenParsedAsDurations() {
    Map<String, String> m = base();
    m.put("jwt-auth.key-pair-max-lifetime", "90d");
    m.put("jwt-auth.key-pair-default-lifetime", "30d");
    Settings s = Settings.parse(m, n -> null);
    assertEquals(Duration.ofDays(90), s.keyPairMaxLifetime());
    assertEquals(Duration.ofDays(30), s.keyPairDefaultLifetime());
    assertTrue(
        s.describe().contains(", key-pair-max-lifetime=90d, key-pair-default-lifetime=30d"),
        s::describe);
  }

  @Test
  void whenDefaultKeyPairLifetimeExceedsTheMaximumThenStartFails() {
    Map<String, String> m = base();
    m.put("jwt-auth.key-pair-max-lifetime", "30d");
    m.put("jwt-auth.key-pair-default-lifetime", "31d");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Settings.parse(m, n -> null));
    assertEquals(
        "Parameter jwt-auth.key-pair-default-lifetime must not be longer than"
            + " jwt-auth.key-pair-max-lifetime",
        e.getMessage());
  }

  @Test
  void whenKeyPairLifetimeIsMalformedOrTooShortThenStartFails() {
    Map<String, String> m = base();
    m.put("jwt-auth.key-pair-max-lifetime", "soon");
    assertEquals(
        "Parameter jwt-auth.key-pair-max-lifetime must be a duration such as 3600, 90s, 15m, 1h"
            + " or 7d, not 'soon'",
        assertThrows(IllegalArgumentException.class, () -> Settings.parse(m, n -> null))
            .getMessage());
    m.put("jwt-auth.key-pair-max-lifetime", "30s");
    assertEquals(
        "Parameter jwt-auth.key-pair-max-lifetime must be between 60 seconds and 10 years",
        assertThrows(IllegalArgumentException.class, () -> Settings.parse(m, n -> null))
            .getMessage());
  }

  @Test
  void whenIntrospectionRoleNotGivenThenTheEndpointIsOff() {
    Settings s = Settings.parse(base(), n -> null);
    assertEquals(null, s.introspectionRole());
    assertTrue(s.describe().endsWith(", introspection-role=none"), s::describe);
    Map<String, String> raw = new java.util.HashMap<>(base());
    raw.put("jwt-auth.introspection-role", " resource-server ");
    assertEquals("resource-server", Settings.parse(raw, n -> null).introspectionRole());
  }

  @Test
  void whenCorsOriginsGivenThenKeptAsBrowsersSerialiseThem() {
    Map<String, String> m = base();
    m.put(
        "jwt-auth.cors-allowed-origins",
        "https://App.Example.com, http://localhost:5173, https://a.example:443, http://b:80,"
            + " http://[::1]:8080, capacitor://localhost, https://app.example.com");
    Settings s = Settings.parse(m, n -> null);
    assertEquals(
        List.of(
            "https://app.example.com",
            "http://localhost:5173",
            "https://a.example",
            "http://b",
            "http://[::1]:8080",
            "capacitor://localhost"),
        s.corsAllowedOrigins());
    m.put("jwt-auth.cors-allowed-origins", " * ");
    assertEquals(List.of("*"), Settings.parse(m, n -> null).corsAllowedOrigins());
  }

  @Test
  void whenCorsOriginIsNotAnOriginThenNamed() {
    for (String bad :
        List.of(
            "https://app.example.com/",
            "https://app.example.com/app",
            "app.example.com",
            "https://user@app.example.com",
            "https://app.example.com?x",
            "https://app.example.com:0",
            "https://app.example.com:70000",
            "https://",
            "null")) {
      Map<String, String> m = base();
      m.put("jwt-auth.cors-allowed-origins", "https://ok.example, " + bad);
      assertEquals(
          "Parameter jwt-auth.cors-allowed-origins has '"
              + bad
              + "', which is not an origin: give scheme://host[:port] without a path or a"
              + " trailing slash, e.g. https://app.example.com",
          failure(m),
          bad);
    }
  }

  @Test
  void whenCorsStarIsMixedWithOriginsThenRefused() {
    Map<String, String> m = base();
    m.put("jwt-auth.cors-allowed-origins", "*, https://app.example.com");
    assertEquals(
        "Parameter jwt-auth.cors-allowed-origins must be * alone or a list of origins, not both",
        failure(m));
  }
}
