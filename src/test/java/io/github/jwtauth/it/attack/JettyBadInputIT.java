package io.github.jwtauth.it.attack;

import io.github.jwtauth.testsupport.Container;

/** Hostile and malformed input on Jetty, H2 by JDBC URL. */
class JettyBadInputIT extends BadInputContract {
  @Override
  Container.Kind containerKind() {
    return Container.Kind.JETTY;
  }
}
