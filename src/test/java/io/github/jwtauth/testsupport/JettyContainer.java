package io.github.jwtauth.testsupport;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.plus.webapp.EnvConfiguration;
import org.eclipse.jetty.ee10.plus.webapp.PlusConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppClassLoader;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.ClassMatcher;
import org.eclipse.jetty.util.security.Credential;

/**
 * Embedded Jetty 12 (ee10) with a {@link HashLoginService} named {@value TestWebapp#REALM} holding
 * the demo users, and JNDI (EnvConfiguration + PlusConfiguration) for DataSources bound per webapp.
 * Webapps fail loudly ({@code setThrowUnavailableOnStartupException(true)}).
 */
public final class JettyContainer implements Container {
  private static final AtomicInteger CONTEXTS = new AtomicInteger();

  private final Server server;
  private final ContextHandlerCollection contexts = new ContextHandlerCollection();
  private final ServerConnector connector;
  private final boolean annotations;

  /** Jetty as the other tests use it: no annotations module, so no initializer runs. */
  public JettyContainer() {
    this(false);
  }

  /**
   * Jetty with its annotations module ({@code AnnotationConfiguration}) when {@code annotations}:
   * it then runs the ServletContainerInitializers of the webapps' jars, as a Jetty distribution
   * with the {@code ee10-annotations} module does.
   */
  public JettyContainer(boolean annotations) {
    this.annotations = annotations;
    server = new Server();
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(contexts);
    UserStore users = new UserStore();
    USERS.forEach(
        (user, roles) ->
            users.addUser(user, Credential.getCredential(PASSWORD), roles.toArray(new String[0])));
    HashLoginService login = new HashLoginService(TestWebapp.REALM);
    login.setUserStore(users);
    server.addBean(login);
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not start", e);
    }
  }

  @Override
  public String name() {
    return annotations ? "jetty-annotations" : "jetty";
  }

  @Override
  public Deployment deploy(TestWebapp app) {
    Path dir = app.build();
    String contextPath = "/" + app.name() + "-" + CONTEXTS.incrementAndGet();
    WebAppContext webapp = new WebAppContext();
    webapp.setContextPath(contextPath);
    webapp.setWar(dir.toString());
    webapp.setParentLoaderPriority(false);
    if (app.isIsolated()) {
      webapp.setClassLoader(
          new WebAppClassLoader(
              app.parentClassLoader(JettyContainer.class.getClassLoader()), webapp));
    }
    webapp.setThrowUnavailableOnStartupException(true);
    webapp.setTempDirectory(dir.resolveSibling(dir.getFileName() + "-jetty-tmp").toFile());
    webapp.addConfiguration(new EnvConfiguration(), new PlusConfiguration());
    if (!annotations) {
      // the annotations module is on the test class path, and Jetty enables every configuration it
      // finds there: this Jetty is the one without it, which runs no initializer
      webapp.removeConfiguration(AnnotationConfiguration.class);
    } else {
      webapp.addConfiguration(new AnnotationConfiguration());
      // the test class path also holds the embedded Tomcat, whose Jakarta Authentication API and
      // factory a real Jetty does not have: hide them, as Jetty hides its own server classes
      webapp.addHiddenClassMatcher(
          new ClassMatcher(
              "jakarta.security.auth.message.", "org.apache.catalina.", "org.apache.tomcat."));
    }
    Throwable failure = null;
    try {
      if (app.jndiName() != null) {
        new org.eclipse.jetty.plus.jndi.Resource(webapp, app.jndiName(), app.jndiDb().dataSource());
      }
      contexts.addHandler(webapp);
      if (!webapp.isStarted()) {
        webapp.start();
      }
    } catch (Throwable t) {
      failure = t;
    }
    if (failure == null) {
      failure = webapp.getUnavailableException();
    }
    boolean failed = failure != null || !webapp.isAvailable() || !webapp.isStarted();
    String text = failure != null ? describe(failure) : (failed ? "webapp not available" : null);
    URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + contextPath);
    return new Deployment(this, app, contextPath, base, failed, text, webapp);
  }

  @Override
  public void undeploy(Deployment deployment) {
    WebAppContext webapp = (WebAppContext) deployment.handle();
    try {
      webapp.stop();
    } catch (Exception e) {
      // best effort
    }
    contexts.removeHandler(webapp);
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }

  static String describe(Throwable t) {
    StringWriter sw = new StringWriter();
    t.printStackTrace(new PrintWriter(sw));
    return sw.toString();
  }

  List<WebAppContext> webapps() {
    return contexts.getDescendants(WebAppContext.class);
  }
}
