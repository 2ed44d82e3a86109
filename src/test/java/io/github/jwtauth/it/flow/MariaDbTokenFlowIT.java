package io.github.jwtauth.it.flow;

import io.github.jwtauth.testsupport.Container;
import io.github.jwtauth.testsupport.Databases;

/**
 * The token flow on Jetty 12, MariaDB, jwt-auth.jdbc-url (skipped without JWT_AUTH_TEST_MARIADB_URL
 * unless CI=true).
 */
class MariaDbTokenFlowIT extends TokenFlowContract {
  @Override
  Container.Kind containerKind() {
    return Container.Kind.JETTY;
  }

  @Override
  Databases.Db database() {
    return Databases.mariadb(getClass().getSimpleName());
  }

  @Override
  boolean viaJndi() {
    return false;
  }
}
