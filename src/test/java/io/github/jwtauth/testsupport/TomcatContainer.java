package io.github.jwtauth.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.naming.Context;
import org.apache.catalina.Host;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ContextResource;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Embedded Tomcat 11 with naming enabled, the demo users in the default realm, and contexts that
 * honour BASIC credentials on unconstrained URLs ({@code setPreemptiveAuthentication(true)}, unless
 * the webapp asks otherwise). The class path is not scanned for web-fragments: only WEB-INF/lib is.
 *
 * <p>{@code enableNaming()} sets JVM-wide JNDI system properties; they are restored by {@link
 * #close()}, so run at most one TomcatContainer at a time and never alongside a Jetty JNDI lookup.
 */
public final class TomcatContainer implements Container {
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final AtomicInteger CONTEXTS = new AtomicInteger();
  private static final String[] NAMING_PROPS = {
    Context.URL_PKG_PREFIXES, Context.INITIAL_CONTEXT_FACTORY, "catalina.useNaming"
  };
  // strong reference: JUL loggers are weakly held
  private static final Logger CATALINA_LOG = Logger.getLogger("org.apache.catalina");

  private final Tomcat tomcat = new Tomcat();
  private final Host host;
  private final Map<String, String> savedProps = new java.util.HashMap<>();

  public TomcatContainer() {
    for (String p : NAMING_PROPS) {
      savedProps.put(p, System.getProperty(p));
    }
    Path base =
        TestWebapp.targetDir()
            .resolve("it-tomcat")
            .resolve("tomcat-" + INSTANCES.incrementAndGet() + "-" + System.nanoTime());
    try {
      Files.createDirectories(base.resolve("webapps"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    tomcat.enableNaming();
    USERS.forEach(
        (user, roles) -> {
          tomcat.addUser(user, PASSWORD);
          roles.forEach(r -> tomcat.addRole(user, r));
        });
    host = tomcat.getHost();
    host.setAutoDeploy(false);
    try {
      tomcat.start();
    } catch (LifecycleException e) {
      throw new IllegalStateException("Tomcat did not start", e);
    }
  }

  @Override
  public String name() {
    return "tomcat";
  }

  @Override
  public Deployment deploy(TestWebapp app) {
    Path dir = app.build();
    String contextPath = "/" + app.name() + "-" + CONTEXTS.incrementAndGet();
    StandardContext ctx = new StandardContext();
    ctx.setName(contextPath);
    ctx.setPath(contextPath);
    ctx.setDocBase(dir.toString());
    ctx.setParentClassLoader(app.parentClassLoader(TomcatContainer.class.getClassLoader()));
    ctx.setPreemptiveAuthentication(app.preemptiveBasic());
    StandardJarScanner scanner = new StandardJarScanner();
    scanner.setScanClassPath(false); // the drop-in must be found in WEB-INF/lib, nowhere else
    ctx.setJarScanner(scanner);
    ContextConfig config = new ContextConfig();
    config.setDefaultWebXml(tomcat.noDefaultWebXmlPath());
    ctx.addLifecycleListener(config);
    if (app.jndiName() != null) {
      ctx.getNamingResources().addResource(resource(app.jndiName(), app.jndiDb()));
    }

    List<String> logged = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue() || r.getThrown() != null) {
              StringBuilder sb = new StringBuilder(String.valueOf(r.getMessage()));
              for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
                sb.append("\n  caused by: ").append(t);
              }
              synchronized (logged) {
                logged.add(sb.toString());
              }
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    CATALINA_LOG.addHandler(capture);
    String thrown = null;
    try {
      host.addChild(ctx);
    } catch (RuntimeException e) {
      thrown = JettyContainer.describe(e);
    } finally {
      CATALINA_LOG.removeHandler(capture);
    }
    boolean failed =
        thrown != null || ctx.getState() != LifecycleState.STARTED || !ctx.getState().isAvailable();
    String failure = null;
    if (failed) {
      StringBuilder sb = new StringBuilder("context state ").append(ctx.getState());
      if (thrown != null) {
        sb.append("\n").append(thrown);
      }
      synchronized (logged) {
        logged.forEach(l -> sb.append("\n").append(l));
      }
      failure = sb.toString();
    }
    URI base = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + contextPath);
    return new Deployment(this, app, contextPath, base, failed, failure, ctx);
  }

  private static ContextResource resource(String name, Databases.Db db) {
    ContextResource r = new ContextResource();
    r.setName(name);
    r.setAuth("Container");
    switch (db.kind()) {
      case H2 -> {
        r.setType("org.h2.jdbcx.JdbcDataSource");
        r.setProperty("factory", "org.h2.jdbcx.JdbcDataSourceFactory");
        r.setProperty("url", db.jdbcUrl());
        r.setProperty("user", db.user() == null ? "" : db.user());
        r.setProperty("password", db.password() == null ? "" : db.password());
        r.setProperty("description", "jwt-auth integration test"); // the H2 factory reads all five
        r.setProperty("loginTimeout", "0");
      }
      case POSTGRESQL -> {
        r.setType("org.postgresql.ds.PGSimpleDataSource");
        r.setProperty("factory", "org.postgresql.ds.common.PGObjectFactory");
        Databases.PgUrl u = Databases.PgUrl.parse(db.jdbcUrl());
        r.setProperty("serverName", u.host());
        r.setProperty("portNumber", String.valueOf(u.port()));
        r.setProperty("databaseName", u.database());
        u.params().forEach(r::setProperty);
        if (db.user() != null) {
          r.setProperty("user", db.user());
        }
        if (db.password() != null) {
          r.setProperty("password", db.password());
        }
      }
      default ->
          throw new IllegalArgumentException("no JNDI factory for " + db.kind() + " on Tomcat");
    }
    return r;
  }

  @Override
  public void undeploy(Deployment deployment) {
    StandardContext ctx = (StandardContext) deployment.handle();
    host.removeChild(ctx);
  }

  @Override
  public void close() {
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException e) {
      throw new IllegalStateException("Tomcat did not stop", e);
    } finally {
      savedProps.forEach(
          (k, v) -> {
            if (v == null) {
              System.clearProperty(k);
            } else {
              System.setProperty(k, v);
            }
          });
    }
  }
}
