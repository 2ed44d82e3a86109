/**
 * Tokens, servlet-free: verification (algorithm pinned, canonical serialization, strict claims; RFC
 * 8725), issuing, the token service that exchanges key-pairs and rotates single-use refresh tokens
 * (RFC 9700 §4.14.2), and the Bearer authenticator of the hot path with its key-pair status cache.
 * Plain values in, an identity or a {@link io.github.jwtauth.JwtAuthException} out. Not API.
 */
package io.github.jwtauth.token;
