package io.github.jwtauth.testsupport;

import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hand-made tokens for attack tests: base64url JSON signed by a java-jwt {@link Algorithm} or by
 * the JDK's {@link Mac} under any key (so any header, payload and signature can be sent), JSON
 * rewriting, and key encodings (PEM, JWK, raw RSA modulus, uncompressed EC point) an attacker might
 * feed to a confused verifier. Stateless.
 */
public final class Forgery {
  private Forgery() {}

  public static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  public static final byte[] ATTACKER_SECRET =
      "attacker-chosen-secret-of-enough-length!!".getBytes(StandardCharsets.UTF_8);

  public static final java.util.HexFormat HEX = java.util.HexFormat.of();

  public static JsonObject with(JsonObject o, UnaryOperator<JsonObjectBuilder> change) {
    return change.apply(jakarta.json.Json.createObjectBuilder(o)).build();
  }

  public static String b64(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** header.payload signed by a java-jwt algorithm. */
  public static String jws(Algorithm alg, String headerJson, String payloadJson) {
    String h = b64(headerJson);
    String p = b64(payloadJson);
    return h + "." + p + "." + B64.encodeToString(alg.sign(ascii(h), ascii(p)));
  }

  /**
   * java-jwt's ES256 {@code ecdsa}, signing with the low s as jwt-auth does (its verifier refuses
   * the high-s twin of a signature: README, "Security model").
   */
  public static Algorithm lowS(Algorithm ecdsa) {
    return new Algorithm(ecdsa.getName(), "SHA256withECDSA with low s") {
      @Override
      public void verify(DecodedJWT jwt) {
        ecdsa.verify(jwt);
      }

      @Override
      public byte[] sign(byte[] contentBytes) {
        return lowS(ecdsa.sign(contentBytes));
      }

      @Override
      public byte[] sign(byte[] headerBytes, byte[] payloadBytes) {
        return lowS(ecdsa.sign(headerBytes, payloadBytes));
      }

      @Override
      public String getSigningKeyId() {
        return ecdsa.getSigningKeyId();
      }
    };
  }

  /** The order n of P-256. */
  static final BigInteger P256_N =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  /** An ES256 signature r || s with s folded to n − s when above n/2. */
  static byte[] lowS(byte[] sig) {
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
    if (sig.length != 64 || s.compareTo(P256_N.shiftRight(1)) <= 0) {
      return sig;
    }
    byte[] folded = HexFormat.of().parseHex(String.format("%064x", P256_N.subtract(s)));
    byte[] out = sig.clone();
    System.arraycopy(folded, 0, out, 32, 32);
    return out;
  }

  /** header.payload with an HMAC under any key (the JDK's Mac accepts what java-jwt may not). */
  public static String hmac(String javaAlg, byte[] key, String headerJson, String payloadJson) {
    String input = b64(headerJson) + "." + b64(payloadJson);
    try {
      Mac mac = Mac.getInstance(javaAlg);
      mac.init(new SecretKeySpec(key, javaAlg));
      return input + "." + B64.encodeToString(mac.doFinal(ascii(input)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static java.security.KeyPair rsa(int bits) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(bits);
    return g.generateKeyPair();
  }

  public static java.security.KeyPair ec() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  public static String pem(PublicKey p) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(p.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  public static PublicKey fromJwk(JsonObject jwk) throws GeneralSecurityException {
    Base64.Decoder d = Base64.getUrlDecoder();
    if (jwk.getString("kty").equals("RSA")) {
      return KeyFactory.getInstance("RSA")
          .generatePublic(
              new RSAPublicKeySpec(
                  new BigInteger(1, d.decode(jwk.getString("n"))),
                  new BigInteger(1, d.decode(jwk.getString("e")))));
    }
    java.security.AlgorithmParameters params = java.security.AlgorithmParameters.getInstance("EC");
    params.init(new ECGenParameterSpec("secp256r1"));
    ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
    return KeyFactory.getInstance("EC")
        .generatePublic(
            new ECPublicKeySpec(
                new ECPoint(
                    new BigInteger(1, d.decode(jwk.getString("x"))),
                    new BigInteger(1, d.decode(jwk.getString("y")))),
                spec));
  }

  public static byte[] unsigned(BigInteger n) {
    byte[] b = n.toByteArray();
    return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }

  public static byte[] fixed(BigInteger n, int size) {
    byte[] u = unsigned(n);
    byte[] out = new byte[size];
    System.arraycopy(u, 0, out, size - u.length, u.length);
    return out;
  }

  public static byte[] ecPoint(ECPublicKey p) {
    return concat(
        new byte[] {4}, concat(fixed(p.getW().getAffineX(), 32), fixed(p.getW().getAffineY(), 32)));
  }

  public static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The claims with their {@code data.user} object changed. */
  public static JsonObject withUser(JsonObject claims, UnaryOperator<JsonObjectBuilder> change) {
    JsonObject data = claims.getJsonObject("data");
    JsonObject user = with(data.getJsonObject("user"), change);
    return with(claims, b -> b.add("data", with(data, d -> d.add("user", user))));
  }
}
