/**
 * Integration tests (Failsafe runs every {@code *IT} class): test webapps deployed into embedded
 * Jetty 12 and Tomcat 11 against H2, PostgreSQL and MariaDB, driven over HTTP. An abstract {@code
 * *Contract} holds the tests; its {@code Jetty*}, {@code Tomcat*}, {@code Postgres*} and {@code
 * MariaDb*} subclasses pick the container or database. Fixtures live in {@code
 * io.github.jwtauth.testsupport}.
 *
 * <ul>
 *   <li>{@code flow} — what a client does: key-pairs, token exchange, refresh, validation, keys and
 *       JWKS, the user directory;
 *   <li>{@code attack} — what an attacker does: forged and tampered tokens, type confusion, reuse
 *       and races, brute force, hostile and oversized input;
 *   <li>{@code ops} — what an operator sees: start-up validation, web.xml, the CLI jar, the audit
 *       trail, database outages and clocks, several nodes;
 *   <li>{@code profile} — the {@code /profile} page, over HTTP and in a headless browser.
 * </ul>
 *
 * {@link io.github.jwtauth.it.HarnessSelfCheckIT} checks the harness itself.
 */
package io.github.jwtauth.it;
