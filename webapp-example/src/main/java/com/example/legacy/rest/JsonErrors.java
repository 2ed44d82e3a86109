package com.example.legacy.rest;

import jakarta.json.Json;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;

/**
 * Answers every Jakarta REST error (a 403 from {@code @RolesAllowed}, a 404, a 400 from the
 * resource, …) with the app's JSON error shape, e.g. {@code {"error":"forbidden","message":"User
 * not authorized."}}, instead of the container's HTML error page, so the API answers alike on every
 * container. Status and headers (e.g. {@code Allow} of a 405) are kept.
 *
 * <p>Thread-safe: stateless.
 */
@Provider
public final class JsonErrors implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        Response.StatusType status = original.getStatusInfo();
        String error = status.getReasonPhrase() == null || status.getReasonPhrase().isBlank()
                ? "error"
                : status.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '_');
        String message = exception.getMessage() == null ? status.getReasonPhrase() : exception.getMessage();
        return Response.fromResponse(original)
                .entity(Json.createObjectBuilder().add("error", error).add("message", message).build())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
