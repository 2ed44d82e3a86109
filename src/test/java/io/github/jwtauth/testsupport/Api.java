package io.github.jwtauth.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;

/**
 * The jwt-auth HTTP API of one deployment, spoken the way the README's curl examples do ({@code -u
 * user:password -F name=...}). Thread-safe.
 */
public final class Api {
  public static final String BASE_PATH = "/jwt-auth/v1";
  private final URI base;

  public Api(Deployment d) {
    this.base = d.baseUri();
  }

  public URI base() {
    return base;
  }

  /** A request to a path under the context root (e.g. {@code /api/me}). */
  public Http.Req app(String path) {
    return Http.to(base, path);
  }

  /** A request to a library route (e.g. {@code /token}). */
  public Http.Req api(String path) {
    return Http.to(base, BASE_PATH + path);
  }

  /** {@code curl -u user:password -X POST -F name=... .../key-pair}: asserts 201. */
  public KeyPair createKeyPair(String user, String name) {
    Http.Res r = api("/key-pair").basic(user, Container.PASSWORD).multipart("name", name).post();
    assertEquals(201, r.status(), () -> "creating key-pair: " + r);
    JsonObject b = r.json();
    return new KeyPair(user, b.getString("api_key"), b.getString("api_secret"), b);
  }

  /** {@code curl -F api_key=... -F api_secret=... .../token}. */
  public Http.Res token(String apiKey, String apiSecret) {
    return api("/token").multipart("api_key", apiKey, "api_secret", apiSecret).post();
  }

  /** Token exchange that must succeed. */
  public Tokens tokens(KeyPair kp) {
    Http.Res r = token(kp.apiKey(), kp.apiSecret());
    assertEquals(200, r.status(), () -> "token exchange: " + r);
    JsonObject b = r.json();
    return new Tokens(b.getString("access_token"), b.getString("refresh_token"), b);
  }

  /** {@code curl -F refresh_token=... .../token}. */
  public Http.Res refresh(String refreshToken) {
    return api("/token").multipart("refresh_token", refreshToken).post();
  }

  /** GET /api/me with a Bearer token. */
  public Http.Res me(String accessToken) {
    return app("/api/me").bearer(accessToken).get();
  }

  /** GET /key-pair as user (with ?user=of when of != null); asserts 200 and returns the rows. */
  public JsonArray list(String user, String of) {
    Http.Res r =
        api("/key-pair" + (of == null ? "" : "?user=" + Http.enc(of)))
            .basic(user, Container.PASSWORD)
            .get();
    assertEquals(200, r.status(), () -> "listing key-pairs: " + r);
    return Json.parse(r.body()).asJsonArray();
  }

  /** A created key-pair. */
  public record KeyPair(String user, String apiKey, String apiSecret, JsonObject body) {}

  /** An issued token pair. */
  public record Tokens(String access, String refresh, JsonObject body) {}
}
