package io.github.jwtauth.web.endpoint;

import io.github.jwtauth.Authentication;
import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.JwtAuthFilter;
import io.github.jwtauth.json.Json;
import io.github.jwtauth.token.BearerAuthenticator;
import io.github.jwtauth.web.BearerTokenResolver;
import io.github.jwtauth.web.ErrorWriter;
import io.github.jwtauth.web.JsonResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;

/**
 * {@code GET|POST /token/validate}: says whether the Bearer token is a valid access token and how
 * many seconds it has left. A bad token answers like any resource: 401 and {@code WWW-Authenticate}
 * (RFC 6750 §3; the original answered 200 with a 403 inside).
 *
 * <p>Thread-safe.
 */
public final class ValidateEndpoint {
  private final BearerTokenResolver resolver;
  private final BearerAuthenticator authenticator;
  private final ErrorWriter errors;
  private final Clock clock;

  public ValidateEndpoint(
      BearerTokenResolver resolver,
      BearerAuthenticator authenticator,
      ErrorWriter errors,
      Clock clock) {
    this.resolver = resolver;
    this.authenticator = authenticator;
    this.errors = errors;
    this.clock = clock;
  }

  public void handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Authentication auth;
    try {
      Object fromFilter = req.getAttribute(JwtAuthFilter.AUTHENTICATION_ATTRIBUTE);
      if (fromFilter instanceof Authentication a) {
        auth = a;
      } else {
        // The filter is not mapped here (a metadata-complete web.xml): verify ourselves.
        String token = resolver.resolve(req);
        if (token == null) {
          throw new JwtAuthException(ErrorCode.NO_HEADER);
        }
        auth = authenticator.authenticate(token);
      }
    } catch (JwtAuthException e) {
      errors.writeBearerError(res, e);
      return;
    }
    long left =
        Math.max(
            0,
            auth.token().getExpiresAtAsInstant().getEpochSecond()
                - clock.instant().getEpochSecond());
    var body =
        Json.object()
            .add("code", "rest_authentication_valid_access_token")
            .add("message", "Valid access token.")
            .add("data", Json.object().add("status", 200).add("exp", left))
            .build();
    JsonResponses.write(res, 200, body);
  }
}
