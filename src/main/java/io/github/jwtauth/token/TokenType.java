package io.github.jwtauth.token;

/**
 * The two kinds of token jwt-auth issues. Each has its own {@code typ} header (RFC 8725 §3.11,
 * explicit typing; {@code at+jwt} as in RFC 9068) so one can never stand in for the other.
 */
public enum TokenType {
  ACCESS("at+jwt"),
  REFRESH("rt+jwt");

  private final String typ;

  TokenType(String typ) {
    this.typ = typ;
  }

  /** The {@code typ} header value. */
  public String typ() {
    return typ;
  }
}
