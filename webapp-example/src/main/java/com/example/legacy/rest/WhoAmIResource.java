package com.example.legacy.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * {@code /api/rest/whoami}: what Jakarta REST's {@link SecurityContext} says about the caller.
 *
 * <p>{@code {"principal": …, "authentication_scheme": …, "roles": […]}}: the scheme is "BASIC"
 * for a container login and "Bearer" for a token; roles lists which of the app's roles
 * {@code isUserInRole} grants.
 *
 * <p>Thread-safe: stateless.
 */
@Path("whoami")
@Produces(MediaType.APPLICATION_JSON)
public final class WhoAmIResource {

    private static final String[] ROLES = {"administrator", "user"};

    @GET
    @PermitAll
    public JsonObject whoAmI(@Context SecurityContext security) {
        JsonObjectBuilder body = Json.createObjectBuilder();
        Principal principal = security.getUserPrincipal();
        if (principal == null) {
            body.addNull("principal");
        } else {
            body.add("principal", principal.getName());
        }
        String scheme = security.getAuthenticationScheme();
        if (scheme == null) {
            body.addNull("authentication_scheme");
        } else {
            body.add("authentication_scheme", scheme);
        }
        JsonArrayBuilder roles = Json.createArrayBuilder();
        for (String role : ROLES) {
            if (security.isUserInRole(role)) {
                roles.add(role);
            }
        }
        return body.add("roles", roles).build();
    }
}
