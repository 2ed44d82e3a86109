package io.github.jwtauth.cli;

/** A usage error: the command line is wrong (exit code 2, with a hint to {@code --help}). */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
