/**
 * jwt-auth's public API: {@link io.github.jwtauth.JwtAuthFilter} and {@link
 * io.github.jwtauth.TokenServlet}, the two servlet components a web application declares (or gets
 * from the jar's web-fragment); {@link io.github.jwtauth.Authentication}, the request attribute an
 * application may read; and the error vocabulary every part of the library speaks, {@link
 * io.github.jwtauth.ErrorCode} and {@link io.github.jwtauth.JwtAuthException}.
 *
 * <p>Every other package is internal: its classes are public only so the packages can reach each
 * other, and may change in any release.
 */
package io.github.jwtauth;
