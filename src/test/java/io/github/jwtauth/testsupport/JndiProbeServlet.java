package io.github.jwtauth.testsupport;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.naming.InitialContext;
import javax.sql.DataSource;

/**
 * Harness self-check: looks up {@code java:comp/env/<name>} (name = init-param {@code jndi-name})
 * and runs {@code SELECT 1}. Mapped at {@code /probe/jndi} when the webapp declares a JNDI
 * DataSource.
 */
public final class JndiProbeServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setContentType("text/plain");
    resp.setCharacterEncoding("UTF-8");
    String name = getInitParameter("jndi-name");
    try {
      DataSource ds = (DataSource) new InitialContext().lookup("java:comp/env/" + name);
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT 1")) {
        rs.next();
        resp.getWriter().write("ok " + rs.getInt(1));
      }
    } catch (Exception e) {
      resp.setStatus(500);
      resp.getWriter().write("failed " + e);
    }
  }
}
