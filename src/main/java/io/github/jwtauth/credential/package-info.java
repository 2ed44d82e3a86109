/**
 * Key-pair credentials: the {@link io.github.jwtauth.credential.KeyPairService} that holds the
 * rules for creating, listing and revoking key-pairs (used by the {@code /key-pair} endpoint and
 * the admin command line alike), secret hashing with bcrypt, and the attempt and rate limiters and
 * the verified-secret cache of the token endpoint. Knows nothing of servlets.
 *
 * <p>Not API: public only for jwt-auth's other packages.
 */
package io.github.jwtauth.credential;
