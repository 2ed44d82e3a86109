package com.example.legacy;

import jakarta.json.Json;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A greeting that works for everybody: anonymous callers are greeted as "stranger".
 *
 * <p>Thread-safe: stateless.
 */
public final class HelloServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String user = request.getRemoteUser();
        String message = "Hello, " + (user == null ? "stranger" : user) + "!";
        Responses.json(response, HttpServletResponse.SC_OK,
                Json.createObjectBuilder().add("message", message).build());
    }
}
