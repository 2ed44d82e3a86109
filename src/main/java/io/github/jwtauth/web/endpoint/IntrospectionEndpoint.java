package io.github.jwtauth.web.endpoint;

import io.github.jwtauth.Authentication;
import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.json.Json;
import io.github.jwtauth.token.BearerAuthenticator;
import io.github.jwtauth.token.TokenService;
import io.github.jwtauth.web.ClientAddress;
import io.github.jwtauth.web.ClientCredentials;
import io.github.jwtauth.web.JsonResponses;
import io.github.jwtauth.web.RequestParams;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.TreeSet;

/**
 * {@code POST /introspect} (RFC 7662) for resource servers. Off (404 {@code rest_no_route}) unless
 * {@code jwt-auth.introspection-role} names a role. The caller authenticates with a key-pair as
 * client credentials (HTTP Basic or {@code client_id}/{@code client_secret}, RFC 7662 §2.1) whose
 * user holds that role: missing or wrong credentials are 401 {@code invalid_client}, a key-pair
 * without the role 403 {@code unauthorized_client}. A live access token answers {@code active:
 * true} with {@code sub}, {@code username}, {@code client_id} (its {@code api_key}), {@code scope}
 * (its roles, space-separated), {@code token_type}, {@code exp}, {@code iat}, {@code nbf}, {@code
 * iss} and {@code jti}; anything else (garbage, expired, revoked, a refresh token) only {@code
 * {"active":false}} (RFC 7662 §2.2). Revocation is seen as by every Bearer request: at once on this
 * node, within {@code jwt-auth.status-cache-ttl} elsewhere.
 *
 * <p>Thread-safe.
 */
public final class IntrospectionEndpoint {
  private static final byte[] INACTIVE =
      JsonResponses.bytes(Json.object().add("active", false).build());

  private final TokenService tokens;
  private final BearerAuthenticator authenticator;
  private final ClientAddress clientAddress;
  private final String role;
  private final int maxBodySize;

  /**
   * @param role the role the caller's user needs, or null: the endpoint is off
   */
  public IntrospectionEndpoint(
      TokenService tokens,
      BearerAuthenticator authenticator,
      ClientAddress clientAddress,
      String role,
      int maxBodySize) {
    this.tokens = tokens;
    this.authenticator = authenticator;
    this.clientAddress = clientAddress;
    this.role = role;
    this.maxBodySize = maxBodySize;
  }

  /** Whether the endpoint is on. */
  public boolean enabled() {
    return role != null;
  }

  public void handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
    if (role == null) {
      throw new JwtAuthException(ErrorCode.NO_ROUTE);
    }
    RequestParams p = RequestParams.from(req, maxBodySize);
    ClientCredentials sent = ClientCredentials.from(p, req);
    if (sent == null || !sent.complete()) {
      throw new JwtAuthException(ErrorCode.INVALID_CLIENT);
    }
    TokenService.Client client =
        tokens.authenticateClient(sent.key(), sent.secret(), clientAddress.of(req));
    if (!client.roles().contains(role)) {
      throw new JwtAuthException(ErrorCode.UNAUTHORIZED_CLIENT);
    }
    String token = p.get("token");
    if (token == null || token.isEmpty()) {
      throw new JwtAuthException(ErrorCode.INVALID_REQUEST, "The token parameter is missing.");
    }
    Authentication a;
    try {
      a = authenticator.authenticate(token);
    } catch (JwtAuthException e) {
      if (e.error() == ErrorCode.UNAVAILABLE) {
        throw e; // unknown is not inactive: 503, nothing is vouched for
      }
      JsonResponses.write(res, 200, INACTIVE);
      return;
    }
    var jwt = a.token();
    var body =
        Json.object()
            .add("active", true)
            .add("sub", jwt.getSubject())
            .add("username", a.login())
            .add("client_id", a.apiKey())
            .add("scope", String.join(" ", new TreeSet<>(a.roles())))
            .add("token_type", "Bearer")
            .add("exp", jwt.getExpiresAtAsInstant().getEpochSecond())
            .add("iat", jwt.getIssuedAtAsInstant().getEpochSecond());
    if (jwt.getNotBeforeAsInstant() != null) {
      body.add("nbf", jwt.getNotBeforeAsInstant().getEpochSecond());
    }
    body.add("iss", jwt.getIssuer()).add("jti", jwt.getId());
    JsonResponses.write(res, 200, body.build());
  }
}
