package io.github.jwtauth.web.endpoint;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.credential.KeyPairInput;
import io.github.jwtauth.json.Json;
import io.github.jwtauth.web.Cors;
import io.github.jwtauth.web.JsonResponses;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code OPTIONS} on every route of the token servlet: 200 with {@code Allow} (RFC 9110 §9.3.7,
 * §10.2.1) and a JSON description of the route in the shape of the WordPress REST API's answer to
 * {@code OPTIONS}: {@code namespace}, {@code route}, {@code methods}, and {@code endpoints}, each
 * with its methods and {@code args}, one JSON Schema per parameter (plus WordPress's {@code
 * required}). A CORS preflight gets the same answer and, from an allowed origin, the headers of
 * {@link Cors} with the route's methods. An unknown route: 404 {@code rest_no_route}.
 *
 * <p>Every answer is built at start. Immutable and thread-safe.
 */
public final class OptionsEndpoint {
  /** One route: the methods it serves and its precomputed answer. */
  private record Route(String allow, String corsMethods, byte[] body) {}

  private final Cors cors;
  private final Route token;
  private final Route validate;
  private final Route keys;
  private final Route profile;
  private final Route keyPairs;
  private final Route keyPair;
  private final Route userRevokeAll;
  private final Route userRevoke;
  private final Route revoke;

  /** Null when the introspection endpoint is off: then no route either. */
  private final Route introspect;

  /**
   * @param basePath the servlet's mapping, such as {@code /jwt-auth/v1}
   * @param introspection whether {@code /introspect} is on ({@code jwt-auth.introspection-role})
   */
  public OptionsEndpoint(String basePath, Cors cors, boolean introspection) {
    this.cors = cors;
    String ns = basePath.substring(1);
    this.token =
        route(
            ns,
            basePath + "/token",
            endpoint(
                "POST",
                arg(
                    "api_key",
                    "The API key of a key-pair (with api_secret); or send refresh_token.",
                    false),
                arg("api_secret", "The API secret of that key-pair.", false),
                arg("client_id", "OAuth 2.0 client_credentials name of api_key.", false),
                arg("client_secret", "OAuth 2.0 client_credentials name of api_secret.", false),
                arg("grant_type", "client_credentials or refresh_token; optional.", false)
                    .with("enum", Json.array().add("client_credentials").add("refresh_token")),
                arg(
                    "refresh_token",
                    "A refresh token: it buys a new pair and is then spent (it wins over"
                        + " api_key).",
                    false)));
    this.validate = route(ns, basePath + "/token/validate", endpoint("GET, POST"));
    this.keys = route(ns, basePath + "/keys", endpoint("GET"));
    this.profile = route(ns, basePath + "/profile", endpoint("GET", user()));
    this.keyPairs =
        route(
            ns,
            basePath + "/key-pair",
            endpoint("GET", user()),
            endpoint("POST", creation(user())),
            endpoint("DELETE", user()));
    // one segment: a login for GET and POST (the plugin's user_id), an api_key for DELETE (ours)
    this.keyPair =
        route(
            ns,
            basePath + "/key-pair/{user_id|api_key}",
            endpoint("GET", userId("whose key-pairs are listed")),
            endpoint("POST", creation(userId("for whom the key-pair is created"))),
            endpoint(
                "DELETE", arg("api_key", "The API key of the key-pair to revoke.", true), user()));
    this.userRevokeAll =
        route(
            ns,
            basePath + "/key-pair/{user_id}/revoke-all",
            endpoint("DELETE", userId("whose key-pairs are all revoked")));
    this.userRevoke =
        route(
            ns,
            basePath + "/key-pair/{user_id}/{api_key}/revoke",
            endpoint(
                "DELETE",
                userId("whose key-pair is revoked"),
                arg("api_key", "The API key of the key-pair to revoke.", true)));
    Arg hint =
        arg("token_type_hint", "access_token or refresh_token; optional, both are tried.", false)
            .with("enum", Json.array().add("access_token").add("refresh_token"));
    this.revoke =
        route(
            ns,
            basePath + "/revoke",
            endpoint(
                "POST",
                arg(
                    "token",
                    "RFC 7009: a refresh token (its chain is revoked) or an access token (its"
                        + " key-pair is revoked; needs that key-pair's client credentials).",
                    true),
                hint,
                arg("client_id", "The api_key, as client credentials (or HTTP Basic).", false),
                arg("client_secret", "The api_secret of that key-pair.", false)));
    this.introspect =
        !introspection
            ? null
            : route(
                ns,
                basePath + "/introspect",
                endpoint(
                    "POST",
                    arg("token", "RFC 7662: the access token to describe.", true),
                    arg(
                        "token_type_hint",
                        "access_token or refresh_token; optional, ignored.",
                        false),
                    arg(
                        "client_id",
                        "The api_key of a key-pair whose user holds the introspection role (or"
                            + " HTTP Basic).",
                        true),
                    arg("client_secret", "The api_secret of that key-pair.", true)));
  }

  /**
   * @param route what follows the base path, e.g. {@code /token}
   * @throws JwtAuthException {@link ErrorCode#NO_ROUTE} for a path that is no route
   */
  public void handle(HttpServletRequest req, HttpServletResponse res, String route)
      throws IOException {
    Route r = find(route);
    if (r == null) {
      throw new JwtAuthException(ErrorCode.NO_ROUTE);
    }
    if (Cors.isPreflight(req)) {
      cors.addPreflightHeaders(req, res, r.corsMethods());
    } else {
      cors.addResponseHeaders(req, res);
    }
    res.setHeader("Allow", r.allow());
    JsonResponses.write(res, 200, r.body());
  }

  private Route find(String route) {
    return switch (route) {
      case "/token" -> token;
      case "/token/validate" -> validate;
      case "/keys" -> keys;
      case "/profile" -> profile;
      case "/revoke" -> revoke;
      case "/introspect" -> introspect;
      default -> {
        KeyPairRoute.Shape shape =
            route.equals("/key-pair") || route.startsWith("/key-pair/")
                ? KeyPairRoute.shape(route.substring("/key-pair".length()))
                : null;
        yield shape == null
            ? null
            : switch (shape) {
              case COLLECTION -> keyPairs;
              case ONE -> keyPair;
              case USER_REVOKE_ALL -> userRevokeAll;
              case USER_REVOKE -> userRevoke;
            };
      }
    };
  }

  /** One parameter: its name and its JSON Schema. */
  private record Arg(String name, JsonObjectBuilder schema) {
    Arg with(String keyword, String value) {
      schema.add(keyword, value);
      return this;
    }

    Arg with(String keyword, int value) {
      schema.add(keyword, value);
      return this;
    }

    Arg with(String keyword, JsonArrayBuilder value) {
      schema.add(keyword, value);
      return this;
    }
  }

  private static Arg user() {
    return arg(
        "user",
        "In the query string: the login of the user an administrator acts for; default: the"
            + " caller.",
        false);
  }

  /** The parameters of a key-pair creation, then the one naming the user. */
  private static Arg[] creation(Arg user) {
    return new Arg[] {
      arg("name", "A name for the new key-pair.", true)
          .with("minLength", 1)
          .with("maxLength", KeyPairInput.MAX_NAME_LENGTH),
      arg(
              "expires_in",
              "Days until the key-pair expires (1 to "
                  + KeyPairInput.MAX_EXPIRY_DAYS
                  + "); not with expires_at. Default: the server's.",
              false)
          .with("pattern", "^[0-9]{1,4}$"),
      arg(
          "expires_at",
          "When the key-pair expires: a date (midnight UTC) or an instant with an offset; not"
              + " with expires_in.",
          false),
      arg(
          "roles",
          "Comma-separated (or repeated, or a JSON array): restrict the key-pair to these of the"
              + " user's roles. Default: all of them.",
          false),
      user
    };
  }

  /** The plugin's {@code user_id} path segment: here the user's login. */
  private static Arg userId(String what) {
    return arg(
        "user_id",
        "In the path: the login of the user "
            + what
            + " (the caller's own; any user's for an administrator).",
        true);
  }

  private static Arg arg(String name, String description, boolean required) {
    return new Arg(
        name,
        Json.object()
            .add("type", "string")
            .add("description", description)
            .add("required", required));
  }

  /** One endpoint: its methods ({@code "GET, POST"}) and its parameters. */
  private static JsonObject endpoint(String methods, Arg... args) {
    var list = Json.array();
    for (String m : methods.split(", ")) {
      list.add(m);
    }
    JsonObjectBuilder byName = Json.object();
    for (Arg a : args) {
      byName.add(a.name(), a.schema());
    }
    return Json.object().add("methods", list).add("args", byName).build();
  }

  private static Route route(String namespace, String path, JsonObject... endpoints) {
    Set<String> methods = new LinkedHashSet<>();
    for (JsonObject e : endpoints) {
      e.getJsonArray("methods")
          .getValuesAs(JsonString.class)
          .forEach(m -> methods.add(m.getString()));
    }
    String corsMethods = String.join(", ", methods);
    methods.add("OPTIONS");
    var list = Json.array();
    methods.forEach(list::add);
    var all = Json.array();
    for (JsonObject e : endpoints) {
      all.add(e);
    }
    JsonObject body =
        Json.object()
            .add("namespace", namespace)
            .add("route", path)
            .add("methods", list)
            .add("endpoints", all)
            .build();
    return new Route(String.join(", ", methods), corsMethods, JsonResponses.bytes(body));
  }
}
