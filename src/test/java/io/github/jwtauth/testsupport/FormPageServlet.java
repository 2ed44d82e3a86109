package io.github.jwtauth.testsupport;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The form-login-page or form-error-page of a FORM test webapp: answers text/plain {@code <page>
 * <method> <forwarded-from>}, where page is the init-param {@code page} and forwarded-from the
 * original request URI of a forward ({@code -} when called directly), so tests see that the
 * container forwarded, how, and from where.
 */
public final class FormPageServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Object from = req.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI);
    resp.setStatus(200);
    resp.setContentType("text/plain");
    resp.setCharacterEncoding("UTF-8");
    resp.getWriter()
        .write(
            getInitParameter("page") + " " + req.getMethod() + " " + (from == null ? "-" : from));
  }
}
