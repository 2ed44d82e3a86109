package io.github.jwtauth.it.flow;

import io.github.jwtauth.testsupport.Container;

/** Key-pair expiry, roles and signing out everywhere on Jetty 12 (filter mode), H2. */
class JettyKeyPairTermsIT extends KeyPairTermsContract {
  @Override
  Container.Kind containerKind() {
    return Container.Kind.JETTY;
  }
}
