package io.github.jwtauth.http;

/**
 * The one exception jwt-auth throws for anything a client did or must be told about. It carries
 * an {@link ErrorCode}; an optional detail replaces the code's message and is always a fixed
 * string chosen by jwt-auth, never library or user text.
 *
 * <p>Immutable and thread-safe. Stack traces are not filled in: this is control flow on the
 * request path, never logged with a trace.
 */
public final class JwtAuthException extends RuntimeException {
  private final ErrorCode error;

  public JwtAuthException(ErrorCode error) {
    this(error, error.message());
  }

  public JwtAuthException(ErrorCode error, String detail) {
    super(detail, null, false, false);
    this.error = error;
  }

  public JwtAuthException(ErrorCode error, String detail, Throwable cause) {
    super(detail, cause, false, false);
    this.error = error;
  }

  public ErrorCode error() {
    return error;
  }

  /** The message to show the client: the code's message or a fixed detail. */
  public String description() {
    return getMessage();
  }
}
