package io.github.jwtauth.it.profile;

import io.github.jwtauth.testsupport.Container;

/**
 * {@link ProfilePageIT} on Tomcat, whose BASIC login gives an existing session a new id (the tests
 * follow {@code Set-Cookie} as a browser does).
 */
class ProfilePageTomcatIT extends ProfilePageIT {
  @Override
  Container.Kind containerKind() {
    return Container.Kind.TOMCAT;
  }
}
