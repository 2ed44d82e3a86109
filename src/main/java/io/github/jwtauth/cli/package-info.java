/**
 * The admin command line, the jar's {@code Main-Class}: {@link io.github.jwtauth.cli.Main}
 * dispatches to one class per group of commands (schema, key-pairs, signing keys and secrets) over
 * an argument parser. Key-pair commands go through the same key-pair service as the web endpoint.
 *
 * <p>Not API: only the command line itself (its commands, options, output and exit codes) is.
 */
package io.github.jwtauth.cli;
