package com.example.legacy;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Who is calling? A legacy servlet that knows only the Servlet API: it reports what the container
 * (or any filter in front of it) says about the caller.
 *
 * <p>{@code {"remote_user": ..., "auth_type": ..., "administrator": ...}}: auth_type is "BASIC" for a
 * container login, "Bearer" for a jwt-auth token and null for an anonymous request.
 *
 * <p>Thread-safe: stateless.
 */
public final class MeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonObjectBuilder body = Json.createObjectBuilder();
        putNullable(body, "remote_user", request.getRemoteUser());
        putNullable(body, "auth_type", request.getAuthType());
        body.add("administrator", request.isUserInRole("administrator"));
        Responses.json(response, HttpServletResponse.SC_OK, body.build());
    }

    private static void putNullable(JsonObjectBuilder body, String name, String value) {
        if (value == null) {
            body.addNull(name);
        } else {
            body.add(name, value);
        }
    }
}
