package io.github.jwtauth.keys;

import io.github.jwtauth.keys.KeyMaterialException.Source;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RS256 or ES256 keys from PEM text (RFC 7468): the active signing key as a PKCS#8 {@code PRIVATE
 * KEY} block, and X.509 {@code PUBLIC KEY} blocks for every key tokens may be verified with. Every
 * key's {@code kid} is its RFC 7638 thumbprint, so all nodes name a key alike with no
 * configuration, through every step of a rotation.
 *
 * <p>Stateless and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7468">RFC 7468</a>
 */
public final class PemKeys {
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  private PemKeys() {}

  /**
   * The key set of a signing key and its verification keys.
   *
   * @param signingPem a PKCS#8 {@code PRIVATE KEY} block, optionally with {@code PUBLIC KEY} blocks
   *     (its own among them; an RSA key's is derived if missing)
   * @param publicPems more {@code PUBLIC KEY} blocks (keys being introduced or retired), or null
   * @throws IllegalArgumentException for text that is not PEM, a block of another kind, a key of
   *     the wrong type or too weak (see {@link KeyRules}), or a signing key whose public key is
   *     missing
   */
  public static KeySet load(SigningAlgorithm alg, String signingPem, String publicPems) {
    KeyFactory kf = keyFactory(alg);
    PrivateKey priv = null;
    List<PublicKey> publics = new ArrayList<>();
    for (Map.Entry<String, byte[]> block : blocks(signingPem, Source.SIGNING_KEY)) {
      try {
        switch (block.getKey()) {
          case "PRIVATE KEY" -> {
            if (priv != null) {
              throw new KeyMaterialException(
                  Source.SIGNING_KEY, " holds more than one private key");
            }
            priv = kf.generatePrivate(new PKCS8EncodedKeySpec(block.getValue()));
          }
          case "PUBLIC KEY" ->
              publics.add(kf.generatePublic(new X509EncodedKeySpec(block.getValue())));
          default -> throw unsupportedBlock(Source.SIGNING_KEY, block.getKey());
        }
      } catch (GeneralSecurityException e) {
        throw new KeyMaterialException(
            Source.SIGNING_KEY,
            " holds a " + block.getKey() + " that is not a " + alg.keyFamily() + " key");
      }
    }
    if (priv == null) {
      throw new KeyMaterialException(
          Source.SIGNING_KEY, " must hold the PKCS#8 PRIVATE KEY of the active signing key");
    }
    if (publicPems != null) {
      for (Map.Entry<String, byte[]> block : blocks(publicPems, Source.PUBLIC_KEYS)) {
        if (!block.getKey().equals("PUBLIC KEY")) {
          throw unsupportedBlock(Source.PUBLIC_KEYS, block.getKey());
        }
        try {
          publics.add(kf.generatePublic(new X509EncodedKeySpec(block.getValue())));
        } catch (GeneralSecurityException e) {
          throw new KeyMaterialException(
              Source.PUBLIC_KEYS, " holds a PUBLIC KEY that is not a " + alg.keyFamily() + " key");
        }
      }
    }
    if (priv instanceof RSAPrivateCrtKey crt
        && publics.stream().noneMatch(p -> KeyRules.pairs(alg, crt, p))) {
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
      boolean signer = KeyRules.pairs(alg, priv, p);
      KeyRules.checkPublic(alg, p, signer ? Source.SIGNING_KEY : Source.PUBLIC_KEYS);
      String kid = Jwks.thumbprint(p);
      byKid.put(kid, p);
      if (signer) {
        active = kid;
      }
    }
    if (active == null) {
      throw new KeyMaterialException(
          Source.SIGNING_KEY,
          ": the public key of the signing key is missing; add its PUBLIC KEY block to",
          Source.SIGNING_KEY,
          Source.PUBLIC_KEYS);
    }
    KeyRules.checkPrivate(alg, priv, Source.SIGNING_KEY);
    return KeySet.keyPairs(alg, priv, active, byKid);
  }

  /** The PEM blocks of the text: type and DER bytes. */
  private static List<Map.Entry<String, byte[]>> blocks(String pem, Source from) {
    List<Map.Entry<String, byte[]>> out = new ArrayList<>();
    Matcher m = PEM.matcher(pem);
    while (m.find()) {
      try {
        out.add(Map.entry(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
      } catch (IllegalArgumentException e) {
        throw new KeyMaterialException(from, " holds a malformed PEM block");
      }
    }
    if (out.isEmpty()) {
      throw new KeyMaterialException(
          from, " must be PEM text (e.g. file:/path/key.pem) with -----BEGIN ...----- blocks");
    }
    return out;
  }

  private static KeyMaterialException unsupportedBlock(Source from, String type) {
    return new KeyMaterialException(
        from,
        " holds a '"
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
