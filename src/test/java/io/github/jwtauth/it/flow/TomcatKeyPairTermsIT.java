package io.github.jwtauth.it.flow;

import io.github.jwtauth.testsupport.Container;

/** Key-pair expiry, roles and signing out everywhere on Tomcat 11 (filter mode), H2. */
class TomcatKeyPairTermsIT extends KeyPairTermsContract {
  @Override
  Container.Kind containerKind() {
    return Container.Kind.TOMCAT;
  }
}
