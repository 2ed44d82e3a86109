package io.github.jwtauth.testsupport;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A "legacy" application servlet that knows nothing about jwt-auth: it only uses the standard
 * servlet security API and prints what the container (or a filter wrapping the request) reports.
 * Mapped at {@code /api/me} by {@link TestWebapp}.
 */
public final class LegacyMeServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setStatus(200);
    resp.setContentType("application/json");
    resp.setCharacterEncoding("UTF-8");
    resp.getWriter()
        .write(
            "{\"remote_user\":"
                + Json.quote(req.getRemoteUser())
                + ",\"auth_type\":"
                + Json.quote(req.getAuthType())
                + ",\"administrator\":"
                + req.isUserInRole("administrator")
                + "}");
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    doGet(req, resp);
  }
}
