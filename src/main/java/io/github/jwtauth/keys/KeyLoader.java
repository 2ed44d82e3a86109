package io.github.jwtauth.keys;

import io.github.jwtauth.config.Settings;

/**
 * Loads the signing and verification keys the settings name: the HMAC secret, PEM keys or a PKCS#12
 * keystore.
 *
 * <p>Stateless and thread-safe.
 */
public final class KeyLoader {
  private KeyLoader() {}

  /**
   * @throws IllegalArgumentException naming the parameter at fault
   */
  public static KeySet load(Settings s) {
    if (s.algorithm().isHmac()) {
      return KeySet.hmac(s.algorithm(), s.secret());
    }
    if (s.signingKey() != null) {
      return KeySet.pem(
          s.algorithm(),
          s.signingKey(),
          s.publicKeys(),
          Settings.PARAM_SIGNING_KEY,
          Settings.PARAM_PUBLIC_KEYS);
    }
    char[] password =
        s.keystorePassword() == null ? new char[0] : s.keystorePassword().toCharArray();
    return KeySet.keystore(
        s.algorithm(),
        java.nio.file.Path.of(s.keystore()),
        password,
        s.signingKeyAlias(),
        Settings.PARAM_KEYSTORE);
  }
}
