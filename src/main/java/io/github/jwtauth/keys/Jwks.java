package io.github.jwtauth.keys;

import io.github.jwtauth.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Public keys as JSON Web Keys: the JWK Set a deployment publishes (RFC 7517 §5), each key with its
 * RFC 7518 §6 members and {@code kid}, {@code alg}, {@code use: sig}; and the RFC 7638 thumbprint
 * that serves as {@code kid} for PEM keys. Only RSA and EC P-256 public keys, which {@link
 * KeyRules} has already admitted.
 *
 * <p>Stateless and thread-safe.
 */
final class Jwks {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Jwks() {}

  /** The JWK Set of these keys by {@code kid}, in map order; {@code {"keys":[]}} for none. */
  static JsonObject of(SigningAlgorithm alg, Map<String, PublicKey> byKid) {
    JsonArrayBuilder keys = Json.array();
    byKid.forEach((kid, key) -> keys.add(jwk(alg, kid, key)));
    return Json.object().add("keys", keys).build();
  }

  private static JsonObject jwk(SigningAlgorithm alg, String kid, PublicKey key) {
    JsonObjectBuilder b = Json.object();
    members(key).forEach(b::add);
    return b.add("kid", kid).add("alg", alg.name()).add("use", "sig").build();
  }

  /**
   * RFC 7638 JWK thumbprint: base64url SHA-256 of the required members in lexicographic order,
   * without whitespace (§3.2).
   */
  static String thumbprint(PublicKey key) {
    String canonical =
        new TreeMap<>(members(key))
            .entrySet().stream()
                .map(m -> "\"" + m.getKey() + "\":\"" + m.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    try {
      return B64.encodeToString(
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The required members of the key's JWK (RFC 7518 §6.2.1, §6.3.1), {@code kty} first. */
  private static Map<String, String> members(PublicKey key) {
    Map<String, String> m = new LinkedHashMap<>();
    if (key instanceof RSAPublicKey rsa) {
      m.put("kty", "RSA");
      m.put("n", unsigned(rsa.getModulus(), 0));
      m.put("e", unsigned(rsa.getPublicExponent(), 0));
    } else {
      ECPublicKey ec = (ECPublicKey) key;
      m.put("kty", "EC");
      m.put("crv", "P-256");
      m.put("x", unsigned(ec.getW().getAffineX(), 32));
      m.put("y", unsigned(ec.getW().getAffineY(), 32));
    }
    return m;
  }

  /**
   * Base64url of a big-endian unsigned integer (RFC 7518 §2 Base64urlUInt), left-padded to {@code
   * size} bytes.
   */
  private static String unsigned(BigInteger n, int size) {
    byte[] b = n.toByteArray();
    int start = b.length > 1 && b[0] == 0 ? 1 : 0;
    int len = b.length - start;
    byte[] out = new byte[Math.max(len, size)];
    System.arraycopy(b, start, out, out.length - len, len);
    return B64.encodeToString(out);
  }
}
