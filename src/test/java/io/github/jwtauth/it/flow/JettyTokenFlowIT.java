package io.github.jwtauth.it.flow;

import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;

/** The token flow on Jetty 12, H2, DataSource through JNDI (jwt-auth.datasource). */
class JettyTokenFlowIT extends TokenFlowContract {
  @Override
  Container.Kind containerKind() {
    return Container.Kind.JETTY;
  }

  @Override
  Databases.Db database() {
    return Databases.h2(getClass().getSimpleName());
  }

  @Override
  boolean viaJndi() {
    return true;
  }
}
