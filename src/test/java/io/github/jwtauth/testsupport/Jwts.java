package io.github.jwtauth.testsupport;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads and forges compact JWS tokens by hand (no library between the test and the bytes), so a
 * test can make any header, any payload and any signature. Stateless, thread-safe.
 */
public final class Jwts {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder D64 = Base64.getUrlDecoder();

  private Jwts() {}

  public static JsonObject header(String token) {
    return Json.object(new String(D64.decode(token.split("\\.", -1)[0]), StandardCharsets.UTF_8));
  }

  public static JsonObject payload(String token) {
    return Json.object(new String(D64.decode(token.split("\\.", -1)[1]), StandardCharsets.UTF_8));
  }

  public static String b64(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** header.payload signed with HMAC (alg taken from the header's "alg": HS256/HS384/HS512). */
  public static String hmac(String headerJson, String payloadJson, String secret) {
    String alg = Json.object(headerJson).getString("alg");
    String signingInput = b64(headerJson) + "." + b64(payloadJson);
    return signingInput + "." + B64.encodeToString(mac(alg, secret, signingInput));
  }

  public static String hmac(JsonObject header, JsonObject payload, String secret) {
    return hmac(header.toString(), payload.toString(), secret);
  }

  /** header.payload. with an empty signature (for alg none). */
  public static String unsigned(String headerJson, String payloadJson) {
    return b64(headerJson) + "." + b64(payloadJson) + ".";
  }

  /** Whether the token's HMAC signature (alg from its header) verifies with secret. */
  public static boolean verifies(String token, String secret) {
    int dot = token.lastIndexOf('.');
    String alg = header(token).getString("alg");
    byte[] expected = mac(alg, secret, token.substring(0, dot));
    return MessageDigest.isEqual(expected, D64.decode(token.substring(dot + 1)));
  }

  private static byte[] mac(String alg, String secret, String input) {
    String javaAlg =
        switch (alg) {
          case "HS256" -> "HmacSHA256";
          case "HS384" -> "HmacSHA384";
          case "HS512" -> "HmacSHA512";
          default -> throw new IllegalArgumentException("not an HMAC alg: " + alg);
        };
    try {
      Mac mac = Mac.getInstance(javaAlg);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), javaAlg));
      return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
