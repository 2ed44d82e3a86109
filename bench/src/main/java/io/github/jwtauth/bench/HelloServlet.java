package io.github.jwtauth.bench;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The bare application of the load test: a legacy servlet with no jwt-auth import that says hello
 * to whoever the Servlet API says is calling.
 *
 * <p>Thread-safe (stateless).
 */
public final class HelloServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String user = req.getRemoteUser();
    resp.setContentType("text/plain;charset=UTF-8");
    resp.getWriter().write(user == null ? "hello\n" : "hello " + user + "\n");
  }
}
