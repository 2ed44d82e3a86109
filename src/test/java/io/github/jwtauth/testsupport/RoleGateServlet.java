package io.github.jwtauth.testsupport;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * An application servlet that protects itself the way filter-mode deployments are told to: {@code
 * /api/role/ROLE} answers 200 {@code ok} when {@code request.isUserInRole(ROLE)}, else 403. A
 * request without a user is asked to authenticate first ({@code request.authenticate}: the
 * container's BASIC login), so a BASIC login reaches it on every container. Mapped by {@link
 * #WEB_XML}.
 */
public final class RoleGateServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** The servlet's declaration, for {@link TestWebapp#webXml}. */
  public static final String WEB_XML =
      "<servlet><servlet-name>roleGate</servlet-name><servlet-class>"
          + RoleGateServlet.class.getName()
          + "</servlet-class></servlet>\n"
          + "<servlet-mapping><servlet-name>roleGate</servlet-name>"
          + "<url-pattern>/api/role/*</url-pattern></servlet-mapping>";

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res)
      throws IOException, ServletException {
    if (req.getUserPrincipal() == null && !req.authenticate(res)) {
      return; // the container has challenged
    }
    String role = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
    if (!req.isUserInRole(role)) {
      res.sendError(403);
      return;
    }
    res.setContentType("text/plain");
    res.getWriter().write("ok");
  }
}
