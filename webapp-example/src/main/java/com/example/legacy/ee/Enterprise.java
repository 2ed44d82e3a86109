package com.example.legacy.ee;

import jakarta.ejb.EJBAccessException;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;

/**
 * The only class of the app that touches CDI, EJB and Jakarta Security, for {@link
 * EnterpriseServlet}. On a server without them it cannot even be loaded, and the servlet answers
 * 501 instead.
 *
 * <p>Thread-safe: stateless.
 */
final class Enterprise {

    /** A status and a JSON body. */
    record Answer(int status, JsonObject body) {
    }

    private Enterprise() {
    }

    /**
     * {@code SecurityContext.getCallerPrincipal()} and {@code isCallerInRole}: Jakarta Security's
     * view of the caller, or null without a CDI container.
     */
    static Answer caller() {
        CDI<Object> cdi = cdi();
        if (cdi == null) {
            return null;
        }
        SecurityContext security = cdi.select(SecurityContext.class).get();
        Principal caller = security.getCallerPrincipal();
        JsonObjectBuilder body = Json.createObjectBuilder();
        if (caller == null) {
            body.addNull("caller");
        } else {
            body.add("caller", caller.getName());
        }
        body.add("administrator", security.isCallerInRole("administrator"));
        return new Answer(HttpServletResponse.SC_OK, body.build());
    }

    /** {@link AdminReport#report()}: 403 when the EJB container refuses the caller. */
    static Answer report() {
        CDI<Object> cdi = cdi();
        if (cdi == null) {
            return null;
        }
        try {
            return new Answer(HttpServletResponse.SC_OK, cdi.select(AdminReport.class).get().report());
        } catch (EJBAccessException e) {
            return new Answer(HttpServletResponse.SC_FORBIDDEN, Json.createObjectBuilder()
                    .add("error", "forbidden")
                    .add("message", "Administrators only.")
                    .build());
        }
    }

    private static CDI<Object> cdi() {
        try {
            return CDI.current();
        } catch (IllegalStateException e) {
            return null; // the CDI API is visible, but no CDI container runs this app
        }
    }
}
