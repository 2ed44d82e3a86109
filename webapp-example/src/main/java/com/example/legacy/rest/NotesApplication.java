package com.example.legacy.rest;

import org.glassfish.jersey.CommonProperties;
import org.glassfish.jersey.jsonp.JsonProcessingFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/**
 * The app's Jakarta REST application, served by Jersey's {@code ServletContainer} under
 * {@code /api/rest/*} (see web.xml). {@link RolesAllowedDynamicFeature} makes Jersey enforce
 * {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} with the request's
 * {@code SecurityContext}, which Jersey takes from the servlet request: whoever authenticated the
 * request (the container's BASIC login, or any filter in front of the servlet) is the user here.
 *
 * <p>Thread-safe: configured once by Jersey at start.
 */
public final class NotesApplication extends ResourceConfig {

    public NotesApplication() {
        register(RolesAllowedDynamicFeature.class);
        register(JsonProcessingFeature.class);
        register(JsonErrors.class);
        register(BadJson.class);
        register(new NotesResource(new Notes()));
        register(WhoAmIResource.class);
        // neither WADL nor the jakarta.activation DataSource entity is used: no start-up warnings
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
        property(CommonProperties.PROVIDER_DEFAULT_DISABLE, "DATASOURCE");
    }
}
