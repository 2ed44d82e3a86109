/**
 * Signing keys: the {@link io.github.jwtauth.keys.SigningAlgorithm} (RFC 7518 §3.1), the immutable
 * {@link io.github.jwtauth.keys.KeySet} tokens are signed and verified with, its loading from the
 * configuration (HMAC secret, PEM, PKCS#12) with the strength and pairing rules weak or mismatched
 * keys fail, and the JWK Set published for it (RFC 7517, {@code kid} per RFC 7638). Not API.
 */
package io.github.jwtauth.keys;
