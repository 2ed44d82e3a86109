package io.github.jwtauth.it.flow;

import io.github.jwtauth.testsupport.Container;

/** Leak-detectable secrets and the standard OAuth endpoints on Jetty 12 (filter mode). */
class JettyOAuthEndpointsIT extends OAuthEndpointsContract {
  @Override
  Container.Kind containerKind() {
    return Container.Kind.JETTY;
  }
}
