package io.github.jwtauth.it.flow;

import io.github.jwtauth.testsupport.Container;

/** Leak-detectable secrets and the standard OAuth endpoints on Tomcat 11 (filter mode). */
class TomcatOAuthEndpointsIT extends OAuthEndpointsContract {
  @Override
  Container.Kind containerKind() {
    return Container.Kind.TOMCAT;
  }
}
