package com.example.legacy.rest;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A request body that is not JSON (or empty) where JSON is expected: 400 in the app's error
 * shape, not a 500.
 *
 * <p>Thread-safe: stateless.
 */
@Provider
public final class BadJson implements ExceptionMapper<JsonException> {

    @Override
    public Response toResponse(JsonException exception) {
        return Response.status(Response.Status.BAD_REQUEST)
                .entity(Json.createObjectBuilder()
                        .add("error", "bad_request")
                        .add("message", "The request body is not a JSON object.")
                        .build())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
