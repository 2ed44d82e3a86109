package io.github.jwtauth;

import io.github.jwtauth.http.ErrorCode;
import io.github.jwtauth.http.ErrorWriter;
import io.github.jwtauth.http.Json;
import io.github.jwtauth.http.JwtAuthException;
import io.github.jwtauth.token.Authentication;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET|POST /token/validate}: says whether the Bearer token is a valid access token and how
 * many seconds it has left. A bad token answers like any resource: 401 and {@code WWW-Authenticate}
 * (RFC 6750 §3; the original answered 200 with a 403 inside).
 *
 * <p>Thread-safe.
 */
final class ValidateEndpoint {
  private final JwtAuthContext jwt;

  ValidateEndpoint(JwtAuthContext jwt) {
    this.jwt = jwt;
  }

  void handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Authentication auth;
    try {
      Object fromFilter = req.getAttribute(JwtAuthFilter.AUTHENTICATION_ATTRIBUTE);
      if (fromFilter instanceof Authentication a) {
        auth = a;
      } else {
        // The filter is not mapped here (a metadata-complete web.xml): verify ourselves.
        String token = jwt.resolver.resolve(req);
        if (token == null) {
          throw new JwtAuthException(ErrorCode.NO_HEADER);
        }
        auth = jwt.authenticator.authenticate(token);
      }
    } catch (JwtAuthException e) {
      jwt.errors.writeBearerError(res, e);
      return;
    }
    long left =
        Math.max(
            0,
            auth.token().getExpiresAtAsInstant().getEpochSecond()
                - jwt.clock.instant().getEpochSecond());
    var body =
        Json.object()
            .add("code", "rest_authentication_valid_access_token")
            .add("message", "Valid access token.")
            .add("data", Json.object().add("status", 200).add("exp", left))
            .build();
    ErrorWriter.writeJson(res, 200, body);
  }
}
