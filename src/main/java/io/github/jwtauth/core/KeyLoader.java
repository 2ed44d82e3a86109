package io.github.jwtauth.core;

import io.github.jwtauth.config.Settings;
import io.github.jwtauth.keys.KeyMaterialException;
import io.github.jwtauth.keys.KeyMaterialException.Source;
import io.github.jwtauth.keys.KeySet;
import io.github.jwtauth.keys.KeystoreKeys;
import io.github.jwtauth.keys.PemKeys;
import io.github.jwtauth.keys.SigningAlgorithm;
import java.nio.file.Path;

/**
 * Loads the signing and verification keys the settings name: the HMAC secret, PEM keys ({@link
 * PemKeys}) or a PKCS#12 keystore ({@link KeystoreKeys}). The one entry point from configuration:
 * it alone knows the parameter names and puts them in the failure.
 *
 * <p>Stateless and thread-safe.
 */
public final class KeyLoader {
  private KeyLoader() {}

  /**
   * @throws IllegalArgumentException naming the parameter at fault
   */
  public static KeySet load(Settings s) {
    SigningAlgorithm alg = s.algorithm();
    if (alg.isHmac()) {
      return KeySet.hmac(alg, s.secret());
    }
    try {
      if (s.signingKey() != null) {
        return PemKeys.load(alg, s.signingKey(), s.publicKeys());
      }
      char[] password =
          s.keystorePassword() == null ? new char[0] : s.keystorePassword().toCharArray();
      return KeystoreKeys.load(alg, Path.of(s.keystore()), password, s.signingKeyAlias());
    } catch (KeyMaterialException e) {
      throw new IllegalArgumentException("Parameter " + e.describe(KeyLoader::parameter));
    }
  }

  private static String parameter(Source source) {
    return switch (source) {
      case SIGNING_KEY -> Settings.PARAM_SIGNING_KEY;
      case PUBLIC_KEYS -> Settings.PARAM_PUBLIC_KEYS;
      case KEYSTORE -> Settings.PARAM_KEYSTORE;
    };
  }
}
