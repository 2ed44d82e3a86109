package io.github.jwtauth.keys;

import io.github.jwtauth.keys.KeyMaterialException.Source;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RS256 or ES256 keys from a PKCS#12 keystore (RFC 7292): every key entry or trusted certificate is
 * a verification key whose {@code kid} is its alias; one key entry signs.
 *
 * <p>Stateless and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7292">RFC 7292</a>
 */
public final class KeystoreKeys {
  private KeystoreKeys() {}

  /**
   * The key set of the keystore at {@code path}, signing with the entry {@code signingAlias}.
   *
   * @throws IllegalArgumentException for a keystore that does not open with the password, a key of
   *     the wrong type or too weak (see {@link KeyRules}), or an alias without a private key and
   *     its certificate
   */
  public static KeySet load(SigningAlgorithm alg, Path path, char[] password, String signingAlias) {
    KeyStore ks;
    try (InputStream in = Files.newInputStream(path)) {
      ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password);
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyMaterialException(
          Source.KEYSTORE,
          ": cannot open PKCS#12 keystore " + path + " (" + e.getClass().getSimpleName() + ")");
    }
    try {
      Map<String, PublicKey> byKid = new LinkedHashMap<>();
      for (String alias : Collections.list(ks.aliases())) {
        Certificate cert = ks.getCertificate(alias);
        if (cert != null) {
          KeyRules.checkPublic(alg, cert.getPublicKey(), Source.KEYSTORE);
          byKid.put(alias, cert.getPublicKey());
        }
      }
      Key k = ks.getKey(signingAlias, password);
      if (!(k instanceof PrivateKey priv)) {
        throw new KeyMaterialException(
            Source.KEYSTORE,
            ": the keystore has no private key under alias '" + signingAlias + "'");
      }
      if (!byKid.containsKey(signingAlias) || !KeyRules.pairs(alg, priv, byKid.get(signingAlias))) {
        throw new KeyMaterialException(
            Source.KEYSTORE,
            ": alias '" + signingAlias + "' has no certificate matching its private key");
      }
      KeyRules.checkPrivate(alg, priv, Source.KEYSTORE);
      return KeySet.keyPairs(alg, priv, signingAlias, byKid);
    } catch (GeneralSecurityException e) {
      throw new KeyMaterialException(
          Source.KEYSTORE, ": cannot read the keystore (" + e.getClass().getSimpleName() + ")");
    }
  }
}
