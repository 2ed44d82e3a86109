package io.github.jwtauth;

import io.github.jwtauth.web.ErrorWriter;

/**
 * Every error jwt-auth answers with: the stable {@code code} string of the original WordPress
 * plugin, a fixed human message, the HTTP status used by the token endpoint and key-pair routes,
 * and the OAuth 2.0 {@code error} value (RFC 6749 §5.2) for clients that speak OAuth.
 *
 * <p>Resource requests with a bad Bearer token always answer 401 {@code invalid_token} (RFC 6750
 * §3.1) whatever the status here; see {@link ErrorWriter#writeBearerError}.
 *
 * <p>Immutable and thread-safe.
 */
public enum ErrorCode {
  REQUIRED_API_KEY_SECRET(
      "rest_authentication_required_api_key_secret",
      "An API key-pair is required to generate a token.",
      403,
      "invalid_request"),
  INVALID_API_KEY_SECRET(
      "rest_authentication_invalid_api_key_secret",
      "The API key-pair is invalid.",
      403,
      "invalid_client"),
  REVOKED_API_KEY(
      "rest_authentication_revoked_api_key",
      "The API key-pair has been revoked.",
      403,
      "invalid_grant"),
  /** The key-pair's expiry has passed: it buys no token, and its tokens are refused. */
  KEY_PAIR_EXPIRED(
      "rest_authentication_key_pair_expired",
      "The API key-pair has expired.",
      403,
      "invalid_grant"),
  TOKEN_ERROR("rest_authentication_token_error", "The token is invalid.", 403, "invalid_grant"),
  INVALID_TOKEN_TYPE(
      "rest_authentication_invalid_token_type",
      "The token is of the wrong type for this request.",
      403,
      "invalid_grant"),
  INVALID_REFRESH_TOKEN(
      "rest_authentication_invalid_refresh_token",
      "The refresh token is invalid.",
      403,
      "invalid_grant"),
  REFRESH_TOKEN_REUSED(
      "rest_authentication_refresh_token_reused",
      "The refresh token was already used; every token of its chain has been revoked.",
      403,
      "invalid_grant"),
  TOO_MANY_ATTEMPTS(
      "rest_authentication_too_many_attempts",
      "Too many failed attempts; try again later.",
      429,
      "invalid_request"),
  /** A key-pair (or its refresh tokens) bought more tokens per minute than allowed. */
  TOO_MANY_REQUESTS(
      "rest_authentication_too_many_requests",
      "Too many tokens were requested with this key-pair; try again later.",
      429,
      "invalid_request"),
  /** The user has as many active key-pairs as allowed. */
  TOO_MANY_KEY_PAIRS(
      "rest_authentication_too_many_key_pairs",
      "The user has the most key-pairs allowed; revoke one before creating another.",
      429,
      "invalid_request"),
  INVALID_REQUEST(
      "rest_authentication_invalid_request", "The request is malformed.", 400, "invalid_request"),
  UNAVAILABLE(
      "rest_authentication_unavailable",
      "The authentication service is temporarily unavailable.",
      503,
      "temporarily_unavailable"),
  NO_TOKEN("rest_authentication_no_token", "The Bearer token is missing.", 400, "invalid_request"),
  NO_HEADER(
      "rest_authentication_no_header", "Authorization header is required.", 401, "invalid_request"),
  TOKEN_EXPIRED(
      "rest_authentication_token_expired", "The token has expired.", 403, "invalid_grant"),
  MISSING_TOKEN_EXPIRATION(
      "rest_authentication_missing_token_expiration",
      "The token has no expiration time.",
      403,
      "invalid_grant"),
  INVALID_TOKEN_ISSUER(
      "rest_authentication_invalid_token_issuer",
      "The token issuer is invalid.",
      403,
      "invalid_grant"),
  INVALID_TOKEN_USER(
      "rest_authentication_invalid_token_user",
      "The token user does not exist or is disabled.",
      403,
      "invalid_grant"),
  /**
   * A signed token without {@code data.user.id} (the plugin's code; our issuer always writes it).
   */
  MISSING_TOKEN_USER_ID(
      "rest_authentication_missing_token_user_id",
      "The token user must have an ID.",
      403,
      "invalid_grant"),
  /** A signed refresh token without {@code data.user.id} (the plugin's code). */
  MISSING_REFRESH_TOKEN_USER_ID(
      "rest_authentication_missing_refresh_token_user_id",
      "The refresh token user must have an ID.",
      403,
      "invalid_grant"),
  /** A signed refresh token without {@code data.user.api_key} (the plugin's code). */
  MISSING_REFRESH_TOKEN_API_KEY(
      "rest_authentication_missing_refresh_token_api_key",
      "The refresh token user must have an API key.",
      403,
      "invalid_grant"),
  /** The token's user no longer exists, or its login now names another user (the plugin's code). */
  INVALID_TOKEN_WP_USER(
      "rest_authentication_invalid_token_wp_user",
      "The token user is invalid.",
      403,
      "invalid_grant"),
  /** The token's {@code user_login} is not its key-pair owner's (the plugin's code). */
  INVALID_TOKEN_USER_LOGIN(
      "rest_authentication_invalid_token_user_login",
      "The token user_login is invalid.",
      403,
      "invalid_grant"),
  /** The token's {@code user_email} is not the user's current one (the plugin's code). */
  INVALID_TOKEN_USER_EMAIL(
      "rest_authentication_invalid_token_user_email",
      "The token user_email is invalid.",
      403,
      "invalid_grant"),
  REQUIRED_NAME(
      "rest_authentication_required_name_error",
      "The key-pair name is required.",
      400,
      "invalid_request"),
  INVALID_USER(
      "rest_authentication_invalid_user_error", "The user does not exist.", 404, "invalid_request"),
  EDIT_USER(
      "rest_authentication_edit_user_error",
      "You do not have permission to edit this user.",
      403,
      "access_denied"),
  KEY_PAIR_NOT_FOUND(
      "rest_authentication_key_pair_not_found",
      "The key-pair does not exist.",
      404,
      "invalid_request"),
  /**
   * {@code expires_in} or {@code expires_at} of a new key-pair is malformed or not in the future.
   */
  INVALID_KEY_PAIR_EXPIRY(
      "rest_authentication_invalid_key_pair_expiry",
      "The key-pair expiry is invalid: give expires_in as a whole number of days from 1 to 3650,"
          + " or expires_at as a future date (2027-01-31) or instant (2027-01-31T12:00:00Z).",
      400,
      "invalid_request"),
  /** Both {@code expires_in} and {@code expires_at} were given for a new key-pair. */
  KEY_PAIR_EXPIRY_CONFLICT(
      "rest_authentication_key_pair_expiry_conflict",
      "Give expires_in or expires_at, not both.",
      400,
      "invalid_request"),
  /** A new key-pair's expiry is later than {@code jwt-auth.key-pair-max-lifetime} allows. */
  KEY_PAIR_EXPIRY_TOO_LONG(
      "rest_authentication_key_pair_expiry_too_long",
      "The key-pair expiry is later than the longest lifetime this server allows.",
      400,
      "invalid_request"),
  /** A new key-pair was to be restricted to a role its user does not hold. */
  INVALID_KEY_PAIR_ROLE(
      "rest_authentication_invalid_key_pair_role",
      "A key-pair can only be restricted to roles its user holds.",
      400,
      "invalid_request"),
  NOT_LOGGED_IN(
      "rest_not_logged_in",
      "You are not currently logged in; key-pairs are managed by a user logged in to the application.",
      401,
      "access_denied"),
  /** A browser request to a key-pair route failed the CSRF check (WordPress REST's code). */
  COOKIE_INVALID_NONCE("rest_cookie_invalid_nonce", "Cookie check failed.", 403, "access_denied"),
  NO_ROUTE(
      "rest_no_route",
      "No route was found matching the URL and request method.",
      404,
      "invalid_request"),
  /**
   * The revocation or introspection endpoint needs client credentials (a key-pair, RFC 7009 §2.1,
   * RFC 7662 §2.1) that were missing or wrong: 401 with a Basic challenge (RFC 6749 §5.2).
   */
  INVALID_CLIENT(
      "rest_authentication_invalid_client",
      "Client authentication failed: send a key-pair as HTTP Basic or client_id/client_secret.",
      401,
      "invalid_client"),
  /**
   * The key-pair authenticated but may not do this: introspect without the configured role, or
   * revoke another key-pair's token (RFC 7009 §2.1).
   */
  UNAUTHORIZED_CLIENT(
      "rest_authentication_unauthorized_client",
      "This key-pair is not allowed to do this.",
      403,
      "unauthorized_client");

  private final String code;
  private final String message;
  private final int status;
  private final String oauthError;

  ErrorCode(String code, String message, int status, String oauthError) {
    this.code = code;
    this.message = message;
    this.status = status;
    this.oauthError = oauthError;
  }

  /** The stable machine-readable code, e.g. {@code rest_authentication_token_error}. */
  public String code() {
    return code;
  }

  /** The fixed human-readable message. */
  public String message() {
    return message;
  }

  /** The HTTP status on the token endpoint and the key-pair routes. */
  public int status() {
    return status;
  }

  /** The OAuth 2.0 {@code error} value (RFC 6749 §5.2). */
  public String oauthError() {
    return oauthError;
  }
}
