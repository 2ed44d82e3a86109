package io.github.jwtauth.it.attack;

import io.github.jwtauth.testsupport.Container;

/** Failed-attempt limits on /token on Tomcat. */
class TomcatAttemptLimitIT extends AttemptLimitContract {
  @Override
  Container.Kind containerKind() {
    return Container.Kind.TOMCAT;
  }
}
