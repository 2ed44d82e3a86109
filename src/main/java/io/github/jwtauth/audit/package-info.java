/**
 * The audit trail: one line per security event under the logger {@code io.github.jwtauth.audit},
 * with OWASP Logging Vocabulary names and every value encoded so a line parses to exactly the
 * fields written. Not API.
 */
package io.github.jwtauth.audit;
