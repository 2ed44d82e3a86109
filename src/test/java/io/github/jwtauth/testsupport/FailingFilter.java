package io.github.jwtauth.testsupport;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * Harness self-check: a filter whose init always fails, to prove the containers report failed
 * deployments.
 */
public final class FailingFilter implements Filter {
  @Override
  public void init(FilterConfig config) throws ServletException {
    throw new ServletException("FailingFilter refuses to start: harness.failing-param");
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) {
    throw new IllegalStateException("never initialised");
  }
}
