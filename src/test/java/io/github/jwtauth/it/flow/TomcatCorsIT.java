package io.github.jwtauth.it.flow;

import io.github.jwtauth.testsupport.Container;

/** OPTIONS and CORS on Tomcat 11. */
class TomcatCorsIT extends CorsContract {
  @Override
  Container.Kind containerKind() {
    return Container.Kind.TOMCAT;
  }
}
