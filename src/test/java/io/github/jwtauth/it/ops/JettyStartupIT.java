package io.github.jwtauth.it.ops;

import io.github.jwtauth.testsupport.Container;

/** Start-up validation of the configuration on Jetty. */
class JettyStartupIT extends StartupContract {
  @Override
  Container.Kind containerKind() {
    return Container.Kind.JETTY;
  }
}
