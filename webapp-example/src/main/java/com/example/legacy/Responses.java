package com.example.legacy;

import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Writes the app's JSON answers. Thread-safe: stateless. */
final class Responses {

    private Responses() {
    }

    static void json(HttpServletResponse response, int status, JsonObject body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().println(body); // JsonObject.toString() is its compact JSON text
    }
}
