package io.github.jwtauth.testsupport;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.naming.Context;

/**
 * Lets a Jetty webapp start (or stop) while a {@link io.github.jwtauth.testsupport.TomcatContainer}
 * is open in the same JVM. Tomcat's {@code enableNaming()} sets JVM-wide JNDI system properties
 * that send Jetty's own {@code java:comp} lookups (Env- and PlusConfiguration, at every webapp
 * start and stop) to Tomcat's naming, where it fails; they are lifted for the duration of the Jetty
 * start or stop and put back. Nothing in the tested library looks anything up in JNDI here (the
 * nodes use {@code jwt-auth.jdbc-url}).
 *
 * <p>Thread-safe (serialised); start Tomcat webapps from the same thread.
 */
public final class JettyBesideTomcat {
  private static final String[] PROPS = {
    Context.URL_PKG_PREFIXES, Context.INITIAL_CONTEXT_FACTORY, "catalina.useNaming"
  };

  private JettyBesideTomcat() {}

  public static synchronized <T> T run(Supplier<T> start) {
    Map<String, String> saved = new HashMap<>();
    for (String p : PROPS) {
      saved.put(p, System.getProperty(p));
      System.clearProperty(p);
    }
    try {
      return start.get();
    } finally {
      saved.forEach(
          (k, v) -> {
            if (v != null) {
              System.setProperty(k, v);
            }
          });
    }
  }

  public static void run(Runnable start) {
    run(
        () -> {
          start.run();
          return null;
        });
  }

  /** Undeploys from any container; on Jetty with Tomcat's naming properties lifted. */
  public static void undeploy(Container c, Deployment d) {
    if (c instanceof JettyContainer) {
      run(() -> c.undeploy(d));
    } else {
      c.undeploy(d);
    }
  }

  /** Deploys on any container; on Jetty with Tomcat's naming properties lifted. */
  public static Deployment deploy(Container c, TestWebapp app) {
    return c instanceof JettyContainer ? run(() -> c.deploy(app)) : c.deploy(app);
  }
}
