package io.github.jwtauth.bench;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;

/**
 * The load test's naive peer: the java-jwt filter a developer writes in 30 lines. Every Bearer
 * request is verified (HS256 with jwt-auth's secret from {@link LoadServer#PEER_SECRET_PARAM},
 * issuer {@code jwt-auth}), no cache, no revocation check; the request is wrapped so that {@code
 * getRemoteUser()} is the token's {@code sub}. The verifier is built once (java-jwt's verifiers are
 * thread-safe, and building one per request would only make this peer slower).
 */
public final class JavaJwtFilter implements Filter {
  private JWTVerifier verifier;

  @Override
  public void init(FilterConfig config) {
    String secret = config.getServletContext().getInitParameter(LoadServer.PEER_SECRET_PARAM);
    verifier =
        JWT.require(Algorithm.HMAC256(secret.getBytes(StandardCharsets.UTF_8)))
            .withIssuer(Fixtures.ISSUER)
            .build();
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) req;
    String header = http.getHeader("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      chain.doFilter(req, res);
      return;
    }
    String sub;
    try {
      sub = verifier.verify(header.substring(7)).getSubject();
    } catch (JWTVerificationException e) {
      HttpServletResponse out = (HttpServletResponse) res;
      out.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      out.sendError(HttpServletResponse.SC_UNAUTHORIZED);
      return;
    }
    Principal principal = () -> sub;
    chain.doFilter(
        new HttpServletRequestWrapper(http) {
          @Override
          public String getRemoteUser() {
            return sub;
          }

          @Override
          public Principal getUserPrincipal() {
            return principal;
          }
        },
        res);
  }
}
