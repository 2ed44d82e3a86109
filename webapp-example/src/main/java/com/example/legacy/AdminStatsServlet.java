package com.example.legacy;

import jakarta.json.Json;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;

/**
 * Administrators only: web.xml's security-constraint on {@code /api/admin/*} (role
 * {@code administrator}) lets the container refuse everybody else before this servlet runs. The
 * servlet checks {@code isUserInRole("administrator")} once more, as legacy code often does; that
 * check is what protects it where a deployment replaces the constraint by
 * {@code jwt-auth.token-required} (Jetty 12, see docs/walkthrough.md).
 *
 * <p>Thread-safe: stateless.
 */
public final class AdminStatsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.isUserInRole("administrator")) {
            Responses.json(response, HttpServletResponse.SC_FORBIDDEN, Json.createObjectBuilder()
                    .add("error", "forbidden")
                    .add("message", "Administrators only.")
                    .build());
            return;
        }
        Runtime runtime = Runtime.getRuntime();
        Responses.json(response, HttpServletResponse.SC_OK, Json.createObjectBuilder()
                .add("user", request.getRemoteUser())
                .add("uptime_ms", ManagementFactory.getRuntimeMXBean().getUptime())
                .add("processors", runtime.availableProcessors())
                .add("heap_used_bytes", runtime.totalMemory() - runtime.freeMemory())
                .build());
    }
}
