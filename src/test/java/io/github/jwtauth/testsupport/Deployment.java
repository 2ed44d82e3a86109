package io.github.jwtauth.testsupport;

import java.net.URI;

/**
 * One webapp deployed on a {@link Container}: its base URI (ending without a slash), whether it
 * failed to start, and the failure text collected from the container (exception chain and logged
 * errors), so start-up tests can assert on both. Immutable.
 */
public record Deployment(
    Container container,
    TestWebapp app,
    String contextPath,
    URI baseUri,
    boolean failed,
    String failure,
    Object handle) {

  /** Base URI of the library routes ({@code <context>/jwt-auth/v1}). */
  public URI api() {
    return URI.create(baseUri + "/jwt-auth/v1");
  }

  /** Throws an AssertionError naming the failure if the webapp did not start. */
  public Deployment requireStarted() {
    if (failed) {
      throw new AssertionError(
          "webapp " + contextPath + " on " + container.name() + " failed to start: " + failure);
    }
    return this;
  }

  @Override
  public String toString() {
    return container.name() + baseUri + (failed ? " (FAILED)" : "");
  }
}
