package io.github.jwtauth.keys;

import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.ECDSAKeyProvider;
import com.auth0.jwt.interfaces.RSAKeyProvider;
import io.github.jwtauth.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of one deployment: one active signing key and every key tokens may be verified with,
 * each with a {@code kid}. HMAC (HS256/384/512) uses the configured secret; RS256 and ES256 use PEM
 * keys or a PKCS#12 keystore, several verification keys at once, so keys rotate without downtime
 * (publish the new public key, start signing with it, retire the old one after the longest token
 * lifetime). Public keys are published as an RFC 7517 JWKS.
 *
 * <p>Weak or mismatched keys are refused with {@link IllegalArgumentException} naming the
 * parameter: RSA under 2048 bits, a key type that does not fit the algorithm, an EC key not on
 * P-256, a signing key whose public half is not among the verification keys.
 *
 * <p>Immutable and thread-safe.
 */
public final class KeySet {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

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

  /** HMAC with a shared secret; its {@code kid} is derived from the secret without revealing it. */
  public static KeySet hmac(SigningAlgorithm alg, byte[] secret) {
    Algorithm a =
        switch (alg) {
          case HS384 -> Algorithm.HMAC384(secret);
          case HS512 -> Algorithm.HMAC512(secret);
          default -> Algorithm.HMAC256(secret);
        };
    String kid;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      kid =
          "hs-"
              + B64.encodeToString(mac.doFinal("jwt-auth key id".getBytes(StandardCharsets.UTF_8)))
                  .substring(0, 11);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return new KeySet(alg, a, kid, Set.of(kid), Json.object().add("keys", Json.array()).build());
  }

  /**
   * RS256 or ES256 from PEM text.
   *
   * @param signingPem a PKCS#8 {@code PRIVATE KEY} block, optionally with its {@code PUBLIC KEY}
   * @param publicPems more {@code PUBLIC KEY} blocks (keys being introduced or retired), or null
   *     Every key's {@code kid} is its RFC 7638 thumbprint, so all nodes name a key alike with no
   *     configuration, through every step of a rotation.
   */
  public static KeySet pem(
      SigningAlgorithm alg,
      String signingPem,
      String publicPems,
      String signingParam,
      String publicParam) {
    KeyFactory kf = keyFactory(alg);
    PrivateKey priv = null;
    List<PublicKey> publics = new ArrayList<>();
    for (Map.Entry<String, byte[]> block : blocks(signingPem, signingParam)) {
      try {
        switch (block.getKey()) {
          case "PRIVATE KEY" -> {
            if (priv != null) {
              throw new IllegalArgumentException(
                  "Parameter " + signingParam + " holds more than one private key");
            }
            priv = kf.generatePrivate(new PKCS8EncodedKeySpec(block.getValue()));
          }
          case "PUBLIC KEY" ->
              publics.add(kf.generatePublic(new X509EncodedKeySpec(block.getValue())));
          default -> throw unsupportedBlock(signingParam, block.getKey());
        }
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException(
            "Parameter "
                + signingParam
                + " holds a "
                + block.getKey()
                + " that is not a "
                + alg.keyFamily()
                + " key");
      }
    }
    if (priv == null) {
      throw new IllegalArgumentException(
          "Parameter "
              + signingParam
              + " must hold the PKCS#8 PRIVATE KEY of the active signing key");
    }
    if (publicPems != null) {
      for (Map.Entry<String, byte[]> block : blocks(publicPems, publicParam)) {
        if (!block.getKey().equals("PUBLIC KEY")) {
          throw unsupportedBlock(publicParam, block.getKey());
        }
        try {
          publics.add(kf.generatePublic(new X509EncodedKeySpec(block.getValue())));
        } catch (GeneralSecurityException e) {
          throw new IllegalArgumentException(
              "Parameter "
                  + publicParam
                  + " holds a PUBLIC KEY that is not a "
                  + alg.keyFamily()
                  + " key");
        }
      }
    }
    if (priv instanceof RSAPrivateCrtKey crt
        && publics.stream().noneMatch(p -> pairs(alg, crt, p))) {
      try {
        publics.add(
            0, kf.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent())));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
    Map<String, PublicKey> byKid = new LinkedHashMap<>();
    String active = null;
    for (PublicKey p : publics) {
      boolean signer = pairs(alg, priv, p);
      check(alg, p, signer ? signingParam : publicParam);
      String kid = thumbprint(p);
      byKid.put(kid, p);
      if (signer) {
        active = kid;
      }
    }
    if (active == null) {
      throw new IllegalArgumentException(
          "Parameter "
              + signingParam
              + ": the public key of the signing key is missing; add its PUBLIC KEY block"
              + " to "
              + signingParam
              + " or "
              + publicParam);
    }
    return build(alg, priv, active, byKid, signingParam);
  }

  /**
   * RS256 or ES256 from a PKCS#12 keystore: every key entry (or trusted certificate) is a
   * verification key named by its alias; the entry {@code signingAlias} signs.
   */
  public static KeySet keystore(
      SigningAlgorithm alg, Path path, char[] password, String signingAlias, String param) {
    KeyStore ks;
    try (InputStream in = Files.newInputStream(path)) {
      ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "Parameter "
              + param
              + ": cannot open PKCS#12 keystore "
              + path
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
    try {
      Map<String, PublicKey> byKid = new LinkedHashMap<>();
      for (String alias : Collections.list(ks.aliases())) {
        Certificate cert = ks.getCertificate(alias);
        if (cert != null) {
          check(alg, cert.getPublicKey(), param);
          byKid.put(alias, cert.getPublicKey());
        }
      }
      Key k = ks.getKey(signingAlias, password);
      if (!(k instanceof PrivateKey priv)) {
        throw new IllegalArgumentException(
            "Parameter "
                + param
                + ": the keystore has no private key under alias '"
                + signingAlias
                + "'");
      }
      if (!byKid.containsKey(signingAlias) || !pairs(alg, priv, byKid.get(signingAlias))) {
        throw new IllegalArgumentException(
            "Parameter "
                + param
                + ": alias '"
                + signingAlias
                + "' has no certificate matching its private key");
      }
      return build(alg, priv, signingAlias, byKid, param);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "Parameter "
              + param
              + ": cannot read the keystore ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  private static KeySet build(
      SigningAlgorithm alg,
      PrivateKey priv,
      String activeKid,
      Map<String, PublicKey> byKid,
      String param) {
    JsonArrayBuilder keys = Json.array();
    byKid.forEach((kid, p) -> keys.add(jwk(alg, kid, p)));
    JsonObject jwks = Json.object().add("keys", keys).build();
    Map<String, PublicKey> lookup = Map.copyOf(byKid);
    PublicKey only = byKid.size() == 1 ? byKid.values().iterator().next() : null;
    Algorithm a;
    if (alg == SigningAlgorithm.RS256) {
      if (!(priv instanceof RSAPrivateKey rsaPriv)) {
        throw new IllegalArgumentException(
            "Parameter " + param + ": RS256 needs an RSA private key");
      }
      a =
          Algorithm.RSA256(
              new RSAKeyProvider() {
                @Override
                public RSAPublicKey getPublicKeyById(String keyId) {
                  PublicKey p = keyId == null ? only : lookup.get(keyId);
                  return p instanceof RSAPublicKey k ? k : null;
                }

                @Override
                public RSAPrivateKey getPrivateKey() {
                  return rsaPriv;
                }

                @Override
                public String getPrivateKeyId() {
                  return activeKid;
                }
              });
    } else {
      if (!(priv instanceof ECPrivateKey ecPriv)) {
        throw new IllegalArgumentException(
            "Parameter " + param + ": ES256 needs an EC private key");
      }
      a =
          Algorithm.ECDSA256(
              new ECDSAKeyProvider() {
                @Override
                public ECPublicKey getPublicKeyById(String keyId) {
                  PublicKey p = keyId == null ? only : lookup.get(keyId);
                  return p instanceof ECPublicKey k ? k : null;
                }

                @Override
                public ECPrivateKey getPrivateKey() {
                  return ecPriv;
                }

                @Override
                public String getPrivateKeyId() {
                  return activeKid;
                }
              });
    }
    return new KeySet(alg, a, activeKid, byKid.keySet(), jwks);
  }

  /** RSA of at least 2048 bits for RS256; an EC key on P-256 for ES256. */
  private static void check(SigningAlgorithm alg, PublicKey p, String param) {
    if (alg == SigningAlgorithm.RS256) {
      if (!(p instanceof RSAPublicKey rsa)) {
        throw new IllegalArgumentException(
            "Parameter " + param + ": RS256 needs RSA keys, not " + p.getAlgorithm());
      }
      if (rsa.getModulus().bitLength() < 2048) {
        throw new IllegalArgumentException(
            "Parameter "
                + param
                + ": RSA keys must have at least 2048 bits (RFC 7518 §3.3), not "
                + rsa.getModulus().bitLength());
      }
    } else {
      if (!(p instanceof ECPublicKey ec)) {
        throw new IllegalArgumentException(
            "Parameter " + param + ": ES256 needs EC keys, not " + p.getAlgorithm());
      }
      if (!ec.getParams().getOrder().equals(P256.getOrder())
          || !ec.getParams().getCurve().equals(P256.getCurve())) {
        throw new IllegalArgumentException(
            "Parameter " + param + ": ES256 needs keys on the P-256 curve");
      }
    }
  }

  private static final ECParameterSpec P256;

  static {
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec("secp256r1"));
      P256 = params.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Whether the private key signs what the public key verifies. */
  private static boolean pairs(SigningAlgorithm alg, PrivateKey priv, PublicKey pub) {
    if (!priv.getAlgorithm().equals(pub.getAlgorithm())) {
      return false;
    }
    String sigAlg = alg.jcaSignature();
    try {
      byte[] probe = "jwt-auth key pairing probe".getBytes(StandardCharsets.UTF_8);
      Signature s = Signature.getInstance(sigAlg);
      s.initSign(priv);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(sigAlg);
      v.initVerify(pub);
      v.update(probe);
      return v.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static JsonObject jwk(SigningAlgorithm alg, String kid, PublicKey p) {
    var b = Json.object();
    if (p instanceof RSAPublicKey rsa) {
      b.add("kty", "RSA")
          .add("n", unsigned(rsa.getModulus(), 0))
          .add("e", unsigned(rsa.getPublicExponent(), 0));
    } else {
      ECPublicKey ec = (ECPublicKey) p;
      b.add("kty", "EC")
          .add("crv", "P-256")
          .add("x", unsigned(ec.getW().getAffineX(), 32))
          .add("y", unsigned(ec.getW().getAffineY(), 32));
    }
    return b.add("kid", kid).add("alg", alg.name()).add("use", "sig").build();
  }

  /** RFC 7638 JWK thumbprint: SHA-256 of the required members in lexicographic order. */
  static String thumbprint(PublicKey p) {
    String canonical;
    if (p instanceof RSAPublicKey rsa) {
      canonical =
          "{\"e\":\""
              + unsigned(rsa.getPublicExponent(), 0)
              + "\",\"kty\":\"RSA\",\"n\":\""
              + unsigned(rsa.getModulus(), 0)
              + "\"}";
    } else {
      ECPublicKey ec = (ECPublicKey) p;
      canonical =
          "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\""
              + unsigned(ec.getW().getAffineX(), 32)
              + "\",\"y\":\""
              + unsigned(ec.getW().getAffineY(), 32)
              + "\"}";
    }
    try {
      return B64.encodeToString(
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Base64url of a big-endian unsigned integer (RFC 7518 §2 Base64urlUInt), left-padded to {@code
   * size}.
   */
  private static String unsigned(BigInteger n, int size) {
    byte[] b = n.toByteArray();
    int start = b.length > 1 && b[0] == 0 ? 1 : 0;
    int len = b.length - start;
    byte[] out = new byte[Math.max(len, size)];
    System.arraycopy(b, start, out, out.length - len, len);
    return B64.encodeToString(out);
  }

  private static List<Map.Entry<String, byte[]>> blocks(String pem, String param) {
    List<Map.Entry<String, byte[]>> out = new ArrayList<>();
    Matcher m = PEM.matcher(pem);
    while (m.find()) {
      try {
        out.add(Map.entry(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Parameter " + param + " holds a malformed PEM block");
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "Parameter "
              + param
              + " must be PEM text (e.g. file:/path/key.pem) with -----BEGIN ...----- blocks");
    }
    return out;
  }

  private static IllegalArgumentException unsupportedBlock(String param, String type) {
    return new IllegalArgumentException(
        "Parameter "
            + param
            + " holds a '"
            + type
            + "' block; use PKCS#8 'PRIVATE KEY' and X.509 'PUBLIC KEY'"
            + " (convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem)");
  }

  private static KeyFactory keyFactory(SigningAlgorithm alg) {
    try {
      return KeyFactory.getInstance(alg.keyFamily());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
