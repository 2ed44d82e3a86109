package io.github.jwtauth.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.core.StandardContext;
import org.eclipse.jetty.ee10.webapp.WebAppContext;

/**
 * Gives a deployed webapp its own {@link Clock}, the way an application would: the ServletContext
 * attribute {@code java.time.Clock} set before the jwt-auth filter and servlet initialise. The
 * harness deploys and starts in one step, so the webapp is restarted in place (same context path)
 * with the attribute set early in its start: on Jetty as a context attribute set while stopped, on
 * Tomcat from a lifecycle listener at {@code configure_start}, before any filter or servlet starts.
 *
 * <p>Not thread-safe: call from the test thread.
 */
public final class NodeClocks {
  public static final String ATTRIBUTE = Clock.class.getName();

  private NodeClocks() {}

  /** Restarts the webapp with clock; fails the test if it does not come back. */
  public static void restartWith(Deployment d, Clock clock) {
    try {
      if (d.handle() instanceof WebAppContext jetty) {
        JettyBesideTomcat.run(
            () -> {
              try {
                jetty.stop();
                jetty.setAttribute(ATTRIBUTE, clock);
                jetty.start();
              } catch (Exception e) {
                throw new AssertionError("Jetty webapp did not restart", e);
              }
            });
        if (!jetty.isAvailable()) {
          throw new AssertionError(
              "Jetty webapp did not restart: " + jetty.getUnavailableException());
        }
      } else if (d.handle() instanceof StandardContext tomcat) {
        tomcat.stop();
        tomcat.addLifecycleListener(
            event -> {
              if (Lifecycle.CONFIGURE_START_EVENT.equals(event.getType())) {
                tomcat.getServletContext().setAttribute(ATTRIBUTE, clock);
              }
            });
        tomcat.start();
        if (!tomcat.getState().isAvailable()) {
          throw new AssertionError("Tomcat webapp did not restart: " + tomcat.getState());
        }
      } else {
        throw new IllegalArgumentException("unknown container handle " + d.handle());
      }
    } catch (AssertionError | IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("restart of " + d + " failed", e);
    }
  }

  /** The system clock moved by an offset the test changes at will. Thread-safe. */
  public static final class Skewed extends Clock {
    private volatile Duration offset = Duration.ZERO;

    public void set(Duration offset) {
      this.offset = offset;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }

    @Override
    public long millis() {
      return System.currentTimeMillis() + offset.toMillis();
    }
  }
}
