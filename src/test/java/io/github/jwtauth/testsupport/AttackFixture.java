package io.github.jwtauth.testsupport;

import static io.github.jwtauth.testsupport.Expect.invalidToken;
import static io.github.jwtauth.testsupport.Forgery.ATTACKER_SECRET;
import static io.github.jwtauth.testsupport.Forgery.B64;
import static io.github.jwtauth.testsupport.Forgery.ec;
import static io.github.jwtauth.testsupport.Forgery.fixed;
import static io.github.jwtauth.testsupport.Forgery.rsa;
import static io.github.jwtauth.testsupport.Forgery.unsigned;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.auth0.jwt.algorithms.Algorithm;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * The deployments an attack test aims at, started once per container (Jetty 12 and Tomcat 11; the
 * subclass is a {@code @ParameterizedClass} over {@link Container.Kind}). Three deployments, each
 * with its own H2 database and a reference key-pair and access token of {@code admin}: HS256 (the
 * default), RS256 and ES256 (keys made here, so a test can sign genuine tokens and prove its
 * forgeries are sound). After every test the key-pair rows of each are unchanged and each reference
 * token still works. The attacker has RSA, EC and HMAC keys of its own. Not thread-safe.
 *
 * @see Forgery
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AttackFixture {
  public static final String SECRET = "attack-suite-hs256-secret-7Qm2Xv9Lp4Rt8Wz1Kd";
  public static final String TOKEN_ERROR = "rest_authentication_token_error";
  public static final String INVALID_KEY_PAIR = "rest_authentication_invalid_api_key_secret";
  public static final String INVALID_TYPE = "rest_authentication_invalid_token_type";
  public static final String REUSED = "rest_authentication_refresh_token_reused";
  public static final String TOO_MANY = "rest_authentication_too_many_attempts";

  /**
   * max-token-size of the HS256 deployment: small, so the library's own limit is reachable under
   * the containers' 8 KiB.
   */
  public static final int MAX_TOKEN = 4096;

  @Parameter public Container.Kind kind;

  public Container container;
  public AttackTarget hs;
  public AttackTarget rs;
  public AttackTarget es;

  /** Attackers' own keys. */
  public java.security.KeyPair attackerRsa;

  public java.security.KeyPair attackerEc;

  /** Closed after the container, as the three deployments' databases are. */
  private final List<AutoCloseable> afterContainer = new ArrayList<>();

  @BeforeParameterizedClassInvocation
  public void start() throws GeneralSecurityException {
    container = kind.start();
    attackerRsa = rsa(2048);
    attackerEc = ec();
    hs = AttackTarget.hmac(container, "attack-hs256", SECRET);
    rs = AttackTarget.asymmetric(container, "attack-rs256", "RS256", rsa(2048));
    es = AttackTarget.asymmetric(container, "attack-es256", "ES256", ec());
  }

  /** Closes c once the container is closed (for a subclass's own databases). */
  protected final <T extends AutoCloseable> T closeAfterContainer(T c) {
    afterContainer.add(c);
    return c;
  }

  @AfterParameterizedClassInvocation
  public void stop() {
    try {
      if (container != null) {
        container.close();
      }
    } finally {
      List<AutoCloseable> all = new ArrayList<>(Arrays.asList(hs, rs, es));
      all.addAll(afterContainer);
      for (AutoCloseable c : all) {
        try {
          if (c != null) {
            c.close();
          }
        } catch (Exception e) {
          System.err.println("cleanup: " + e);
        }
      }
    }
  }

  /**
   * "No state changed": the key-pair rows are as they were and every reference token still works.
   */
  @AfterEach
  public void nothingChanged() {
    for (AttackTarget t : List.of(hs, rs, es)) {
      assertEquals(
          t.rows,
          t.db.queryLong("SELECT COUNT(*) FROM jwt_auth_key_pair WHERE revoked_at IS NULL"),
          t.alg + " live key-pair rows");
      assertEquals(
          t.rows,
          t.db.queryLong("SELECT COUNT(*) FROM jwt_auth_key_pair"),
          t.alg + " key-pair rows");
      Expect.me(t.api.me(t.tokens.access()), "admin", "Bearer", true);
    }
  }

  public AttackTarget target(String alg) {
    return switch (alg) {
      case "HS256" -> hs;
      case "RS256" -> rs;
      case "ES256" -> es;
      default -> throw new IllegalArgumentException(alg);
    };
  }

  /**
   * The attacker's own signing algorithm of the given family (its own key, never the deployment's).
   */
  public Algorithm attackerAlgorithm(String alg) {
    return switch (alg) {
      case "RS256" ->
          Algorithm.RSA256(
              (RSAPublicKey) attackerRsa.getPublic(), (RSAPrivateKey) attackerRsa.getPrivate());
      case "ES256" ->
          // low s, as jwt-auth signs: refused for the key, never for how s is spelled
          Forgery.lowS(
              Algorithm.ECDSA256(
                  (ECPublicKey) attackerEc.getPublic(), (ECPrivateKey) attackerEc.getPrivate()));
      default -> Algorithm.HMAC256(ATTACKER_SECRET);
    };
  }

  public String attackerJwk(String alg, String kid) {
    return switch (alg) {
      case "RS256" -> {
        RSAPublicKey p = (RSAPublicKey) attackerRsa.getPublic();
        yield "{\"kty\":\"RSA\",\"kid\":\""
            + kid
            + "\",\"alg\":\"RS256\",\"use\":\"sig\",\"n\":\""
            + B64.encodeToString(unsigned(p.getModulus()))
            + "\",\"e\":\""
            + B64.encodeToString(unsigned(p.getPublicExponent()))
            + "\"}";
      }
      case "ES256" -> {
        ECPublicKey p = (ECPublicKey) attackerEc.getPublic();
        yield "{\"kty\":\"EC\",\"kid\":\""
            + kid
            + "\",\"alg\":\"ES256\",\"use\":\"sig\",\"crv\":\"P-256\",\"x\":\""
            + B64.encodeToString(fixed(p.getW().getAffineX(), 32))
            + "\",\"y\":\""
            + B64.encodeToString(fixed(p.getW().getAffineY(), 32))
            + "\"}";
      }
      default ->
          "{\"kty\":\"oct\",\"kid\":\""
              + kid
              + "\",\"alg\":\"HS256\",\"k\":\""
              + B64.encodeToString(ATTACKER_SECRET)
              + "\"}";
    };
  }

  /** Sends the token as Bearer to the legacy servlet and expects 401 with the given code. */
  public static void refused(AttackTarget t, String token, String code) {
    invalidToken(t.api.app("/api/me").header("Authorization", "Bearer " + token).get(), code);
  }
}
