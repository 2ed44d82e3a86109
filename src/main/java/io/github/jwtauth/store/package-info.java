/**
 * All SQL of both tables ({@code jwt_auth_key_pair}, {@code jwt_auth_refresh_token}), portable
 * across H2, PostgreSQL and MariaDB/MySQL; the schema; the optional user directory; the DataSource
 * from settings. Every database failure becomes {@code rest_authentication_unavailable} here, so
 * callers fail closed. Not API.
 */
package io.github.jwtauth.store;
