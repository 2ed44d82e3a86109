package io.github.jwtauth.web.endpoint;

import io.github.jwtauth.json.Json;
import io.github.jwtauth.web.JsonResponses;
import io.github.jwtauth.web.WebContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The two discovery documents, answered by the filter for {@code GET} (and {@code HEAD}) in the
 * application's context:
 *
 * <ul>
 *   <li>{@value #AUTHORIZATION_SERVER} (RFC 8414): {@code issuer} ({@code jwt-auth.issuer}, the
 *       {@code iss} of our tokens), the token, revocation and (when on) introspection endpoints
 *       with their client authentication methods, {@code jwks_uri} (asymmetric algorithms only),
 *       the grant types;
 *   <li>{@value #PROTECTED_RESOURCE} (RFC 9728): the application as a protected resource: its URL,
 *       its authorization server, {@code jwks_uri}, Bearer tokens in the header only.
 * </ul>
 *
 * <p>URLs are absolute, from the request's scheme, host, port and context path (behind a reverse
 * proxy the container must see the public ones). Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8414">RFC 8414</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9728">RFC 9728</a>
 */
public final class MetadataEndpoint {
  public static final String AUTHORIZATION_SERVER = "/.well-known/oauth-authorization-server";
  public static final String PROTECTED_RESOURCE = "/.well-known/oauth-protected-resource";

  private final String issuer;
  private final String basePath;
  private final boolean introspection;
  private final boolean jwks;

  /**
   * @param issuer {@code jwt-auth.issuer}
   * @param basePath the token servlet's mapping, such as {@code /jwt-auth/v1}
   * @param introspection whether the introspection endpoint is on
   * @param jwks whether {@code /keys} publishes keys (asymmetric algorithms)
   */
  public MetadataEndpoint(String issuer, String basePath, boolean introspection, boolean jwks) {
    this.issuer = issuer;
    this.basePath = basePath;
    this.introspection = introspection;
    this.jwks = jwks;
  }

  /**
   * Answers a request for one of the two documents.
   *
   * @return false, having done nothing, for any other request
   */
  public boolean handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
    if (!isDocument(req)) {
      return false;
    }
    boolean server = WebContext.pathOf(req).equals(AUTHORIZATION_SERVER);
    String app = applicationUrl(req);
    String api = app + basePath;
    var body = Json.object();
    if (server) {
      var clientAuth = Json.array().add("client_secret_basic").add("client_secret_post");
      body.add("issuer", issuer)
          .add("token_endpoint", api + "/token")
          .add("token_endpoint_auth_methods_supported", clientAuth)
          .add("grant_types_supported", Json.array().add("client_credentials").add("refresh_token"))
          .add("response_types_supported", Json.array())
          .add("revocation_endpoint", api + "/revoke")
          .add(
              "revocation_endpoint_auth_methods_supported",
              Json.array().add("client_secret_basic").add("client_secret_post").add("none"));
      if (introspection) {
        body.add("introspection_endpoint", api + "/introspect")
            .add(
                "introspection_endpoint_auth_methods_supported",
                Json.array().add("client_secret_basic").add("client_secret_post"));
      }
    } else {
      body.add("resource", app)
          .add("authorization_servers", Json.array().add(issuer))
          .add("bearer_methods_supported", Json.array().add("header"));
    }
    if (jwks) {
      body.add("jwks_uri", api + "/keys");
    }
    JsonResponses.write(res, 200, body.build());
    return true;
  }

  /**
   * Whether the request asks for one of the two documents ({@code GET} or {@code HEAD}): public, so
   * no credential the request carries is looked at, in filter and container mode alike.
   */
  public static boolean isDocument(HttpServletRequest req) {
    String method = req.getMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return false;
    }
    String path = WebContext.pathOf(req);
    return path.equals(AUTHORIZATION_SERVER) || path.equals(PROTECTED_RESOURCE);
  }

  /** {@code scheme://host[:port]/context}, the port left out when it is the scheme's default. */
  static String applicationUrl(HttpServletRequest req) {
    String scheme = req.getScheme();
    String host = req.getServerName();
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]"; // an IPv6 literal (RFC 3986 §3.2.2)
    }
    int port = req.getServerPort();
    boolean usual =
        (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
    return scheme + "://" + host + (usual || port <= 0 ? "" : ":" + port) + req.getContextPath();
  }
}
