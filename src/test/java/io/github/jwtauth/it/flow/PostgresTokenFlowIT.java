package io.github.jwtauth.it.flow;

import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;

/** The token flow on Tomcat 11, PostgreSQL, DataSource through JNDI (PGObjectFactory). */
class PostgresTokenFlowIT extends TokenFlowContract {
  @Override
  Container.Kind containerKind() {
    return Container.Kind.TOMCAT;
  }

  @Override
  Databases.Db database() {
    return Databases.postgres(getClass().getSimpleName());
  }

  @Override
  boolean viaJndi() {
    return true;
  }
}
