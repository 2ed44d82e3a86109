/**
 * The servlet adapter: what turns HTTP into calls of the core and back. {@link
 * io.github.jwtauth.web.WebContext} (one per web application, kept in its ServletContext), the
 * Bearer header resolver (RFC 6750 §2.1), the request wrapper that makes the container APIs answer
 * for the token's user, the client address behind trusted proxies, request parsing, CSRF checks,
 * CORS headers, and the one place that writes JSON answers and {@code WWW-Authenticate}. Not API.
 */
package io.github.jwtauth.web;
