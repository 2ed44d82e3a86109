package com.example.legacy.ee;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /api/ee/*}: the Jakarta EE part of the app, for full EE servers (Payara, GlassFish, …).
 * Legacy code that relies on the server's identity beyond the Servlet API:
 *
 * <pre>
 * GET /api/ee/caller   200 {"caller": "admin", "administrator": true}   (Jakarta Security's SecurityContext)
 * GET /api/ee/report   200 {"user": "admin", …} | 403                    (an EJB with @RolesAllowed)
 * </pre>
 *
 * <p>On a servlet container without CDI (Tomcat, Jetty) both answer 501 {@code not_implemented}.
 * No security-constraint covers these URLs: the EJB container enforces its own roles.
 *
 * <p>Thread-safe: stateless.
 */
public final class EnterpriseServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (!"/caller".equals(path) && !"/report".equals(path)) {
            json(response, HttpServletResponse.SC_NOT_FOUND, "not_found", "There is nothing here.");
            return;
        }
        Enterprise.Answer answer;
        try {
            // a direct call (no lambda), so that a missing API surfaces here, as a LinkageError
            answer = "/caller".equals(path) ? Enterprise.caller() : Enterprise.report();
        } catch (LinkageError e) {
            answer = null; // no CDI, EJB or Jakarta Security API on this server at all
        }
        if (answer == null) {
            json(response, HttpServletResponse.SC_NOT_IMPLEMENTED, "not_implemented", "no CDI on this container");
            return;
        }
        write(response, answer.status(), answer.body());
    }

    private static void json(HttpServletResponse response, int status, String error, String message)
            throws IOException {
        write(response, status, Json.createObjectBuilder().add("error", error).add("message", message).build());
    }

    private static void write(HttpServletResponse response, int status, JsonObject body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().println(body);
    }
}
