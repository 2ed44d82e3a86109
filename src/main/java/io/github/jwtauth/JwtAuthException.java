package io.github.jwtauth;

/**
 * The one exception jwt-auth throws for anything a client did or must be told about. It carries an
 * {@link ErrorCode}; an optional detail replaces the code's message and is always a fixed string
 * chosen by jwt-auth, never library or user text.
 *
 * <p>Immutable and thread-safe. Stack traces are not filled in: this is control flow on the request
 * path, never logged with a trace.
 */
public final class JwtAuthException extends RuntimeException {
  private final ErrorCode error;
  private final long retryAfterSeconds;

  public JwtAuthException(ErrorCode error) {
    this(error, error.message());
  }

  public JwtAuthException(ErrorCode error, String detail) {
    super(detail, null, false, false);
    this.error = error;
    this.retryAfterSeconds = 0;
  }

  public JwtAuthException(ErrorCode error, String detail, Throwable cause) {
    super(detail, cause, false, false);
    this.error = error;
    this.retryAfterSeconds = 0;
  }

  private JwtAuthException(ErrorCode error, long retryAfterSeconds) {
    super(error.message(), null, false, false);
    this.error = error;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** {@link ErrorCode#TOO_MANY_ATTEMPTS} with the seconds to wait, for {@code Retry-After}. */
  public static JwtAuthException tooManyAttempts(long retryAfterSeconds) {
    return new JwtAuthException(ErrorCode.TOO_MANY_ATTEMPTS, Math.max(1, retryAfterSeconds));
  }

  /** {@link ErrorCode#TOO_MANY_REQUESTS} with the seconds to wait, for {@code Retry-After}. */
  public static JwtAuthException tooManyRequests(long retryAfterSeconds) {
    return new JwtAuthException(ErrorCode.TOO_MANY_REQUESTS, Math.max(1, retryAfterSeconds));
  }

  /** Seconds the client should wait before retrying, or 0. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public ErrorCode error() {
    return error;
  }

  /** The message to show the client: the code's message or a fixed detail. */
  public String description() {
    return getMessage();
  }
}
