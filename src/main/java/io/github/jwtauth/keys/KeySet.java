package io.github.jwtauth.keys;

import com.auth0.jwt.algorithms.Algorithm;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of one deployment: one active signing key and every key tokens may be verified with,
 * each with a {@code kid}. HMAC (HS256/384/512) uses the configured secret; RS256 and ES256 use
 * several verification keys at once, so keys rotate without downtime (publish the new public key,
 * start signing with it, retire the old one after the longest token lifetime). Public keys are
 * published as an RFC 7517 JWKS.
 *
 * <p>Key-pair sets are read by {@link PemKeys} and {@link KeystoreKeys}, which refuse weak or
 * mismatched keys; {@code core.KeyLoader} picks the source the configuration names.
 *
 * <p>Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7517">RFC 7517</a>
 */
public final class KeySet {
  private final SigningAlgorithm signingAlgorithm;
  private final Algorithm algorithm;
  private final String activeKid;
  private final Set<String> kids;
  private final JsonObject jwks;

  private KeySet(
      SigningAlgorithm signingAlgorithm,
      Algorithm algorithm,
      String activeKid,
      Set<String> kids,
      JsonObject jwks) {
    this.signingAlgorithm = signingAlgorithm;
    this.algorithm = algorithm;
    this.activeKid = activeKid;
    this.kids = Set.copyOf(kids);
    this.jwks = jwks;
  }

  /** The JWS {@code alg}. */
  public String algorithmName() {
    return signingAlgorithm.name();
  }

  /** Signs with the active key; verifies with the key its {@code kid} names. */
  public Algorithm algorithm() {
    return algorithm;
  }

  /** The {@code kid} of the active signing key. */
  public String activeKid() {
    return activeKid;
  }

  /**
   * Whether tokens naming this {@code kid} can be verified. A token without {@code kid} is verified
   * only while there is exactly one key (tokens we issue always carry one).
   */
  public boolean knows(String kid) {
    return kid == null ? kids.size() == 1 : kids.contains(kid);
  }

  /** The public keys as a JWK Set (RFC 7517 §5); empty for HMAC. */
  public JsonObject jwks() {
    return jwks;
  }

  /**
   * HMAC with a shared secret; its {@code kid} is derived from the secret without revealing it.
   *
   * @throws IllegalArgumentException for RS256 or ES256
   */
  public static KeySet hmac(SigningAlgorithm alg, byte[] secret) {
    Algorithm a =
        switch (alg) {
          case HS256 -> Algorithm.HMAC256(secret);
          case HS384 -> Algorithm.HMAC384(secret);
          case HS512 -> Algorithm.HMAC512(secret);
          default -> throw new IllegalArgumentException(alg + " takes a key pair, not a secret");
        };
    String kid;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] id = mac.doFinal("jwt-auth key id".getBytes(StandardCharsets.UTF_8));
      kid = "hs-" + Base64.getUrlEncoder().withoutPadding().encodeToString(id).substring(0, 11);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return new KeySet(alg, a, kid, Set.of(kid), Jwks.of(alg, Map.of()));
  }

  /**
   * RS256 or ES256 with keys {@link KeyRules} has checked: {@code signingKey} signs under {@code
   * activeKid}, which is among the verification keys {@code byKid} (published in map order).
   */
  static KeySet keyPairs(
      SigningAlgorithm alg, PrivateKey signingKey, String activeKid, Map<String, PublicKey> byKid) {
    return new KeySet(
        alg,
        KidKeyProvider.algorithm(alg, signingKey, activeKid, byKid),
        activeKid,
        byKid.keySet(),
        Jwks.of(alg, byKid));
  }
}
