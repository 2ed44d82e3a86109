package io.github.jwtauth.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jwtauth.config.Param;
import io.github.jwtauth.config.Settings;
import io.github.jwtauth.core.KeyLoader;
import io.github.jwtauth.store.User;
import io.github.jwtauth.token.TokenIssuer;
import io.github.jwtauth.token.TokenVerifier;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Keys, PEM text, keystores and a token issuer/verifier pair for the tests of this package. */
public final class KeyFixtures {
  public static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  public static final User ALICE = new User("alice", "alice", null, false, Set.of("user"));

  private KeyFixtures() {}

  public static KeyPair ec() throws Exception {
    return ec("secp256r1");
  }

  public static KeyPair ec(String curve) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec(curve));
    return g.generateKeyPair();
  }

  public static KeyPair rsa(int bits) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(bits);
    return g.generateKeyPair();
  }

  public static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  public static String privatePem(KeyPair kp) {
    return pem("PRIVATE KEY", kp.getPrivate().getEncoded());
  }

  public static String publicPem(KeyPair kp) {
    return pem("PUBLIC KEY", kp.getPublic().getEncoded());
  }

  /** ES256 signing with {@code signer} (private and public PEM), verifying {@code others} too. */
  public static KeySet es256(KeyPair signer, KeyPair... others) {
    StringBuilder pub = new StringBuilder();
    for (KeyPair o : others) {
      pub.append(publicPem(o));
    }
    return PemKeys.load(
        SigningAlgorithm.ES256,
        privatePem(signer) + publicPem(signer),
        pub.length() == 0 ? null : pub.toString());
  }

  /**
   * The key set the configuration names, through {@link KeyLoader} as at start-up.
   *
   * @param params {@code jwt-auth.*} parameters besides the JDBC URL
   */
  public static KeySet configured(String... params) {
    Map<String, String> m = new HashMap<>();
    m.put(Param.JDBC_URL.paramName(), "jdbc:h2:mem:keys");
    for (int i = 0; i < params.length; i += 2) {
      m.put(params[i], params[i + 1]);
    }
    return KeyLoader.load(Settings.parse(m, n -> null));
  }

  public static String token(KeySet keys) {
    return new TokenIssuer(keys, "jwt-auth", Duration.ofHours(1), CLOCK).access(ALICE, "k1", NOW);
  }

  public static TokenVerifier verifier(KeySet keys) {
    return new TokenVerifier(keys, "jwt-auth", 30, 8192, CLOCK);
  }

  /**
   * A PKCS#12 keystore made by keytool, password {@code changeit}, one EC P-256 entry per alias.
   */
  public static Path keystore(Path dir, String... aliases) throws Exception {
    Path p12 = dir.resolve("keys.p12");
    for (String alias : aliases) {
      Process proc =
          new ProcessBuilder(
                  "keytool",
                  "-genkeypair",
                  "-keystore",
                  p12.toString(),
                  "-storetype",
                  "PKCS12",
                  "-storepass",
                  "changeit",
                  "-alias",
                  alias,
                  "-keyalg",
                  "EC",
                  "-groupname",
                  "secp256r1",
                  "-dname",
                  "CN=jwt-auth",
                  "-validity",
                  "30")
              .redirectErrorStream(true)
              .start();
      assertEquals(0, proc.waitFor(), new String(proc.getInputStream().readAllBytes()));
    }
    return p12;
  }

  public static String failure(Executable e) {
    return assertThrows(IllegalArgumentException.class, e::run).getMessage();
  }

  public interface Executable {
    void run() throws Exception;
  }
}
