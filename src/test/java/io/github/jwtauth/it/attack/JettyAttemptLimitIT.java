package io.github.jwtauth.it.attack;

import io.github.jwtauth.testsupport.Container;

/** Failed-attempt limits on /token on Jetty. */
class JettyAttemptLimitIT extends AttemptLimitContract {
  @Override
  Container.Kind containerKind() {
    return Container.Kind.JETTY;
  }
}
