package io.github.jwtauth.web.endpoint;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.json.Json;
import io.github.jwtauth.token.TokenRevocation;
import io.github.jwtauth.token.TokenService;
import io.github.jwtauth.web.ClientAddress;
import io.github.jwtauth.web.ClientCredentials;
import io.github.jwtauth.web.JsonResponses;
import io.github.jwtauth.web.RequestParams;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code POST /revoke} (RFC 7009): {@code token} and an optional {@code token_type_hint} (ignored:
 * both kinds are tried, RFC 7009 §2.1 allows it), with or without client credentials (a key-pair,
 * {@link ClientCredentials}). What is revoked and who may, {@link TokenRevocation} says. 200 with
 * {@code {}} for anything revoked and for any token that is not valid (RFC 7009 §2.2); errors in
 * RFC 6749 §5.2's shape with the seed's {@code code}.
 *
 * <p>Thread-safe.
 */
public final class RevocationEndpoint {
  private static final byte[] DONE = JsonResponses.bytes(Json.object().build());

  private final TokenService tokens;
  private final TokenRevocation revocation;
  private final ClientAddress clientAddress;
  private final int maxBodySize;

  public RevocationEndpoint(
      TokenService tokens,
      TokenRevocation revocation,
      ClientAddress clientAddress,
      int maxBodySize) {
    this.tokens = tokens;
    this.revocation = revocation;
    this.clientAddress = clientAddress;
    this.maxBodySize = maxBodySize;
  }

  public void handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
    RequestParams p = RequestParams.from(req, maxBodySize);
    String token = p.get("token");
    if (token == null || token.isEmpty()) {
      throw new JwtAuthException(ErrorCode.INVALID_REQUEST, "The token parameter is missing.");
    }
    String ip = clientAddress.of(req);
    ClientCredentials sent = ClientCredentials.from(p, req);
    TokenService.Client client = null;
    String publicClientId = null;
    if (sent != null && !sent.basic() && sent.secret() == null && sent.key() != null) {
      publicClientId = sent.key(); // a client_id alone identifies, it does not authenticate
    } else if (sent != null) {
      if (!sent.complete()) {
        throw new JwtAuthException(ErrorCode.INVALID_CLIENT);
      }
      client = tokens.authenticateClient(sent.key(), sent.secret(), ip);
    }
    revocation.revoke(token, client, publicClientId, ip);
    JsonResponses.write(res, 200, DONE);
  }
}
