package io.github.jwtauth.bench;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.web.FilterChainProxy;

/**
 * The load test's Spring Security peer as a web.xml filter: {@link SpringPeer#chain} over an HS256
 * {@link SpringPeer#hs256} decoder with the webapp's {@link LoadServer#PEER_SECRET_PARAM}
 * (jwt-auth's secret; UTF-8 bytes, as jwt-auth reads it) and issuer {@code jwt-auth}.
 *
 * <p>Thread-safe after {@link #init} (the chain is).
 */
public final class SpringResourceServerFilter implements Filter {
  private FilterChainProxy chain;

  @Override
  public void init(FilterConfig config) {
    byte[] secret =
        config
            .getServletContext()
            .getInitParameter(LoadServer.PEER_SECRET_PARAM)
            .getBytes(StandardCharsets.UTF_8);
    chain = SpringPeer.chain(SpringPeer.hs256(secret, Fixtures.ISSUER));
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain next)
      throws IOException, ServletException {
    chain.doFilter(req, res, next);
  }
}
