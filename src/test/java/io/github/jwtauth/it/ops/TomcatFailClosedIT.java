package io.github.jwtauth.it.ops;

import io.github.jwtauth.testsupport.Container;

/**
 * Fail-closed behaviour on Tomcat with H2 (TCP server) and PostgreSQL behind a switchable proxy.
 */
class TomcatFailClosedIT extends FailClosedContract {
  @Override
  Container.Kind containerKind() {
    return Container.Kind.TOMCAT;
  }
}
