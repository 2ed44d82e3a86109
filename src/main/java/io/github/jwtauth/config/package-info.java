/**
 * The configuration of one web application: {@link io.github.jwtauth.config.Param}, the table of
 * {@code jwt-auth.*} parameters (name, default, secret flag, parser, meaning), and {@link
 * io.github.jwtauth.config.Settings}, the immutable values read from it once at start, checked on
 * their own and together, and logged in one line with secrets masked. Also {@link
 * io.github.jwtauth.config.UrlPatterns}, the servlet URL patterns of {@code
 * jwt-auth.token-required}.
 *
 * <p>Users configure the library through the parameters the README lists, not through these
 * classes: the rest of the library reads {@code Settings} and {@code Param}, but they are not a
 * stable API and may change in any release.
 */
package io.github.jwtauth.config;
