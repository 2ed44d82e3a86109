package io.github.jwtauth.it.attack;

import io.github.jwtauth.testsupport.Container;

/** Hostile and malformed input on Tomcat, H2 by JDBC URL. */
class TomcatBadInputIT extends BadInputContract {
  @Override
  Container.Kind containerKind() {
    return Container.Kind.TOMCAT;
  }
}
