package io.github.jwtauth.cli;

/**
 * A command that was well formed but could not do what it was asked (exit code 1), e.g. revoking a
 * key-pair that is not active. Its message is printed after {@code jwt-auth: }.
 */
final class CommandFailure extends Exception {
  private static final long serialVersionUID = 1L;

  CommandFailure(String message) {
    super(message);
  }
}
