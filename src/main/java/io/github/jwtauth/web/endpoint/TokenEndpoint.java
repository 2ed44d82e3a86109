package io.github.jwtauth.web.endpoint;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.json.Json;
import io.github.jwtauth.token.TokenService;
import io.github.jwtauth.web.ClientAddress;
import io.github.jwtauth.web.ClientCredentials;
import io.github.jwtauth.web.JsonResponses;
import io.github.jwtauth.web.RequestParams;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code POST /token}: a key-pair ({@code api_key}/{@code api_secret}, or OAuth 2.0 {@code
 * client_credentials} with {@code client_id}/{@code client_secret} in the body or HTTP Basic, RFC
 * 6749 §2.3.1) or a {@code refresh_token} buys an access token and a new refresh token. A refresh
 * token wins when both are sent (as in the original). Username and password never buy a token.
 *
 * <p>Thread-safe.
 */
public final class TokenEndpoint {
  private final TokenService tokens;
  private final ClientAddress clientAddress;
  private final int maxBodySize;

  public TokenEndpoint(TokenService tokens, ClientAddress clientAddress, int maxBodySize) {
    this.tokens = tokens;
    this.clientAddress = clientAddress;
    this.maxBodySize = maxBodySize;
  }

  public void handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
    RequestParams p = RequestParams.from(req, maxBodySize);
    String grant = p.get("grant_type");
    String refreshToken = p.get("refresh_token");
    TokenService.Issued issued;
    if (refreshToken != null || "refresh_token".equals(grant)) {
      if (refreshToken == null || refreshToken.isEmpty()) {
        throw new JwtAuthException(ErrorCode.INVALID_REQUEST, "The refresh_token is missing.");
      }
      issued = tokens.refresh(refreshToken, clientAddress.of(req));
    } else {
      if (grant != null && !grant.equals("client_credentials")) {
        throw new JwtAuthException(ErrorCode.REQUIRED_API_KEY_SECRET);
      }
      ClientCredentials client = ClientCredentials.from(p, req);
      if (client == null || !client.complete()) {
        throw new JwtAuthException(ErrorCode.REQUIRED_API_KEY_SECRET);
      }
      String key = client.key();
      String secret = client.secret();
      issued = tokens.exchange(key, secret, clientAddress.of(req));
    }
    var user = Json.object();
    Json.addScalar(user, "id", issued.user().id());
    user.add("type", "user").add("user_login", issued.user().login());
    Json.addScalar(user, "user_email", issued.user().email());
    user.add("api_key", issued.apiKey());
    var body =
        Json.object()
            .add("access_token", issued.accessToken())
            .add("token_type", "Bearer")
            .add("expires_in", issued.expiresIn())
            .add("exp", issued.expiresIn())
            .add("refresh_token", issued.refreshToken());
    Json.addScalar(body, "key_pair_expires_at", issued.keyPairExpiresAt());
    body.add("data", Json.object().add("user", user));
    JsonResponses.write(res, 200, body.build());
  }
}
