/**
 * One small handler per route of the token servlet: {@code /token}, {@code /token/validate}, {@code
 * /key-pair} (ours and the WordPress plugin's, see {@code KeyPairRoute}), {@code /keys}, {@code
 * /profile}, and {@code OPTIONS} on each. Each takes what it uses in its constructor; {@link
 * io.github.jwtauth.TokenServlet} only routes. Not API.
 */
package io.github.jwtauth.web.endpoint;
