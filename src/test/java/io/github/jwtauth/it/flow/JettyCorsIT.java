package io.github.jwtauth.it.flow;

import io.github.jwtauth.testsupport.Container;

/** OPTIONS and CORS on Jetty 12. */
class JettyCorsIT extends CorsContract {
  @Override
  Container.Kind containerKind() {
    return Container.Kind.JETTY;
  }
}
