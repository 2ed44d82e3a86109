package io.github.jwtauth.config;

/**
 * Turns the text of one parameter into its typed value, or fails naming the parameter.
 *
 * <p>Implementations are stateless and thread-safe.
 */
@FunctionalInterface
interface ValueParser {
  /**
   * @param param the parameter, for error messages
   * @param text the resolved value or the default; {@code null} when the parameter has neither
   * @return the typed value; {@code null} only for an absent optional value
   * @throws IllegalArgumentException naming the parameter
   */
  Object parse(Param param, String text);
}
