package io.github.jwtauth.web.endpoint;

import io.github.jwtauth.json.Json;
import io.github.jwtauth.keys.KeySet;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /keys}: the public verification keys as an RFC 7517 JWK Set, so other services can
 * verify our tokens without sharing a secret. Never private material; cacheable ({@code
 * Cache-Control: public, max-age}), computed once at start. Empty for HMAC algorithms.
 *
 * <p>Thread-safe.
 */
public final class JwksEndpoint {
  private final byte[] body;
  private final String cacheControl;

  public JwksEndpoint(KeySet keys, java.time.Duration maxAge) {
    this.body = Json.write(keys.jwks()).getBytes(StandardCharsets.UTF_8);
    this.cacheControl = "public, max-age=" + maxAge.toSeconds();
  }

  public void handle(HttpServletResponse res) throws IOException {
    res.setStatus(200);
    res.setContentType("application/jwk-set+json; charset=UTF-8");
    res.setHeader("Cache-Control", cacheControl);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }
}
