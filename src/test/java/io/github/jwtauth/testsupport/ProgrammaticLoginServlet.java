package io.github.jwtauth.testsupport;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A legacy servlet that logs in and out by the Servlet API, mapped by the tests at {@code
 * /api/programmatic/*}, each answering like {@link LegacyMeServlet} afterwards:
 *
 * <ul>
 *   <li>{@code POST …/login} with form fields {@code user} and {@code password}: opens a session,
 *       then {@code request.login(user, password)}; a refused login answers 401 {@code login
 *       failed};
 *   <li>{@code POST …/logout}: {@code request.logout()};
 *   <li>{@code GET …/authenticate}: {@code request.authenticate(response)}; when false the
 *       container has answered and nothing more is written;
 *   <li>{@code GET …/me}: just the view.
 * </ul>
 */
public final class ProgrammaticLoginServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp)
      throws IOException, ServletException {
    String op = req.getPathInfo() == null ? "" : req.getPathInfo();
    switch (req.getMethod() + " " + op) {
      case "POST /login" -> {
        req.getSession(true);
        try {
          req.login(req.getParameter("user"), req.getParameter("password"));
        } catch (ServletException e) {
          resp.setStatus(401);
          resp.setContentType("text/plain");
          resp.getWriter().write("login failed");
          return;
        }
      }
      case "POST /logout" -> req.logout();
      case "GET /authenticate" -> {
        if (!req.authenticate(resp)) {
          return;
        }
      }
      case "GET /me" -> {}
      default -> {
        resp.sendError(404);
        return;
      }
    }
    new LegacyMeServlet().service(req, resp);
  }
}
