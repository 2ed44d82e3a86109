package com.example.legacy.ee;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.lang.management.ManagementFactory;

/**
 * An enterprise bean for administrators only: the EJB container refuses every other caller
 * ({@code EJBAccessException}) before the method runs, with the identity the web container
 * established for the request (a BASIC login, or jwt-auth's Bearer token in container mode).
 * Deployed only where the server has an EJB container (Payara, GlassFish, WildFly, …); Tomcat and
 * Jetty ignore the annotations.
 *
 * <p>Thread-safe: a stateless session bean, one caller per instance at a time.
 */
@Stateless
@RolesAllowed("administrator")
public class AdminReport {

    @Resource
    private SessionContext session;

    /** Who the EJB container says the caller is, and how long the server has been up. */
    public JsonObject report() {
        return Json.createObjectBuilder()
                .add("user", session.getCallerPrincipal().getName())
                .add("uptime_ms", ManagementFactory.getRuntimeMXBean().getUptime())
                .build();
    }
}
