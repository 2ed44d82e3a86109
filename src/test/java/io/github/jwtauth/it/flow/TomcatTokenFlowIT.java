package io.github.jwtauth.it.flow;

import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;

/** The token flow on Tomcat 11, H2, DataSource through JNDI (H2 JdbcDataSourceFactory). */
class TomcatTokenFlowIT extends TokenFlowContract {
  @Override
  Container.Kind containerKind() {
    return Container.Kind.TOMCAT;
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
