package io.github.jwtauth.testsupport;

import java.util.List;
import java.util.Map;

/**
 * An embedded servlet container with the demo users, listening on a random loopback port, onto
 * which {@link TestWebapp}s are deployed at unique context paths. Start one per test class. Not
 * thread-safe: deploy from one thread.
 */
public interface Container extends AutoCloseable {

  /** Demo users (password {@value #PASSWORD}) and their roles. */
  Map<String, List<String>> USERS =
      Map.of(
          "admin", List.of("administrator", "user"),
          "alice", List.of("user"),
          "bob", List.of("user"));

  String PASSWORD = "password";

  /** "jetty" or "tomcat". */
  String name();

  /**
   * Builds and deploys the webapp. Never throws for a webapp that fails to start: the returned
   * deployment says {@link Deployment#failed()} and carries the reason.
   */
  Deployment deploy(TestWebapp app);

  /** Stops and removes a deployment. */
  void undeploy(Deployment deployment);

  @Override
  void close();

  /** Kinds of container, for parameterised suites. */
  enum Kind {
    JETTY,
    TOMCAT;

    public Container start() {
      return this == JETTY ? new JettyContainer() : new TomcatContainer();
    }
  }
}
