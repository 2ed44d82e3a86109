package com.example.legacy;

import jakarta.json.Json;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;

/**
 * Administrators only. The application makes the role check itself with
 * {@code isUserInRole("administrator")}; jwt-auth (configured with
 * {@code jwt-auth.token-required=/api/admin/*}) has already refused requests without a token.
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
